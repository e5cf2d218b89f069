from __future__ import annotations

import pytest

from danvan.dialogues import services
from danvan.dialogues.permissions import can_change, can_change_commitment
from danvan.organizations.models import Organization

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("username", "allowed"),
    [
        ("admin", True),
        ("hoanhson.canbo", True),
        ("hoanhson.chutich", True),
        ("tinh.danvan", False),
        ("songtri.canbo", False),
    ],
)
def test_who_may_change(held, persona, username, allowed):
    assert can_change(persona(username), held) is allowed


def test_the_owner_organisation_may_change_its_commitment(held, officer, persona):
    commitment = services.commitment_add(
        actor=officer,
        dialogue=held,
        text="Sông Trí phối hợp sửa cống",
        owner_organization=Organization.objects.get(code="songtri-ubnd"),
        due_on=held.held_on,
    )
    assert can_change_commitment(persona("songtri.canbo"), commitment)
    assert not can_change_commitment(persona("tinh.danvan"), commitment)


def test_admin_pages(held, client, persona):
    client.force_login(persona("admin"))
    response = client.get(f"/admin/dialogues/dialogue/{held.pk}/change/")
    assert response.status_code == 200
    assert held.title in response.content.decode()
