from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from danvan.audit.models import AuditEvent
from danvan.consultations.models import Comment, Consultation

pytestmark = pytest.mark.django_db
BASE = "/api/v1/consultations"


def _payload(days: int = 20, **changes):
    opens_on = timezone.localdate() - dt.timedelta(days=3)
    return {
        "title": "Dự thảo quy chế dân chủ phường Hoành Sơn",
        "organization": "hoanhson-ubnd",
        "admin_unit": "18832",
        "opens_on": opens_on.isoformat(),
        "closes_on": (opens_on + dt.timedelta(days=days)).isoformat(),
        "draft_text": "Điều 1. Phạm vi",
        **changes,
    }


@pytest.fixture
def officer(api_client_for):
    return api_client_for("hoanhson.canbo")


def _create(client, **kwargs):
    response = client.post(f"{BASE}/", _payload(**kwargs), format="json")
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def _post(client, cid, path, body=None):
    return client.post(f"{BASE}/{cid}/{path}/", body or {}, format="json")


def test_full_lifecycle_through_the_api(officer):
    cid = _create(officer)
    response = _post(officer, cid, "sections", {"heading": "Điều 1. Phạm vi", "text": "…"})
    assert response.status_code == 201
    section_id = response.json()["sections"][0]["id"]
    assert _post(officer, cid, "open").json()["status"] == "open"
    assert _post(officer, cid, "open").status_code == 409
    assert _post(officer, cid, "sections", {"heading": "Điều 2"}).status_code == 409
    response = _post(
        officer,
        cid,
        "comments",
        {
            "text": "Đề nghị làm rõ phạm vi.",
            "source": "paper_form",
            "section": section_id,
            "source_note": "Phiếu số 3",
            "received_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 201, response.json()
    comment = response.json()
    assert comment["section"] == section_id
    assert comment["source"] == "paper_form"
    assert comment["response_kind"] == ""
    assert _post(officer, cid, "report", {"summary": "x"}).status_code == 409
    assert _post(officer, cid, "close").json()["status"] == "closed"
    response = _post(officer, cid, "report", {"summary": "Tổng hợp."})
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "comments_unanswered"
    response = _post(
        officer,
        cid,
        f"comments/{comment['id']}/respond",
        {"kind": "accepted", "text": "Đã bổ sung khoản 2."},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["response_kind"] == "accepted"
    body = _post(officer, cid, "report", {"summary": "Tổng hợp."}).json()
    assert body["status"] == "reported"
    assert body["sections"][0]["responses"]["accepted"] == 1
    listed = officer.get(f"{BASE}/{cid}/comments/").json()
    assert listed["count"] == 1
    assert listed["results"][0]["response_text"] == "Đã bổ sung khoản 2."
    assert AuditEvent.objects.filter(action="consultations.consultation_report").count() == 1


def test_period_too_short_through_the_api(officer):
    cid = _create(officer, days=19)
    response = _post(officer, cid, "open")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["code"] == "period_too_short"
    assert error["field"] == "closes_on"
    assert Consultation.objects.get(public_id=cid).status == "draft"


def test_bad_input(officer):
    response = officer.post(
        f"{BASE}/",
        _payload(opens_on="2026-02-30", title=12, organization="khong-co"),
        format="json",
    )
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"opens_on", "title"}
    response = officer.post(f"{BASE}/", _payload(organization="khong-co"), format="json")
    assert response.json()["errors"][0]["code"] == "unknown_organization"
    assert not Consultation.objects.exists()


def test_portal_source_is_not_entered_by_officers(officer):
    cid = _create(officer)
    _post(officer, cid, "open")
    response = _post(
        officer,
        cid,
        "comments",
        {"text": "x", "source": "portal", "received_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "invalid_source"
    assert not Comment.objects.exists()


def test_permissions(api_client_for, officer):
    cid = _create(officer)
    province = api_client_for("tinh.danvan")
    assert province.get(f"{BASE}/{cid}/").status_code == 200
    assert _post(province, cid, "open").status_code == 403
    assert province.post(f"{BASE}/", _payload(), format="json").status_code == 403
    songtri = api_client_for("songtri.canbo")
    assert _post(songtri, cid, "open").status_code == 404
    assert songtri.get(f"{BASE}/{cid}/comments/").status_code == 404
    assert _post(api_client_for("hoanhson.chutich"), cid, "open").status_code == 200


def test_outside_the_drafting_body_area(officer):
    # Phường Sông Trí lies outside the jurisdiction of Hoành Sơn's People's Committee.
    response = officer.post(f"{BASE}/", _payload(admin_unit="18754"), format="json")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert (error["field"], error["code"]) == ("admin_unit", "outside_jurisdiction")
    assert not Consultation.objects.exists()
