"""Officers are managed in the administration screens, and every change is audited."""

from __future__ import annotations

import pytest

from danvan.accounts.models import User
from danvan.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Mat-khau-dai-2026!"


def test_an_administrator_adds_an_officer_through_the_service(client, persona):
    client.force_login(persona("admin"))

    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "moi.canbo",
            "full_name": "Nguyễn Văn Mới",
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    user = User.objects.get(username="moi.canbo")
    assert user.full_name == "Nguyễn Văn Mới"
    assert user.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action="user.create", target_id=str(user.pk))
    assert event.actor_label == "admin"
    assert event.source == "admin"


def test_changing_an_officer_and_the_password_is_audited_without_the_password(client, persona):
    admin, officer = persona("admin"), persona("songtri.canbo")
    client.force_login(admin)

    client.post(
        f"/admin/accounts/user/{officer.pk}/change/",
        {
            "username": officer.username,
            "full_name": officer.full_name,
            "email": "lan@songtri.example",
            "phone": "",
            "is_active": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "08:00:00",
        },
    )
    client.post(
        f"/admin/accounts/user/{officer.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )

    officer.refresh_from_db()
    assert officer.email == "lan@songtri.example"
    assert officer.check_password(NEW_PASSWORD)
    update = AuditEvent.objects.get(action="user.update", target_id=str(officer.pk))
    assert update.changes == {"email": {"before": "", "after": "lan@songtri.example"}}
    password = AuditEvent.objects.get(action="user.set_password", target_id=str(officer.pk))
    assert password.actor == admin
    assert NEW_PASSWORD not in str(password.changes)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/organizations/organization/add/",
        "/admin/organizations/membership/",
        "/admin/places/adminunit/",
        "/admin/places/adminunitsuccession/",
        "/admin/deadlines/legalrule/",
        "/admin/deadlines/calendarday/add/",
        "/admin/audit/auditevent/",
        "/admin/accounts/user/",
    ],
)
def test_the_administration_screens_open(url, client, persona):
    client.force_login(persona("admin"))

    assert client.get(url).status_code == 200


def test_officers_cannot_open_the_administration_screens(client, persona):
    client.force_login(persona("hoanhson.chutich"))

    assert client.get("/admin/").status_code == 302
