"""The web screens of dialogues: the list with issues and open or overdue commitments, the
detail of a meeting and its Word minutes, and who may see what (404 outside the scope)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document

from danvan.dialogues import services
from danvan.dialogues.models import Dialogue, DialogueKind
from danvan.organizations.models import Organization

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _login(client: Any, persona: Any, username: str = "hoanhson.canbo") -> Any:
    client.force_login(persona(username))
    return client


def _with_records(dialogue: Dialogue, officer: Any, org: Organization) -> Dialogue:
    services.issue_add(
        actor=officer,
        dialogue=dialogue,
        text="Đề nghị chi trả tiền hỗ trợ còn thiếu cho hộ ông Nguyễn Văn Hải",
        raised_by="Ông Nguyễn Văn Hải",
        create_petition=True,
    )
    services.commitment_add(
        actor=officer,
        dialogue=dialogue,
        text="Rà soát danh sách hộ được hỗ trợ",
        owner_organization=org,
        due_on=dialogue.held_on + dt.timedelta(days=1),
    )
    services.commitment_add(
        actor=officer,
        dialogue=dialogue,
        text="Chi trả xong tiền hỗ trợ còn thiếu",
        owner_organization=org,
        due_on=TODAY + dt.timedelta(days=30),
    )
    return dialogue


def test_list_shows_counts_and_filters(
    client: Any, persona: Any, held: Dialogue, plan: Any, officer: Any, hoanhson_ubnd: Any
) -> None:
    _with_records(held, officer, hoanhson_ubnd)
    plan(title="Tiếp xúc cử tri trước kỳ họp thứ mười", kind=DialogueKind.VOTER_MEETING)
    _login(client, persona)
    url = reverse("dialogues:dialogue_list")
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert held.title in body
    assert "Tiếp xúc cử tri trước kỳ họp thứ mười" in body
    assert "1 quá hạn" in body
    assert "2 đang thực hiện" in body

    body = client.get(url, {"kind": "voter_meeting"}).content.decode()
    assert "Tiếp xúc cử tri trước kỳ họp thứ mười" in body
    assert held.public_id not in body

    body = client.get(url, {"overdue": "on"}).content.decode()
    assert held.public_id in body
    assert "Tiếp xúc cử tri trước kỳ họp thứ mười" not in body

    body = client.get(url, {"status": "planned"}).content.decode()
    assert held.public_id not in body


def test_list_out_of_scope_is_hidden(client: Any, persona: Any, held: Dialogue) -> None:
    _login(client, persona, "songtri.canbo")
    body = client.get(reverse("dialogues:dialogue_list")).content.decode()
    assert held.public_id not in body


def test_list_query_count_is_constant(
    client: Any, persona: Any, plan: Any, officer: Any, hoanhson_ubnd: Any
) -> None:
    _login(client, persona)
    url = reverse("dialogues:dialogue_list")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    dialogue = plan()
    services.dialogue_hold(actor=officer, dialogue=dialogue, held_on=dialogue.held_on)
    _with_records(dialogue, officer, hoanhson_ubnd)
    small = count()
    for number in range(5):
        other = plan(title=f"Đối thoại số {number}")
        services.dialogue_hold(actor=officer, dialogue=other, held_on=other.held_on)
        _with_records(other, officer, hoanhson_ubnd)
    assert count() == small


def test_detail_shows_issues_petitions_commitments(
    client: Any, persona: Any, held: Dialogue, officer: Any, hoanhson_ubnd: Any
) -> None:
    _with_records(held, officer, hoanhson_ubnd)
    services.participant_add(
        actor=officer, dialogue=held, full_name="Bà Trần Thị Lan", attended=True
    )
    issue = held.issues.get()
    assert issue.petition is not None
    _login(client, persona)
    response = client.get(reverse("dialogues:dialogue_detail", args=[held.public_id]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bà Trần Thị Lan" in body
    assert "Đề nghị chi trả tiền hỗ trợ còn thiếu" in body
    assert reverse("petitions:petition_detail", args=[issue.petition.public_id]) in body
    assert "Rà soát danh sách hộ được hỗ trợ" in body
    assert "Quá hạn" in body
    assert reverse("dialogues:minutes_docx", args=[held.public_id]) in body


def test_detail_of_planned_dialogue_has_no_minutes(client: Any, persona: Any, plan: Any) -> None:
    dialogue = plan()
    _login(client, persona)
    body = client.get(reverse("dialogues:dialogue_detail", args=[dialogue.public_id]))
    assert reverse("dialogues:minutes_docx", args=[dialogue.public_id]) not in body.content.decode()
    url = reverse("dialogues:minutes_docx", args=[dialogue.public_id])
    assert client.get(url).status_code == 404


def test_minutes_download_opens(
    client: Any, persona: Any, held: Dialogue, officer: Any, hoanhson_ubnd: Any
) -> None:
    _with_records(held, officer, hoanhson_ubnd)
    _login(client, persona, "tinh.danvan")
    response = client.get(reverse("dialogues:minutes_docx", args=[held.public_id]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BIÊN BẢN" in text


def test_out_of_scope_is_404(client: Any, persona: Any, held: Dialogue) -> None:
    _login(client, persona, "songtri.canbo")
    assert (
        client.get(reverse("dialogues:dialogue_detail", args=[held.public_id])).status_code == 404
    )
    assert client.get(reverse("dialogues:minutes_docx", args=[held.public_id])).status_code == 404


def test_anonymous_is_sent_to_login(client: Any, held: Dialogue) -> None:
    response = client.get(reverse("dialogues:dialogue_list"))
    assert response.status_code == 302


# ---------------------------------------------------------------- actions


def _act(client: Any, dialogue: Dialogue, action: str, data: dict[str, Any]) -> Any:
    url = reverse("dialogues:dialogue_action", args=[dialogue.public_id, action])
    return client.post(url, {f"{action}-{key}": value for key, value in data.items()})


def test_hold_then_record_issue_answer_and_commitment(
    client: Any, persona: Any, plan: Any, hoanhson_ubnd: Any
) -> None:
    dialogue = plan()
    _login(client, persona)
    page = client.get(reverse("dialogues:dialogue_detail", args=[dialogue.public_id]))
    assert 'name="hold-held_on"' in page.content.decode()
    response = _act(
        client, dialogue, "hold", {"held_on": dialogue.held_on.isoformat(), "summary": "Xong"}
    )
    assert response.status_code == 302
    dialogue.refresh_from_db()
    assert dialogue.status == "held"

    response = _act(
        client,
        dialogue,
        "issue",
        {
            "text": "Đề nghị sửa đường vào xóm",
            "raised_by": "Ông Lê Văn Bình",
            "create_petition": "on",
        },
    )
    assert response.status_code == 302
    issue = dialogue.issues.get()
    assert issue.petition is not None

    response = _act(
        client, dialogue, "answer", {"issue": issue.pk, "answer": "Phường sẽ sửa trong quý I"}
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.answer == "Phường sẽ sửa trong quý I"

    due = (TODAY + dt.timedelta(days=60)).isoformat()
    response = _act(
        client,
        dialogue,
        "commitment",
        {"text": "Sửa đường vào xóm", "owner_organization": hoanhson_ubnd.pk, "due_on": due},
    )
    assert response.status_code == 302
    commitment = dialogue.commitments.get()

    response = _act(
        client,
        dialogue,
        "complete",
        {
            "commitment": commitment.pk,
            "completed_on": TODAY.isoformat(),
            "evidence": "Đã nghiệm thu",
        },
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == "done"


def test_cancel_dialogue_and_commitment(
    client: Any, persona: Any, plan: Any, held: Dialogue, officer: Any, hoanhson_ubnd: Any
) -> None:
    _login(client, persona)
    dialogue = plan(title="Đối thoại sẽ hủy")
    assert _act(client, dialogue, "cancel", {"reason": "Mưa bão"}).status_code == 302
    dialogue.refresh_from_db()
    assert (dialogue.status, dialogue.cancel_reason) == ("cancelled", "Mưa bão")

    _with_records(held, officer, hoanhson_ubnd)
    commitment = held.commitments.first()
    assert commitment is not None
    response = _act(
        client, held, "commitment_cancel", {"commitment": commitment.pk, "reason": "Trùng lặp"}
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == "cancelled"


def test_service_errors_are_shown_in_vietnamese_and_nothing_saved(
    client: Any, persona: Any, plan: Any, held: Dialogue
) -> None:
    _login(client, persona)
    dialogue = plan(title="Đối thoại chưa tổ chức")
    response = _act(client, dialogue, "cancel", {"reason": ""})
    assert response.status_code == 400
    assert "Hãy ghi lý do hủy." in response.content.decode()
    dialogue.refresh_from_db()
    assert dialogue.status == "planned"

    future = (TODAY + dt.timedelta(days=3)).isoformat()
    response = _act(client, dialogue, "hold", {"held_on": future})
    assert response.status_code == 400
    assert "Ngày không được ở tương lai." in response.content.decode()
    dialogue.refresh_from_db()
    assert dialogue.status == "planned"

    response = _act(client, held, "issue", {"text": "  "})
    assert response.status_code == 400
    assert "Hãy ghi nội dung ý kiến." in response.content.decode()
    assert not held.issues.exists()

    response = _act(client, held, "hold", {"held_on": held.held_on.isoformat()})
    assert response.status_code == 400
    assert "Không thể ghi nhận đã tổ chức" in response.content.decode()

    response = _act(client, held, "commitment", {"text": "Cam kết", "due_on": "ngày mai"})
    assert response.status_code == 400
    assert not held.commitments.exists()


def test_reader_gets_403_and_outsider_404(client: Any, persona: Any, plan: Any) -> None:
    dialogue = plan()
    _login(client, persona, "tinh.danvan")
    page = client.get(reverse("dialogues:dialogue_detail", args=[dialogue.public_id]))
    assert page.status_code == 200
    assert 'name="cancel-reason"' not in page.content.decode()
    assert _act(client, dialogue, "cancel", {"reason": "Không cần"}).status_code == 403

    _login(client, persona, "songtri.canbo")
    assert _act(client, dialogue, "cancel", {"reason": "Không cần"}).status_code == 404
    dialogue.refresh_from_db()
    assert dialogue.status == "planned"


def test_unknown_action_is_404(client: Any, persona: Any, plan: Any) -> None:
    dialogue = plan()
    _login(client, persona)
    assert _act(client, dialogue, "delete", {}).status_code == 404


def test_reader_may_not_complete_a_commitment(
    client: Any, persona: Any, held: Dialogue, officer: Any, hoanhson_ubnd: Any
) -> None:
    _with_records(held, officer, hoanhson_ubnd)
    commitment = held.commitments.first()
    assert commitment is not None
    _login(client, persona)
    page = client.get(reverse("dialogues:dialogue_detail", args=[held.public_id]))
    assert 'name="complete-evidence"' in page.content.decode()
    _login(client, persona, "tinh.danvan")
    page = client.get(reverse("dialogues:dialogue_detail", args=[held.public_id]))
    assert 'name="complete-evidence"' not in page.content.decode()
    data = {"commitment": commitment.pk, "completed_on": TODAY.isoformat(), "evidence": "Xong"}
    assert _act(client, held, "complete", data).status_code == 403
    commitment.refresh_from_db()
    assert commitment.status == "open"


# ---------------------------------------------------------------- planning


def _plan_data(org: Organization, unit: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "organization": org.pk,
        "admin_unit": unit.pk,
        "title": "Tiếp xúc cử tri trước kỳ họp HĐND phường",
        "kind": "voter_meeting",
        "held_on": (TODAY + dt.timedelta(days=14)).isoformat(),
        "place": "Nhà văn hóa tổ dân phố 3",
        "chair_name": "Ông Phạm Văn Minh, Chủ tịch UBND phường",
    }
    data.update(changes)
    return data


def test_plan_a_dialogue(
    client: Any, persona: Any, hoanhson_ubnd: Organization, hoanhson: Any
) -> None:
    _login(client, persona)
    url = reverse("dialogues:dialogue_create")
    page = client.get(url)
    assert page.status_code == 200
    assert hoanhson_ubnd.name in page.content.decode()
    assert url in client.get(reverse("dialogues:dialogue_list")).content.decode()
    response = client.post(url, _plan_data(hoanhson_ubnd, hoanhson))
    assert response.status_code == 302
    dialogue = Dialogue.objects.get(title="Tiếp xúc cử tri trước kỳ họp HĐND phường")
    assert response["Location"] == reverse("dialogues:dialogue_detail", args=[dialogue.public_id])
    assert (dialogue.kind, dialogue.status, dialogue.organization) == (
        "voter_meeting",
        "planned",
        hoanhson_ubnd,
    )


def test_plan_errors_are_shown_and_nothing_saved(
    client: Any, persona: Any, hoanhson_ubnd: Organization, hoanhson: Any
) -> None:
    _login(client, persona)
    url = reverse("dialogues:dialogue_create")
    before = Dialogue.objects.count()
    response = client.post(url, _plan_data(hoanhson_ubnd, hoanhson, chair_name="", title=""))
    assert response.status_code == 400
    assert "Hãy ghi nội dung đối thoại." in response.content.decode()
    response = client.post(url, _plan_data(hoanhson_ubnd, hoanhson, admin_unit=999_999))
    assert response.status_code == 400
    assert Dialogue.objects.count() == before


def test_plan_for_another_organisation_is_refused(
    client: Any, persona: Any, hoanhson_ubnd: Organization, hoanhson: Any
) -> None:
    _login(client, persona, "songtri.canbo")
    before = Dialogue.objects.count()
    response = client.post(
        reverse("dialogues:dialogue_create"), _plan_data(hoanhson_ubnd, hoanhson)
    )
    assert response.status_code in (400, 403)
    assert Dialogue.objects.count() == before


def test_provincial_specialist_may_not_plan(client: Any, persona: Any) -> None:
    _login(client, persona, "tinh.danvan")
    assert client.get(reverse("dialogues:dialogue_create")).status_code == 403


def test_detail_query_count_is_constant(
    client: Any, persona: Any, held: Dialogue, officer: Any, hoanhson_ubnd: Any
) -> None:
    _login(client, persona)
    url = reverse("dialogues:dialogue_detail", args=[held.public_id])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    _with_records(held, officer, hoanhson_ubnd)
    small = count()
    for _number in range(4):
        _with_records(held, officer, hoanhson_ubnd)
        services.participant_add(actor=officer, dialogue=held, full_name="Bà Hồ Thị Mai")
    assert count() == small


def test_owner_organisation_closes_its_own_commitments_only(
    client: Any, persona: Any, held: Dialogue, officer: Any, hoanhson_ubnd: Any
) -> None:
    province = Organization.objects.get(code="ht-btgdv")
    theirs = services.commitment_add(
        actor=officer,
        dialogue=held,
        text="Tổng hợp ý kiến báo cáo Tỉnh ủy",
        owner_organization=province,
        due_on=TODAY + dt.timedelta(days=10),
    )
    ours = services.commitment_add(
        actor=officer,
        dialogue=held,
        text="Sửa cống thoát nước",
        owner_organization=hoanhson_ubnd,
        due_on=TODAY + dt.timedelta(days=10),
    )
    _login(client, persona, "tinh.danvan")
    body = client.get(reverse("dialogues:dialogue_detail", args=[held.public_id])).content.decode()
    assert 'name="complete-evidence"' in body
    assert 'name="issue-text"' not in body
    data = {"completed_on": TODAY.isoformat(), "evidence": "Đã báo cáo"}
    assert _act(client, held, "complete", {**data, "commitment": ours.pk}).status_code == 403
    assert _act(client, held, "complete", {**data, "commitment": theirs.pk}).status_code == 302
    theirs.refresh_from_db()
    ours.refresh_from_db()
    assert (theirs.status, ours.status) == ("done", "open")
