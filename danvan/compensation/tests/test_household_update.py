"""Correcting a household's particulars before approval, and finding it again by them."""

from __future__ import annotations

import pytest

from danvan.audit.models import AuditEvent
from danvan.compensation import services
from danvan.compensation.models import Household
from danvan.compensation.tests.test_views_programs import (
    ON,
    action_url,
    household_url,
    login,
    make,
    program_url,
)
from danvan.core.errors import InvalidTransition, ValidationFailed

pytestmark = pytest.mark.django_db


def test_update_corrects_the_particulars_and_the_search_finds_the_new_name(client, persona, marine):
    officer = persona("hoanhson.canbo")
    household = make(marine, officer, name="Nguyễn Văn An")
    login(client, persona, "hoanhson.canbo")
    response = client.post(
        action_url(household, "update"),
        {
            "update-head_full_name": "Nguyễn Văn Ân",
            "update-id_number": "042012345678",
            "update-village": "Thôn Đông Yên",
            "update-address": "Xóm 2",
            "update-members": "Nguyễn Văn Ân\nLê Thị Hồng",
            "update-note": "Sai dấu tên chủ hộ trong danh sách thôn gửi lên.",
        },
    )
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.head_full_name == "Nguyễn Văn Ân"
    assert household.members == ["Nguyễn Văn Ân", "Lê Thị Hồng"]
    assert household.search_text == "nguyen van an 042012345678 " + (
        f"{household.public_id.lower()} thon dong yen xom 2"
    )
    event = AuditEvent.objects.get(action="compensation.household_update")
    assert event.changes["head_full_name"] == {"before": "Nguyễn Văn An", "after": "Nguyễn Văn Ân"}
    listed = client.get(program_url(marine, q="dong yen"))
    assert [row.household.pk for row in listed.context["rows"]] == [household.pk]


def test_bad_update_changes_nothing(client, persona, marine):
    household = make(marine, persona("hoanhson.canbo"))
    login(client, persona, "hoanhson.canbo")
    response = client.post(
        action_url(household, "update"),
        {"update-head_full_name": "Nguyễn Văn An", "update-id_number": "12ab", "update-note": "x"},
    )
    assert response.status_code == 400
    assert "12 chữ số" in response.content.decode()
    household.refresh_from_db()
    assert household.id_number == ""
    assert not AuditEvent.objects.filter(action="compensation.household_update").exists()


def test_no_update_after_approval(marine):
    household = make(marine, None)
    services.household_declare(actor=None, household=household, on=ON)
    services.asset_add(
        actor=None,
        household=household,
        asset_category="lost_income_worker",
        quantity=1,
        attributes={"months": 6},
    )
    for step in ("inventory", "verify", "post", "approve"):
        getattr(services, f"household_{step}")(actor=None, household=household, on=ON)
    with pytest.raises(InvalidTransition):
        services.household_update(actor=None, household=household, head_full_name="Khác")
    with pytest.raises(ValidationFailed):
        services.household_update(
            actor=None, household=make(marine, None, name="B"), head_full_name=" "
        )
    assert Household.objects.get(pk=household.pk).head_full_name == "Nguyễn Văn An"


def test_outsiders_cannot_update(client, persona, marine):
    household = make(marine, persona("hoanhson.canbo"))
    payload = {"update-head_full_name": "X", "update-note": "x"}
    assert (
        login(client, persona, "tinh.danvan")
        .post(action_url(household, "update"), payload)
        .status_code
        == 403
    )
    assert (
        login(client, persona, "songtri.canbo")
        .post(action_url(household, "update"), payload)
        .status_code
        == 404
    )
    assert login(client, persona, "hoanhson.canbo").get(household_url(household)).status_code == 200
