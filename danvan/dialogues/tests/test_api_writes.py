from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from danvan.audit.models import AuditEvent
from danvan.dialogues.models import Commitment

pytestmark = pytest.mark.django_db
BASE = "/api/v1/dialogues"


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def client(api_client_for):
    return api_client_for("hoanhson.canbo")


def test_hold_then_minutes_of_the_meeting(plan, client):
    dialogue = plan()
    response = client.post(
        f"{BASE}/{dialogue.public_id}/hold/",
        {"held_on": dialogue.held_on.isoformat(), "summary": "Đã đối thoại"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "held"

    response = client.post(
        f"{BASE}/{dialogue.public_id}/issues/",
        {"text": "Đề nghị chi trả sớm", "raised_by": "Ông Nam"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["issues"][0]["raised_by"] == "Ông Nam"

    response = client.post(
        f"{BASE}/{dialogue.public_id}/commitments/",
        {
            "text": "Chi trả trong tháng",
            "owner": "hoanhson-ubnd",
            "owner_user": "hoanhson.canbo",
            "due_on": today().isoformat(),
            "issue": 1,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["owner"], body["status"], body["overdue"], body["issue"]) == (
        "hoanhson-ubnd",
        "open",
        False,
        1,
    )
    url = f"{BASE}/{dialogue.public_id}/commitments/{body['id']}"
    response = client.post(f"{url}/complete/", {"completed_on": today().isoformat()}, format="json")
    assert response.status_code == 400  # evidence is required
    assert response.json()["errors"][0]["field"] == "evidence"
    response = client.post(
        f"{url}/complete/",
        {"completed_on": today().isoformat(), "evidence": "Chứng từ chi số 15"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "done"
    response = client.post(f"{url}/cancel/", {"reason": "Nhầm"}, format="json")
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "invalid_transition"
    assert AuditEvent.objects.filter(action="dialogues.complete_commitment").count() == 1


def test_illegal_transitions_answer_409(plan, held, client):
    response = client.post(
        f"{BASE}/{held.public_id}/hold/", {"held_on": today().isoformat()}, format="json"
    )
    assert response.status_code == 409
    response = client.post(f"{BASE}/{held.public_id}/cancel/", {"reason": "Mưa"}, format="json")
    assert response.status_code == 409
    planned = plan()
    response = client.post(f"{BASE}/{planned.public_id}/issues/", {"text": "Ý kiến"}, format="json")
    assert response.status_code == 409
    response = client.post(f"{BASE}/{planned.public_id}/cancel/", {"reason": "Mưa"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"


def test_validation_answers_400(held, client):
    url = f"{BASE}/{held.public_id}/commitments/"
    cases = [
        ({"text": "A", "owner": "no-such-body", "due_on": today().isoformat()}, "owner"),
        ({"text": "A", "owner": "hoanhson-ubnd", "due_on": "2026-02-30"}, "due_on"),
        (
            {"text": "A", "owner": "hoanhson-ubnd", "due_on": today().isoformat(), "issue": 9},
            "issue",
        ),
        (
            {"text": "A", "owner": "hoanhson-ubnd", "due_on": "2000-01-01"},
            "due_on",
        ),
    ]
    for payload, field in cases:
        response = client.post(url, payload, format="json")
        assert response.status_code == 400, payload
        assert response.json()["errors"][0]["field"] == field, response.json()
    assert Commitment.objects.count() == 0
    response = client.post(
        f"{BASE}/{held.public_id}/hold/",
        {"held_on": (today() + dt.timedelta(days=1)).isoformat()},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "date_in_future"


def test_scope_and_permissions(held, api_client_for):
    payload = {"reason": "Trùng lịch"}
    outsider = api_client_for("songtri.canbo")
    assert (
        outsider.post(f"{BASE}/{held.public_id}/cancel/", payload, format="json").status_code == 404
    )
    specialist = api_client_for("tinh.danvan")
    response = specialist.post(
        f"{BASE}/{held.public_id}/issues/", {"text": "Ý kiến"}, format="json"
    )
    assert response.status_code == 403
    held.refresh_from_db()
    assert held.status == "held"
    assert not held.issues.exists()


def test_voter_meeting_issue_becomes_a_petition_via_api(plan, officer, client):
    from danvan.dialogues import services

    meeting = plan(kind="voter_meeting")
    services.dialogue_hold(actor=officer, dialogue=meeting, held_on=meeting.held_on)
    response = client.post(
        f"{BASE}/{meeting.public_id}/issues/",
        {"text": "Nâng cấp trạm y tế", "raised_by": "Cử tri Lê Văn C", "create_petition": True},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    petition_id = body["issues"][0]["petition"]
    assert petition_id
    assert body["petitions"] == [petition_id]


def test_text_a_database_cannot_store_answers_400(held, client):
    for body in ['{"text": "Ý kiến \\ud800"}', '{"text": "Ý kiến \\u0000"}']:
        response = client.post(
            f"{BASE}/{held.public_id}/issues/", data=body, content_type="application/json"
        )
        assert response.status_code == 400, body
    assert not held.issues.exists()
