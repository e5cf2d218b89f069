"""`GET /api/v1/petitions/`: scope, filters, pagination, constant query counts, and the
denouncer's identity in details, lists and search results."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.api.tests.test_errors import assert_error_shape
from danvan.audit.models import AuditEvent
from danvan.organizations.models import Organization
from danvan.petitions import services
from danvan.petitions.serializers import PetitionerSerializer
from danvan.petitions.services import PetitionerInput
from danvan.petitions.tests.conftest import d
from danvan.petitions.tests.test_api_register import URL, payload
from danvan.places.models import AdminUnit

pytestmark = pytest.mark.django_db

DENOUNCER = {"full_name": "Phạm Văn Dũng", "address": "Tổ dân phố Ba Đồng"}


def titles(client: Any, **params: Any) -> set[str]:
    response = client.get(URL, params)
    assert response.status_code == 200, response.json()
    return {row["title"] for row in response.json()["results"]}


def reveals() -> list[tuple[str, str]]:
    return [
        (event.actor_label, event.note)
        for event in AuditEvent.objects.filter(action="petition.identity_reveal").order_by("id")
    ]


# ---------------------------------------------------------------- confidentiality


def test_a_denouncers_identity_is_shown_only_to_assigned_officers(api_client_for):
    # Given a denunciation registered by the ward's officer
    officer, chairman = api_client_for("hoanhson.canbo"), api_client_for("hoanhson.chutich")
    province = api_client_for("tinh.danvan")
    response = officer.post(
        URL,
        payload(kind="denunciation", title="Tố cáo sai phạm", petitioners=[DENOUNCER]),
        format="json",
    )
    case_id = response.json()["id"]

    # Then nobody sees the denouncer: not in the detail, the list, or a search by name
    for client in (officer, chairman, province):
        detail = client.get(f"{URL}{case_id}/").json()
        assert detail["petitioners"] is None
        assert detail["identity_protected"] is True
        rows = client.get(URL, {"kind": "denunciation"}).json()["results"]
        assert [(r["petitioners"], r["identity_protected"]) for r in rows] == [(None, True)]
        assert titles(client, q="pham van dung") == set()
        assert "Phạm Văn Dũng" not in client.get(URL).content.decode()
    assert reveals() == []

    # When the head assigns the officer to the case
    assigned = chairman.post(
        f"{URL}{case_id}/assign/", {"on": "2026-02-11", "username": "hoanhson.canbo"}, format="json"
    )
    assert assigned.json()["petitioners"] is None  # the head is not assigned himself

    # Then the assigned officer sees the identity, finds the case by the name, and each reveal
    # is logged; the others still do not
    detail = officer.get(f"{URL}{case_id}/").json()
    assert detail["identity_protected"] is False
    assert [p["full_name"] for p in detail["petitioners"]] == ["Phạm Văn Dũng"]
    assert titles(officer, q="pham van dung") == {"Tố cáo sai phạm"}
    listed = officer.get(URL, {"q": "Phạm Văn Dũng"}).json()["results"]
    assert listed[0]["petitioners"][0]["full_name"] == "Phạm Văn Dũng"
    officer_label = reveals()[0][0]
    assert reveals() == [
        (officer_label, "api"),
        (officer_label, "api_list"),
        (officer_label, "api_list"),
    ]
    assert chairman.get(f"{URL}{case_id}/").json()["petitioners"] is None
    assert titles(chairman, q="pham van dung") == set()
    assert len(reveals()) == 3


def test_other_kinds_show_their_petitioners_without_logging(api_client_for):
    officer = api_client_for("hoanhson.canbo")
    officer.post(URL, payload(kind="complaint", title="Khiếu nại"), format="json")

    rows = officer.get(URL).json()["results"]

    assert rows[0]["identity_protected"] is False
    assert rows[0]["petitioners"][0]["full_name"] == "Nguyễn Văn An"
    assert titles(officer, q="nguyen van an") == {"Khiếu nại"}
    assert reveals() == []


# ---------------------------------------------------------------- filters


@pytest.fixture
def cases(register: Any, persona: Any) -> dict[str, Any]:
    """Four Hoành Sơn cases, one in former Kỳ Lợi, and one of Sông Trí."""
    officer = persona("hoanhson.canbo")
    kyloi = AdminUnit.objects.get(code="18796", valid_to__isnull=False)
    made = {
        "old": register(title="Đơn cũ quá hạn", received_on=d("2026-01-05")),
        "new": register(
            title="Đất đai Ba Đồng",
            content="Tranh chấp đất đai ở tổ dân phố Ba Đồng.",
            received_on=d("2026-11-20"),
            kind="feedback",
            petitioners=[PetitionerInput(full_name="Lê Thị Hoa")],
        ),
        "archived": register(title="Đã lưu", received_on=d("2026-06-01")),
        "kyloi": register(title="Từ Kỳ Lợi", admin_unit=kyloi, received_on=d("2024-05-06")),
        "songtri": register(
            title="Việc của Sông Trí",
            organization=Organization.objects.get(code="songtri-ubnd"),
            admin_unit=AdminUnit.objects.get(code="18754", valid_to__isnull=True),
            actor=persona("songtri.canbo"),
        ),
    }
    services.petition_archive(actor=officer, petition=made["archived"], on=d("2026-06-02"))
    services.petition_classify(
        actor=officer, petition=made["new"], on=d("2026-11-21"), topic=_topic("land")
    )
    return made


def _topic(code: str) -> Any:
    from danvan.petitions.models import Topic

    return Topic.objects.get(code=code)


def test_the_list_shows_only_what_the_user_may_see(cases, api_client_for):
    assert titles(api_client_for("songtri.canbo")) == {"Việc của Sông Trí"}
    assert "Việc của Sông Trí" not in titles(api_client_for("hoanhson.canbo"))
    assert len(titles(api_client_for("tinh.danvan"))) == 5
    assert len(titles(api_client_for("admin"))) == 5


def test_filters(cases, api_client_for):
    officer = api_client_for("hoanhson.canbo")

    assert titles(officer, status="archived") == {"Đã lưu"}
    assert titles(officer, kind="feedback") == {"Đất đai Ba Đồng"}
    assert titles(officer, topic="land") == {"Đất đai Ba Đồng"}
    assert "Đơn cũ quá hạn" in titles(officer, overdue="true")
    assert "Đã lưu" not in titles(officer, overdue="true")
    assert titles(officer, received_from="2026-11-01") == {"Đất đai Ba Đồng"}
    assert titles(officer, received_from="2026-01-01", received_to="2026-01-31") == {
        "Đơn cũ quá hạn"
    }
    assert titles(officer, q="dat dai") == {"Đất đai Ba Đồng"}
    assert titles(officer, q="ĐẤT ĐAI") == {"Đất đai Ba Đồng"}
    assert titles(officer, q="le thi hoa") == {"Đất đai Ba Đồng"}
    # A unit's code finds its cases, including those filed against the units it replaced.
    assert "Từ Kỳ Lợi" in titles(officer, admin_unit="18832")
    assert titles(officer, admin_unit="18796") == {"Từ Kỳ Lợi"}
    assert titles(api_client_for("tinh.danvan"), admin_unit="18754") == {"Việc của Sông Trí"}


@pytest.mark.parametrize(
    ("params", "code", "field"),
    [
        ({"status": "lost"}, "invalid_status", "status"),
        ({"kind": "petition"}, "invalid_kind", "kind"),
        ({"received_from": "2026-02-30"}, "invalid_date", "received_from"),
        ({"received_to": "hôm qua"}, "invalid_date", "received_to"),
        (
            {"received_from": "2026-03-01", "received_to": "2026-02-01"},
            "invalid_range",
            "received_from",
        ),
        ({"overdue": "maybe"}, "invalid", "overdue"),
        ({"admin_unit": "99999"}, "unknown_admin_unit", "admin_unit"),
        ({"topic": "khong-co"}, "unknown_topic", "topic"),
    ],
)
def test_invalid_filters_are_400(api_client_for, params, code, field):
    errors = assert_error_shape(api_client_for("hoanhson.canbo").get(URL, params), 400, code)

    assert errors[0]["field"] == field


def test_page_pagination(register, api_client_for):
    for n in range(5):
        register(title=f"Đơn số {n}", content=f"Nội dung riêng số {n} về việc khác nhau {n * 7}.")
    officer = api_client_for("hoanhson.canbo")

    first = officer.get(URL, {"page_size": 2}).json()
    last = officer.get(URL, {"page_size": 2, "page": 3}).json()

    assert first["count"] == 5
    assert len(first["results"]) == 2
    assert first["next"]
    assert first["previous"] is None
    assert len(last["results"]) == 1
    assert_error_shape(officer.get(URL, {"page_size": 2, "page": 9}), 404, "not_found")


# ---------------------------------------------------------------- query counts


def _list_queries(client: Any) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL, {"page_size": 50})
    assert response.status_code == 200
    return len(context.captured_queries), len(response.json()["results"])


@pytest.mark.parametrize("username", ["hoanhson.canbo", "tinh.danvan", "admin"])
def test_the_list_costs_the_same_queries_for_3_and_30_petitions(
    register, persona, api_client_for, username
):
    # Given 3 cases of every shape (duplicates, forwarded, paused, extended, assigned
    # denunciation) and then 30
    officer = persona("hoanhson.canbo")
    songtri = Organization.objects.get(code="songtri-ubnd")

    def make(count: int) -> None:
        for n in range(count):
            petition = register(kind=["complaint", "feedback", "denunciation"][n % 3])
            if n % 3 == 0:
                services.petition_accept(actor=officer, petition=petition, on=d("2026-02-11"))
                services.petition_pause(
                    actor=officer, petition=petition, on=d("2026-02-12"), reason="Chờ"
                )
            elif n % 3 == 1:
                services.petition_forward(
                    actor=officer, petition=petition, on=d("2026-02-11"), to_organization=songtri
                )
            else:
                services.petition_assign(
                    actor=persona("hoanhson.chutich"),
                    petition=petition,
                    user=persona("hoanhson.chutich"),
                    on=d("2026-02-11"),
                )
                services.petition_extend(
                    actor=officer, petition=petition, on=d("2026-02-11"), days=2, reason="Thêm"
                )

    # (a fresh client each time: the user object caches its memberships and scope)
    make(3)
    few, shown_few = _list_queries(api_client_for(username))
    make(27)
    many, shown_many = _list_queries(api_client_for(username))

    # Then listing them costs the same number of queries (the denunciations are assigned to
    # someone else, so no reveal is logged for this reader)
    assert (shown_few, shown_many) == (3, 30)
    assert few == many


def test_a_page_builds_the_petitioners_representation_once(register, api_client_for, monkeypatch):
    # Given 12 cases with their petitioners
    for n in range(12):
        register(title=f"Kiến nghị {n}", content=f"Nội dung kiến nghị thứ {n} về con đường {n}.")
    built: list[int] = []
    original = PetitionerSerializer.get_fields

    def counting(serializer: PetitionerSerializer) -> Any:
        built.append(1)
        return original(serializer)

    monkeypatch.setattr(PetitionerSerializer, "get_fields", counting)

    # When an officer lists them
    rows = api_client_for("hoanhson.canbo").get(URL, {"page_size": 50}).json()["results"]

    # Then each row shows its petitioners, from one serializer built once for the page
    assert len(rows) == 12
    assert all(row["petitioners"] for row in rows)
    assert len(built) == 1
