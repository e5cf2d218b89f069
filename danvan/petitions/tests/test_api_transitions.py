"""`POST /api/v1/petitions/{id}/<action>/`: every transition through the API, 409 for actions
not allowed in the case's status, and who may act (404 outside the scope, 403 read-only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from danvan.api.tests.test_errors import assert_error_shape
from danvan.audit.models import AuditEvent
from danvan.petitions.models import Petition
from danvan.petitions.tests.test_api_register import URL, payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(api_client_for: Any) -> Any:
    return api_client_for("hoanhson.canbo")


@pytest.fixture
def chairman(api_client_for: Any) -> Any:
    return api_client_for("hoanhson.chutich")


def create(client: Any, **overrides: Any) -> str:
    response = client.post(URL, payload(**overrides), format="json")
    assert response.status_code == 201, response.json()
    return str(response.json()["id"])


def act(client: Any, public_id: str, action: str, **body: Any) -> Any:
    return client.post(f"{URL}{public_id}/{action}/", body, format="json")


def ok(client: Any, public_id: str, action: str, **body: Any) -> dict[str, Any]:
    response = act(client, public_id, action, **body)
    assert response.status_code == 200, response.json()
    data: dict[str, Any] = response.json()
    assert data["id"] == public_id
    return data


def deadline(case: dict[str, Any], step: str) -> dict[str, Any]:
    return next(row for row in case["deadlines"] if row["step"] == step)


def test_a_complaint_from_acceptance_to_reply_and_reopening(officer, chairman):
    # Given a registered complaint
    case_id = create(officer, received_on="2026-02-10")

    # When it is accepted, paused, resumed, extended, resolved and answered
    case = ok(officer, case_id, "accept", on="2026-03-02", note="Đủ điều kiện")
    assert case["status"] == "accepted"
    assert deadline(case, "accept")["met_on"] == "2026-03-02"
    assert deadline(case, "resolve")["rule"].startswith("complaint.resolve")
    resolve_due = deadline(case, "resolve")["due_on"]

    case = ok(officer, case_id, "pause", on="2026-03-10", reason="Chờ công dân bổ sung giấy tờ")
    assert case["status"] == "paused"
    assert case["pauses"][0]["reason"] == "Chờ công dân bổ sung giấy tờ"
    case = ok(officer, case_id, "resume", on="2026-03-20")
    assert case["status"] == "accepted"
    assert deadline(case, "resolve")["due_on"] > resolve_due
    assert "pause" in case["available_actions"]

    case = ok(officer, case_id, "urge", on="2026-03-21", note="Đôn đốc tổ xác minh")
    case = ok(
        officer,
        case_id,
        "resolve",
        on="2026-04-01",
        outcome="partly_upheld",
        summary="Đúng một phần",
    )
    assert (case["status"], case["outcome"]) == ("resolved", "partly_upheld")
    case = ok(officer, case_id, "reply", on="2026-04-02", text="Đã gửi quyết định")
    assert case["status"] == "replied"
    case = ok(officer, case_id, "archive", on="2026-04-03", reason="Hồ sơ đã xong")
    assert case["status"] == "archived"

    # Then only the head may reopen it
    assert_error_shape(
        act(officer, case_id, "reopen", on="2026-04-10", reason="Công dân khiếu nại tiếp"),
        403,
        "permission_denied",
    )
    case = ok(chairman, case_id, "reopen", on="2026-04-10", reason="Công dân khiếu nại tiếp")
    assert case["status"] == "accepted"
    assert case["resolved_on"] is None


def test_a_denunciation_is_classified_extended_assigned_accepted_and_notified(
    officer, chairman, api_client_for
):
    case_id = create(officer, kind="denunciation", received_on="2026-04-22")

    case = ok(
        officer,
        case_id,
        "classify",
        on="2026-04-23",
        topic="land",
        complex=True,
        eligible=True,
        within_competence=True,
    )
    assert (case["topic"], case["complex"], case["eligible"]) == ("land", True, True)
    due = deadline(case, "classify")["due_on"]
    case = ok(
        officer,
        case_id,
        "extend",
        on="2026-04-24",
        days=3,
        reason="Cần kiểm tra thêm",
        step="classify",
        decision_number="12/QĐ-UBND",
    )
    assert deadline(case, "classify")["due_on"] > due
    assert case["extensions"][0]["decision_number"] == "12/QĐ-UBND"
    # A second extension of the same step is not allowed by the rule: 409.
    assert_error_shape(
        act(officer, case_id, "extend", on="2026-04-24", days=1, reason="Thêm", step="classify"),
        409,
        "extension_not_allowed",
    )

    # The officer may not assign; the head assigns them.
    assert_error_shape(
        act(officer, case_id, "assign", on="2026-04-24", username="hoanhson.canbo"),
        403,
        "permission_denied",
    )
    case = ok(chairman, case_id, "assign", on="2026-04-24", username="hoanhson.canbo")
    assert case["assignments"][0]["username"] == "hoanhson.canbo"
    errors = assert_error_shape(
        act(chairman, case_id, "assign", on="2026-04-24", username="khong.co"), 400, "unknown_user"
    )
    assert errors[0]["field"] == "username"
    errors = assert_error_shape(
        act(chairman, case_id, "assign", on="2026-04-24", username="hoanhson.canbo"),
        400,
        "already_assigned",
    )
    assert errors[0]["field"] == "username"

    case = ok(officer, case_id, "accept", on="2026-05-04")
    case = ok(officer, case_id, "notify", on="2026-05-05")
    assert deadline(case, "notify")["met_on"] == "2026-05-05"


def test_forwarding_and_the_receivers_report(officer, api_client_for):
    # Given a feedback forwarded by Hoành Sơn to Sông Trí
    case_id = create(officer, kind="feedback", received_on="2026-02-10")
    errors = assert_error_shape(
        act(officer, case_id, "forward", on="2026-02-12", to_organization="khong-co"),
        400,
        "unknown_organization",
    )
    assert errors[0]["field"] == "to_organization"
    case = ok(officer, case_id, "forward", on="2026-02-12", to_organization="songtri-ubnd")
    assert case["status"] == "forwarded"
    assert case["forwardings"][0]["to_organization"] == "songtri-ubnd"
    assert deadline(case, "forward")["met_on"] == "2026-02-12"

    # When the receiving ward reports its result
    receiver = api_client_for("songtri.canbo")
    assert receiver.get(f"{URL}{case_id}/").status_code == 200
    assert_error_shape(
        act(receiver, case_id, "urge", on="2026-02-20", note="x"), 403, "permission_denied"
    )
    case = ok(receiver, case_id, "report-back", on="2026-03-01", summary="Đã giải quyết xong")

    # Then the sender sees the report
    assert case["forwardings"][0]["report_summary"] == "Đã giải quyết xong"
    assert case["forwardings"][0]["reported_on"] == "2026-03-01"


def test_guide_return_and_split(officer):
    guided = ok(officer, create(officer, kind="feedback"), "guide", on="2026-02-11", note="Tòa án")
    assert guided["status"] == "guided"
    returned = ok(officer, create(officer), "return", on="2026-02-11", reason="Thiếu chữ ký")
    assert returned["status"] == "returned"
    assert_error_shape(
        act(officer, create(officer), "return", on="2026-02-11", reason=""), 400, "blank"
    )

    case_id = create(officer)
    case = ok(
        officer,
        case_id,
        "split",
        on="2026-02-11",
        parts=[
            {"kind": "complaint", "content": "Khiếu nại quyết định thu hồi đất."},
            {"kind": "denunciation", "content": "Tố cáo cán bộ địa chính nhận tiền."},
        ],
    )
    assert case["status"] == "split"
    children = Petition.objects.filter(parent__public_id=case_id).order_by("id")
    assert [p.kind for p in children] == ["complaint", "denunciation"]
    errors = assert_error_shape(
        act(officer, create(officer), "split", on="2026-02-11", parts=[{"kind": "x"}]), 400
    )
    assert {e["field"] for e in errors} == {"parts[0].kind", "parts[0].content"}


def test_duplicates_are_confirmed_or_rejected_by_public_id(officer):
    # Given a complaint sent twice, and a third time
    first = create(officer, received_on="2026-02-10")
    second = create(officer, received_on="2026-03-02")
    third = create(officer, received_on="2026-03-05")

    # When the officer rejects one pairing and confirms the other
    case = ok(officer, third, f"duplicates/{second}/reject", on="2026-03-06")
    assert second not in [c["id"] for c in case["possible_duplicates"]]
    case = ok(officer, second, f"duplicates/{first}/confirm", on="2026-03-06")

    # Then the confirmed one is closed as a duplicate of the first
    assert case["status"] == "duplicate"
    assert case["duplicate_of"] == first
    assert_error_shape(act(officer, second, f"duplicates/{first}/reject", on="2026-03-06"), 409)
    assert_error_shape(act(officer, first, "duplicates/KHONGCO/confirm", on="2026-03-06"), 404)


@pytest.mark.parametrize(
    ("setup", "action", "body", "code"),
    [
        ([], "resolve", {"outcome": "upheld", "summary": "x"}, "cannot_resolve"),
        ([], "reply", {"text": "x"}, "cannot_reply"),
        ([], "pause", {"reason": "x"}, "cannot_pause"),
        ([], "resume", {}, "cannot_resume"),
        ([], "notify", {}, "cannot_notify"),
        ([], "report-back", {"summary": "x"}, "cannot_report_back"),
        ([("accept", {})], "accept", {}, "cannot_accept"),
        ([("accept", {})], "guide", {"note": "x"}, "cannot_guide"),
        ([("accept", {})], "split", {"parts": []}, "cannot_split"),
        ([("return", {"reason": "x"})], "archive", {}, "cannot_archive"),
        ([("return", {"reason": "x"})], "classify", {}, "cannot_classify"),
    ],
)
def test_actions_not_allowed_in_the_status_answer_409(officer, setup, action, body, code):
    case_id = create(officer)
    for name, extra in setup:
        ok(officer, case_id, name, on="2026-02-11", **extra)
    before = AuditEvent.objects.count()

    assert_error_shape(act(officer, case_id, action, on="2026-02-12", **body), 409, code)
    assert AuditEvent.objects.count() == before


def test_the_date_of_an_action_is_required_real_and_not_in_the_future(officer):
    case_id = create(officer)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()

    cases: list[tuple[dict[str, Any], str]] = [
        ({}, "required"),
        ({"on": None}, "null"),
        ({"on": tomorrow}, "date_in_future"),
        ({"on": "2026-02-30"}, "invalid_date"),
        ({"on": "hôm nay"}, "invalid_date"),
        ({"on": "2026-02-01"}, "date_before_previous_step"),
    ]
    for body, code in cases:
        errors = assert_error_shape(act(officer, case_id, "accept", **body), 400, code)
        assert errors[0]["field"] == "on"
    assert Petition.objects.get(public_id=case_id).status == "received"


def test_bad_action_bodies_are_400(officer):
    case_id = create(officer)
    assert_error_shape(
        act(officer, case_id, "classify", on="2026-02-11", complex="yes"), 400, "invalid"
    )
    assert_error_shape(
        act(officer, case_id, "classify", on="2026-02-11", topic="khong-co"), 400, "unknown_topic"
    )
    assert_error_shape(
        act(officer, case_id, "extend", on="2026-02-11", days="3", reason="x"), 400, "invalid"
    )
    ok(officer, case_id, "accept", on="2026-02-11")
    assert_error_shape(
        act(officer, case_id, "resolve", on="2026-02-12", outcome="won", summary="x"),
        400,
        "invalid_outcome",
    )
    malformed = officer.post(f"{URL}{case_id}/resolve/", "{oops", content_type="application/json")
    assert_error_shape(malformed, 400, "malformed_json")


def test_scope_outside_is_404_and_read_only_is_403(officer, api_client_for):
    case_id = create(officer)
    other_ward = api_client_for("songtri.canbo")
    province = api_client_for("tinh.danvan")

    # Another ward's officer cannot learn that the case exists.
    assert_error_shape(other_ward.get(f"{URL}{case_id}/"), 404, "not_found")
    assert_error_shape(act(other_ward, case_id, "accept", on="2026-02-11"), 404, "not_found")
    # The provincial specialist sees it but may not change it.
    response = province.get(f"{URL}{case_id}/")
    assert response.status_code == 200
    assert response.json()["available_actions"] == []
    assert_error_shape(act(province, case_id, "accept", on="2026-02-11"), 403, "permission_denied")
    # The system administrator may.
    assert ok(api_client_for("admin"), case_id, "accept", on="2026-02-11")["status"] == "accepted"
    # Unknown ids are 404 as well.
    assert_error_shape(officer.get(f"{URL}KHONGCO/"), 404, "not_found")
    assert_error_shape(act(officer, "KHONGCO", "accept", on="2026-02-11"), 404, "not_found")
    row_id = Petition.objects.get(public_id=case_id).pk
    assert_error_shape(officer.get(f"{URL}{row_id}/"), 404, "not_found")


def test_unauthenticated_actions_are_401(officer, api_client_for):
    case_id = create(officer)

    assert_error_shape(
        act(api_client_for(None), case_id, "accept", on="2026-02-11"), 401, "not_authenticated"
    )
