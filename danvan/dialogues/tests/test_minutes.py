from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from danvan.core.errors import InvalidTransition
from danvan.dialogues import services
from danvan.dialogues.minutes import minutes_docx

pytestmark = pytest.mark.django_db


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts += [p.text for p in cell.paragraphs]
    return "\n".join(parts)


def test_minutes_read_back(held, officer):
    services.participant_add(
        actor=officer, dialogue=held, full_name="Nguyễn Thị Hoa", attended=True
    )
    services.participant_add(actor=officer, dialogue=held, full_name="Trần Văn Ba")
    issue = services.issue_add(
        actor=officer, dialogue=held, text="Đề nghị chi trả đợt 2.", raised_by="Bà Hoa"
    )
    services.issue_answer(
        actor=officer, issue=issue, answer="Chi trả trong tháng 12.", answered_by="Chủ tịch"
    )
    services.commitment_add(
        actor=officer,
        dialogue=held,
        issue=issue,
        text="Chi trả đợt 2 cho các hộ nuôi trồng thủy sản",
        owner_organization=held.organization,
        due_on=held.held_on + dt.timedelta(days=30),
    )
    document = Document(io.BytesIO(minutes_docx(held)))
    text = _text(document)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "ĐỐI THOẠI VỚI NHÂN DÂN" in text
    assert held.title in text
    assert "1 người có mặt trên tổng số 2 người được mời" in text
    assert "1. Đề nghị chi trả đợt 2. (Bà Hoa)" in text
    assert "Trả lời (Chủ tịch): Chi trả trong tháng 12." in text
    assert "Chi trả đợt 2 cho các hộ nuôi trồng thủy sản" in text
    assert (held.held_on + dt.timedelta(days=30)).strftime("%d/%m/%Y") in text
    assert held.chair_name in text
    assert "Trần Văn Ba" not in text  # absent: not listed among those present


def test_voter_meeting_title(plan, officer):
    meeting = plan(kind="voter_meeting", title="Tiếp xúc cử tri")
    services.dialogue_hold(actor=officer, dialogue=meeting, held_on=meeting.held_on)
    text = _text(Document(io.BytesIO(minutes_docx(meeting))))
    assert "HỘI NGHỊ TIẾP XÚC CỬ TRI" in text
    assert "Không có ý kiến." in text


def test_no_minutes_before_the_meeting(plan):
    with pytest.raises(InvalidTransition):
        minutes_docx(plan())
