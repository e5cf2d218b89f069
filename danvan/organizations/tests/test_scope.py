"""Scope rules as a role × organisation matrix over records placed across the demo area.

Given the demo personas and records in wards, villages, former units, another province,
owned by or forwarded to an organisation; when each persona asks; then each sees exactly
its scope, and other records answer 404 in the UI and the API."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.organizations.models import Membership, Organization
from danvan.organizations.scope import filter_in_scope, record_in_scope
from danvan.organizations.services import membership_add, membership_end
from danvan.places.models import AdminUnit
from tests.scoping.models import ScopedRecord

pytestmark = pytest.mark.django_db


def current(code: str) -> AdminUnit:
    return AdminUnit.objects.get(code=code, valid_to__isnull=True)


def former(code: str) -> AdminUnit:
    return AdminUnit.objects.get(code=code, valid_to__isnull=False)


@pytest.fixture
def records() -> dict[str, ScopedRecord]:
    hoanhson = current("18832")
    other_province_ward = (
        AdminUnit.objects.filter(level="commune", valid_to__isnull=True)
        .exclude(path__startswith=current("42").path)
        .first()
    )
    tan_phuc_thanh = AdminUnit.objects.get(
        level="village", valid_to__isnull=False, search_name="thon tan phuc thanh"
    )
    made = {
        "hoanhson": ScopedRecord(title="hoanhson", admin_unit=hoanhson),
        "hoanhson_village": ScopedRecord(
            title="hoanhson_village",
            admin_unit=AdminUnit.objects.filter(level="village", parent=hoanhson).first(),
        ),
        "kyloi_2018": ScopedRecord(title="kyloi_2018", admin_unit=former("18796")),
        "tanphucthanh_2018": ScopedRecord(title="tanphucthanh_2018", admin_unit=tan_phuc_thanh),
        "songtri": ScopedRecord(title="songtri", admin_unit=current("18754")),
        "province_level": ScopedRecord(title="province_level", admin_unit=current("42")),
        "other_province": ScopedRecord(title="other_province", admin_unit=other_province_ward),
        "owned_by_hoanhson": ScopedRecord(
            title="owned_by_hoanhson",
            admin_unit=other_province_ward,
            organization=Organization.objects.get(code="hoanhson-ubnd"),
        ),
        "vungang_forwarded_to_songtri": ScopedRecord(
            title="vungang_forwarded_to_songtri", admin_unit=current("18823")
        ),
    }
    for record in made.values():
        record.save()
    made["vungang_forwarded_to_songtri"].forwarded_to.add(
        Organization.objects.get(code="songtri-ubnd")
    )
    return made


ALL = {
    "hoanhson",
    "hoanhson_village",
    "kyloi_2018",
    "tanphucthanh_2018",
    "songtri",
    "province_level",
    "other_province",
    "owned_by_hoanhson",
    "vungang_forwarded_to_songtri",
}
HA_TINH = ALL - {"other_province", "owned_by_hoanhson"}

EXPECTED = {
    # A ward officer and the ward's head: the ward, its villages, the former units it
    # succeeded (Kỳ Lợi, Tân Phúc Thành), and what their organisation owns.
    "hoanhson.canbo": {
        "hoanhson",
        "hoanhson_village",
        "kyloi_2018",
        "tanphucthanh_2018",
        "owned_by_hoanhson",
    },
    "hoanhson.chutich": {
        "hoanhson",
        "hoanhson_village",
        "kyloi_2018",
        "tanphucthanh_2018",
        "owned_by_hoanhson",
    },
    # Sông Trí did not succeed Kỳ Lợi; it sees what was forwarded to it.
    "songtri.canbo": {"songtri", "vungang_forwarded_to_songtri"},
    # The provincial board's specialist sees everything beneath the province.
    "tinh.danvan": HA_TINH,
    "admin": ALL,
}


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_each_persona_sees_exactly_its_scope(username, records, persona):
    user = persona(username)

    visible = set(
        filter_in_scope(
            ScopedRecord.objects.all(), user, forwarded_field="forwarded_to"
        ).values_list("title", flat=True)
    )

    assert visible == EXPECTED[username]
    for name, record in records.items():
        assert record_in_scope(persona(username), record) is (name in EXPECTED[username])


def test_a_provincial_officer_sees_province_level_records_not_the_wards(records, persona):
    user = persona("songtri.canbo")
    membership_end(actor=None, membership=Membership.objects.get(user=user), on=dt.date(2026, 1, 1))
    membership_add(
        actor=None,
        user=user,
        organization=Organization.objects.get(code="ht-ubnd"),
        role=Membership.Role.OFFICER,
    )
    user = persona("songtri.canbo")  # a fresh object: scope is cached per user object

    visible = set(filter_in_scope(ScopedRecord.objects.all(), user).values_list("title", flat=True))

    assert visible == {"province_level"}


def test_an_ended_membership_sees_nothing(records, persona):
    user = persona("songtri.canbo")
    membership_end(actor=None, membership=Membership.objects.get(user=user), on=dt.date(2026, 1, 1))

    assert not filter_in_scope(ScopedRecord.objects.all(), persona("songtri.canbo")).exists()


def test_the_forwarded_filter_does_not_repeat_rows(records, persona):
    record = records["vungang_forwarded_to_songtri"]
    record.forwarded_to.add(Organization.objects.get(code="songtri-mttq"))
    user = persona("songtri.canbo")
    Membership.objects.create(
        user=user, organization=Organization.objects.get(code="songtri-mttq"), role="officer"
    )

    titles = list(
        filter_in_scope(
            ScopedRecord.objects.all(), persona("songtri.canbo"), forwarded_field="forwarded_to"
        ).values_list("title", flat=True)
    )

    assert titles.count("vungang_forwarded_to_songtri") == 1


@pytest.mark.parametrize(
    ("username", "record", "status"),
    [
        ("hoanhson.canbo", "kyloi_2018", 200),
        ("hoanhson.canbo", "songtri", 404),
        ("songtri.canbo", "hoanhson", 404),
        ("songtri.canbo", "vungang_forwarded_to_songtri", 200),
        ("tinh.danvan", "tanphucthanh_2018", 200),
        ("tinh.danvan", "other_province", 404),
    ],
)
def test_records_outside_the_scope_answer_404_in_ui_and_api(
    username, record, status, records, persona, client, api_client_for
):
    client.force_login(persona(username))
    pk = records[record].pk

    ui = client.get(f"/scoping/{pk}/")
    api = api_client_for(username).get(f"/api/v1/scoping/{pk}/")

    assert ui.status_code == status
    assert api.status_code == status
    if status == 404:
        assert api.json()["errors"][0]["code"] == "not_found"


def test_api_list_returns_only_records_in_scope(records, api_client_for):
    response = api_client_for("songtri.canbo").get("/api/v1/scoping/")

    assert {row["title"] for row in response.json()} == EXPECTED["songtri.canbo"]


def test_unknown_ids_answer_404_like_records_out_of_scope(api_client_for):
    response = api_client_for("hoanhson.canbo").get("/api/v1/scoping/999999/")

    assert response.status_code == 404
