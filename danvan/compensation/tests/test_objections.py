"""Objections to a posted line: kept, registered as petitions, resolved back to posted."""

from __future__ import annotations

from decimal import Decimal

import pytest

from danvan.audit.models import AuditEvent
from danvan.compensation import objections, postings, services
from danvan.compensation.models import Household, HouseholdStatus, Objection, Payment
from danvan.compensation.tests.test_postings import days_ago, post_village, verified
from danvan.core.errors import InvalidTransition, ValidationFailed
from danvan.petitions.models import Petition

pytestmark = pytest.mark.django_db
BASE = "/api/v1/compensation"


@pytest.fixture
def household(marine):
    """A household of Hoành Sơn posted 45 days ago (the marine programme)."""
    marine.posting_days = 20
    marine.save()
    _posting, households = post_village(marine, ["Nguyễn Văn An"])
    return households[0]


def test_objection_becomes_a_petition(household, persona):
    actor = persona("hoanhson.canbo")
    objection = objections.objection_raise(
        actor=actor, household=household, on=days_ago(40), content="Công suất máy ghi thiếu."
    )
    household.refresh_from_db()
    assert household.status == "objecting"
    petition = objection.petition
    assert petition is not None
    assert petition.kind == "recommendation"
    assert petition.channel == "in_person"
    assert petition.organization.code == "hoanhson-ubnd"
    assert petition.admin_unit == household.admin_unit
    assert petition.received_on == days_ago(40)
    assert household.program.name in petition.content
    assert household.public_id in petition.content
    assert "Công suất máy ghi thiếu." in petition.content
    assert [p.full_name for p in petition.petitioners.all()] == ["Nguyễn Văn An"]
    assert petition.created_by == actor
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "compensation.objection_raise",
        "compensation.household_object",
        "petition.register",
    } <= actions


def test_objection_without_a_petition(household):
    objection = objections.objection_raise(
        actor=None,
        household=household,
        on=days_ago(40),
        content="Xin xem lại",
        register_petition=False,
    )
    assert objection.petition is None
    assert not Petition.objects.exists()


def test_resolving_the_last_open_objection_posts_the_household_again(household):
    first = objections.objection_raise(
        actor=None, household=household, on=days_ago(40), content="Thiếu một tháng"
    )
    second = objections.objection_raise(
        actor=None, household=household, on=days_ago(39), content="Thiếu một lao động"
    )
    household.refresh_from_db()
    assert household.status == "objecting"
    assert Petition.objects.count() == 2
    objections.objection_resolve(
        actor=None, objection=first, on=days_ago(35), resolution="Đã giải thích"
    )
    household.refresh_from_db()
    assert household.status == "objecting"
    objections.objection_resolve(
        actor=None, objection=second, on=days_ago(34), resolution="Đã bổ sung"
    )
    household.refresh_from_db()
    assert household.status == "posted"
    second.refresh_from_db()
    assert second.resolved_on == days_ago(34)
    assert second.resolution == "Đã bổ sung"
    with pytest.raises(InvalidTransition) as error:
        objections.objection_resolve(
            actor=None, objection=second, on=days_ago(30), resolution="Lại"
        )
    assert error.value.code == "already_resolved"


def test_objection_needs_a_posted_household(marine):
    household = verified(marine, "Nguyễn Văn An")
    with pytest.raises(InvalidTransition):
        objections.objection_raise(
            actor=None, household=household, on=days_ago(1), content="Không đồng ý"
        )
    assert not Objection.objects.exists()
    assert not Petition.objects.exists()


@pytest.mark.parametrize(
    ("on", "content", "field"),
    [
        (40, "  ", "content"),
        (40, "A\x00B", "content"),
        (50, "Không đồng ý", "on"),  # before the posting
        (-1, "Không đồng ý", "on"),  # tomorrow
    ],
)
def test_objection_bad_input(household, on, content, field):
    with pytest.raises(ValidationFailed) as error:
        objections.objection_raise(
            actor=None, household=household, on=days_ago(on), content=content
        )
    assert error.value.field == field
    assert not Objection.objects.exists()
    assert not Petition.objects.exists()
    household.refresh_from_db()
    assert household.status == "posted"


