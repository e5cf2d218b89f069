"""Supervision across organisations: urging, assignment from outside, list reveals."""

from __future__ import annotations

import pytest

from danvan.audit.models import AuditEvent
from danvan.organizations.models import Membership, Organization
from danvan.petitions import services
from danvan.petitions.confidentiality import petitioners_for_many
from danvan.petitions.selectors import petition_for, visible_petitions
from danvan.petitions.tests.conftest import d

pytestmark = pytest.mark.django_db


def test_the_provincial_specialist_may_urge_but_not_accept(register, api_client_for):
    petition = register(received_on=d("2026-02-10"))
    client = api_client_for("tinh.danvan")
    services.petition_accept(actor=petition.created_by, petition=petition, on=d("2026-02-11"))

    urged = client.post(
        f"/api/v1/petitions/{petition.public_id}/urge/",
        {"on": "2026-04-10", "note": "Đề nghị giải quyết đúng hạn"},
        format="json",
    )
    resolve = client.post(
        f"/api/v1/petitions/{petition.public_id}/resolve/",
        {"on": "2026-04-10", "outcome": "upheld", "summary": "x"},
        format="json",
    )

    assert urged.status_code == 200
    assert resolve.status_code == 403


def test_an_officer_assigned_from_another_organisation_sees_the_case(register, persona):
    petition = register()
    outsider = persona("songtri.canbo")
    assert petition not in visible_petitions(outsider)

    services.petition_assign(
        actor=persona("hoanhson.chutich"), petition=petition, user=outsider, on=d("2026-02-11")
    )

    assert petition_for(persona("songtri.canbo"), petition.public_id) == petition


def test_list_reveals_are_logged_in_one_insert(register, persona):
    officer, chairman = persona("hoanhson.canbo"), persona("hoanhson.chutich")
    cases = [register(kind="denunciation") for _ in range(3)]
    for case in cases:
        services.petition_assign(actor=chairman, petition=case, user=officer, on=d("2026-02-11"))
    from danvan.petitions.selectors import with_list_data

    rows = list(with_list_data(visible_petitions(officer)).filter(kind="denunciation"))

    shown = petitioners_for_many(officer, rows, surface="export")

    assert all(people for people in shown.values())
    reveals = AuditEvent.objects.filter(action="petition.identity_reveal", note="export")
    assert reveals.count() == 3
    assert not any(petitioners_for_many(chairman, rows, surface="export").values())


def test_errors_of_list_items_name_the_item(api_client_for):
    response = api_client_for("hoanhson.canbo").post(
        "/api/v1/petitions/",
        {
            "kind": "feedback",
            "channel": "phone",
            "received_on": "2026-03-02",
            "content": "Đèn đường hỏng",
            "petitioners": [{"full_name": "An"}, {"full_name": ""}],
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "petitioners[1].full_name"


def test_memberships_do_not_leak_between_tests():
    assert Membership.objects.filter(organization__code="hoanhson-ubnd").count() == 2
    assert Organization.objects.filter(code="hoanhson-ubnd").exists()
