from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from danvan.compensation.models import CompensationProgram
from danvan.dialogues import services

pytestmark = pytest.mark.django_db
BASE = "/api/v1/dialogues"


def today() -> dt.date:
    return timezone.localdate()


def _fill(dialogue, officer, n: int = 1):
    """Participants, issues and commitments (one overdue, one due today) on a held dialogue."""
    for i in range(n):
        services.participant_add(
            actor=officer, dialogue=dialogue, full_name=f"Người dân {i}", attended=i % 2 == 0
        )
        issue = services.issue_add(
            actor=officer, dialogue=dialogue, text=f"Ý kiến {i}", raised_by=f"Hộ {i}"
        )
        services.issue_answer(actor=officer, issue=issue, answer="Đã trả lời", answered_by="CT")
        services.commitment_add(
            actor=officer,
            dialogue=dialogue,
            issue=issue,
            text=f"Cam kết {i}",
            owner_organization=dialogue.organization,
            due_on=dialogue.held_on,
        )
        services.commitment_add(
            actor=officer,
            dialogue=dialogue,
            text=f"Cam kết hôm nay {i}",
            owner_organization=dialogue.organization,
            due_on=today(),
        )


def test_list_shape(held, officer, api_client_for):
    program = CompensationProgram.objects.get(code="marine-2016")
    held.program = program
    held.save()
    _fill(held, officer)
    response = api_client_for("hoanhson.canbo").get(f"{BASE}/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert {
        "id",
        "title",
        "held_on",
        "admin_unit",
        "program",
        "participants_count",
        "issues",
        "commitments",
    } <= set(row)
    assert row["id"] == held.public_id
    assert row["admin_unit"] == "18832"
    assert row["program"] == program.public_id
    assert row["held_on"] == held.held_on.isoformat()
    assert (row["participants_count"], row["attended_count"]) == (1, 1)
    assert row["issues"][0]["text"] == "Ý kiến 0"
    assert row["issues"][0]["answer"] == "Đã trả lời"
    commitments = {c["text"]: c for c in row["commitments"]}
    overdue = commitments["Cam kết 0"]
    assert set(overdue) >= {"id", "text", "owner", "due_on", "status", "overdue"}
    assert overdue["owner"] == "hoanhson-ubnd"
    assert overdue["status"] == "open"
    assert overdue["overdue"] is True
    assert overdue["issue"] == 1
    assert commitments["Cam kết hôm nay 0"]["overdue"] is False


def test_program_is_null_without_one(held, api_client_for):
    row = api_client_for("hoanhson.canbo").get(f"{BASE}/{held.public_id}/").json()
    assert row["program"] is None
    assert row["issues"] == []
    assert row["commitments"] == []


def test_filters(plan, held, api_client_for):
    plan(title="Tiếp xúc cử tri", kind="voter_meeting")
    client = api_client_for("hoanhson.canbo")
    assert client.get(f"{BASE}/", {"status": "held"}).json()["count"] == 1
    assert client.get(f"{BASE}/", {"kind": "voter_meeting"}).json()["count"] == 1
    assert client.get(f"{BASE}/").json()["count"] == 2
    response = client.get(f"{BASE}/", {"status": "done"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "status"


def test_scope(held, api_client_for):
    outsider = api_client_for("songtri.canbo")
    assert outsider.get(f"{BASE}/").json()["count"] == 0
    assert outsider.get(f"{BASE}/{held.public_id}/").status_code == 404
    assert api_client_for("tinh.danvan").get(f"{BASE}/{held.public_id}/").status_code == 200
    assert api_client_for("hoanhson.chutich").get(f"{BASE}/").json()["count"] == 1
    assert api_client_for(None).get(f"{BASE}/").status_code in (401, 403)


def test_unknown_id_is_404(api_client_for):
    response = api_client_for("hoanhson.canbo").get(f"{BASE}/NOSUCHID/")
    assert response.status_code == 404
    assert "errors" in response.json()


def test_query_count_is_constant(plan, officer, api_client_for):

    def add(n: int) -> None:
        for _ in range(n):
            dialogue = plan()
            services.dialogue_hold(actor=officer, dialogue=dialogue, held_on=dialogue.held_on)
            _fill(dialogue, officer, n=2)

    def count() -> int:
        client = api_client_for("hoanhson.canbo")  # a fresh user: its scope is computed again
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{BASE}/")
        assert response.status_code == 200
        return len(queries)

    add(1)
    count()  # warm the process-wide caches
    small = count()
    add(4)
    assert api_client_for("hoanhson.canbo").get(f"{BASE}/").json()["count"] == 5
    assert count() == small