def test_resolution_bad_input(household):
    objection = objections.objection_raise(
        actor=None, household=household, on=days_ago(40), content="Thiếu"
    )
    for on, resolution, field in [(41, "Đã giải thích", "on"), (30, " ", "resolution")]:
        with pytest.raises(ValidationFailed) as error:
            objections.objection_resolve(
                actor=None, objection=objection, on=days_ago(on), resolution=resolution
            )
        assert error.value.field == field
    objection.refresh_from_db()
    assert objection.resolved_on is None
    household.refresh_from_db()
    assert household.status == "objecting"


def test_the_api_keeps_objections(household, api_client_for):
    officer = api_client_for("hoanhson.canbo")
    url = f"{BASE}/households/{household.public_id}"
    response = officer.post(
        f"{url}/object/", {"on": str(days_ago(40)), "reason": "Thiếu người"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "objecting"
    objection = Objection.objects.get(household=household)
    assert objection.content == "Thiếu người"
    assert objection.petition is not None
    assert objection.petition.kind == "recommendation"
    # A further point while objecting: a second objection (and petition); still objecting.
    response = officer.post(
        f"{url}/object/", {"on": str(days_ago(40)), "reason": "Lần nữa"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "objecting"
    assert Objection.objects.filter(household=household).count() == 2
    response = officer.post(
        f"{url}/resolve/", {"on": str(days_ago(38)), "resolution": "Đã rà soát"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "posted"
    objection.refresh_from_db()
    assert objection.resolved_on == days_ago(38)
    assert objection.resolution == "Đã rà soát"
    assert not Objection.objects.filter(household=household, resolved_on__isnull=True).exists()
    response = officer.post(
        f"{url}/resolve/", {"on": str(days_ago(38)), "resolution": "Lần nữa"}, format="json"
    )
    assert response.status_code == 409


def test_the_pipeline_service_still_objects_and_resolves(household):
    services.household_object(actor=None, household=household, on=days_ago(40), reason="Thiếu")
    assert household.status == "objecting"
    services.household_resolve(
        actor=None, household=household, on=days_ago(39), resolution="Đã giải thích"
    )
    assert household.status == "posted"
    assert Objection.objects.get(household=household).resolved_on == days_ago(39)


# ---------------------------------------------------------------- web screens


def test_household_page_shows_objections_and_their_petitions(client, persona, household):
    objection = objections.objection_raise(
        actor=None, household=household, on=days_ago(40), content="Công suất máy ghi thiếu."
    )
    client.force_login(persona("hoanhson.canbo"))
    page = client.get(f"/compensation/households/{household.public_id}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Công suất máy ghi thiếu." in html
    assert objection.petition is not None
    assert f"/petitions/{objection.petition.public_id}/" in html
    assert f"/compensation/objections/{objection.public_id}/resolve/" in html
    assert f"/compensation/households/{household.public_id}/objections/" in html


def test_raise_and_resolve_on_the_web(client, persona, household):
    client.force_login(persona("hoanhson.canbo"))
    url = f"/compensation/households/{household.public_id}/objections/"
    response = client.post(
        url,
        {
            "objection-on": str(days_ago(40)),
            "objection-content": "Thiếu một lao động",
            "objection-register_petition": "on",
            "objection-channel": "dialogue",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith(f"/compensation/households/{household.public_id}/")
    objection = Objection.objects.get()
    assert objection.petition is not None
    assert objection.petition.channel == "dialogue"
    household.refresh_from_db()
    assert household.status == "objecting"
    response = client.post(
        f"/compensation/objections/{objection.public_id}/resolve/",
        {"resolve-on": str(days_ago(38)), "resolve-resolution": "Đã bổ sung lao động"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/compensation/households/")
    household.refresh_from_db()
    assert household.status == "posted"


def test_objection_form_bad_input(client, persona, household):
    client.force_login(persona("hoanhson.canbo"))
    url = f"/compensation/households/{household.public_id}/objections/"
    for data, field in [
        ({"objection-on": str(days_ago(40)), "objection-channel": "in_person"}, "content"),
        (
            {
                "objection-on": "2025-13-01",
                "objection-content": "x",
                "objection-channel": "in_person",
            },
            "on",
        ),
        (
            {
                "objection-on": str(days_ago(60)),
                "objection-content": "x",
                "objection-channel": "in_person",
            },
            "on",
        ),
        (
            {"objection-on": str(days_ago(40)), "objection-content": "x", "objection-channel": "?"},
            "channel",
        ),
    ]:
        response = client.post(url, data)
        assert response.status_code == 400, data
        assert response.context["form"].errors[field]
    assert (
        "trước ngày niêm yết"
        in client.post(
            url, data | {"objection-on": str(days_ago(60)), "objection-channel": "in_person"}
        ).content.decode()
    )
    assert not Objection.objects.exists()
    assert not Petition.objects.exists()


def test_objection_on_a_household_not_posted(client, persona, marine):
    household = verified(marine, "Trần Thị Hoa")
    client.force_login(persona("hoanhson.canbo"))
    response = client.post(
        f"/compensation/households/{household.public_id}/objections/",
        {"objection-on": str(days_ago(1)), "objection-content": "x", "objection-channel": "post"},
        follow=True,
    )
    assert "Không thể thực hiện" in response.content.decode()
    assert not Objection.objects.exists()


def test_objection_scope_and_rights(client, persona, household):
    objection = objections.objection_raise(
        actor=None, household=household, on=days_ago(40), content="Thiếu"
    )
    raise_url = f"/compensation/households/{household.public_id}/objections/"
    resolve_url = f"/compensation/objections/{objection.public_id}/resolve/"
    data = {"resolve-on": str(days_ago(38)), "resolve-resolution": "Xong"}
    client.force_login(persona("songtri.canbo"))
    assert client.get(raise_url).status_code == 404
    assert client.post(resolve_url, data).status_code == 404
    client.force_login(persona("tinh.danvan"))
    assert client.get(f"/compensation/households/{household.public_id}/").status_code == 200
    assert client.post(raise_url, {"objection-content": "x"}).status_code == 403
    assert client.post(resolve_url, data).status_code == 403
    objection.refresh_from_db()
    assert objection.resolved_on is None
    assert Objection.objects.count() == 1


@pytest.mark.parametrize("status", [s for s in HouseholdStatus.values if s != "posted"])
def test_illegal_transitions_of_this_area(household, status):
    """Each action of postings, objections, approval and payment from a state it does not
    start from: refused, nothing saved."""
    Household.objects.filter(pk=household.pk).update(status=status)
    household.refresh_from_db()
    on = days_ago(30)
    attempts = {
        "object": (
            ("posted", "objecting"),
            lambda: objections.objection_raise(actor=None, household=household, on=on, content="x"),
        ),
        "resolve": (
            ("objecting",),
            lambda: services.household_resolve(
                actor=None, household=household, on=on, resolution="x"
            ),
        ),
        "approve": (
            ("posted",),
            lambda: services.household_approve(actor=None, household=household, on=on),
        ),
        "pay": (
            ("approved",),
            lambda: services.household_pay(
                actor=None, household=household, on=on, amount=Decimal(1), receiver="x"
            ),
        ),
    }
    for name, (sources, attempt) in attempts.items():
        if status in sources:
            continue
        with pytest.raises(InvalidTransition):
            attempt()
        assert Household.objects.get(pk=household.pk).status == status, name
    blocker = postings.approval_blocker(None, household.program, household, days_ago(0))
    assert blocker is not None
    assert not Objection.objects.exists()
    assert not Payment.objects.exists()
