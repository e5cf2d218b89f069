from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone

from danvan.consultations import documents, services

pytestmark = pytest.mark.django_db


def _text(data: bytes) -> tuple[str, list[list[str]]]:
    from docx import Document

    document = Document(io.BytesIO(data))
    body = "\n".join(p.text for p in document.paragraphs)
    rows = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    cells = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    return body + "\n" + cells, rows


@pytest.fixture
def reported(officer_user, opened):
    second = opened.sections.get(position=2)
    first = services.comment_add(
        actor=officer_user,
        consultation=opened,
        text="Tăng mức hỗ trợ di chuyển.",
        source="meeting",
        source_note="Hội nghị thôn Hải Phong",
        section=second,
        author_name="Nguyễn Văn A",
        received_on=timezone.localdate(),
    )
    general = services.comment_add(
        actor=None,
        consultation=opened,
        text="Nên công khai trên loa truyền thanh.",
        source="portal",
    )
    services.comment_respond(
        actor=officer_user,
        comment=first,
        kind="partly_accepted",
        text="Tăng 10% mức hỗ trợ di chuyển.",
    )
    services.comment_respond(
        actor=officer_user,
        comment=general,
        kind="explained",
        text="Đã thông báo trên loa truyền thanh phường.",
    )
    services.consultation_close(actor=officer_user, consultation=opened)
    return services.consultation_report(
        actor=officer_user, consultation=opened, summary="Dự thảo được chỉnh lý theo góp ý."
    )


def test_synthesis_report_reads_back(reported):
    text, rows = _text(documents.synthesis_report_docx(reported))
    assert "BÁO CÁO" in text
    assert reported.title in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "10/2022/QH15" in text
    assert "Tổng số ý kiến góp ý: 2." in text
    assert "Tiếp thu: 0; tiếp thu một phần: 1; giải trình: 1." in text
    assert "Dự thảo được chỉnh lý theo góp ý." in text
    assert rows[0] == ["STT", "Mục dự thảo", "Nội dung góp ý", "Tiếp thu, giải trình"]
    # General comments come first, then section by section.
    assert rows[1][0] == "1"
    assert rows[1][1] == "Góp ý chung"
    assert "Nên công khai trên loa truyền thanh." in rows[1][2]
    assert "Cổng thông tin điện tử" in rows[1][2]
    assert rows[1][3] == "Giải trình: Đã thông báo trên loa truyền thanh phường."
    assert rows[2][1] == "Điều 2. Mức hỗ trợ"
    assert "Nguyễn Văn A; Hội nghị, cuộc họp: Hội nghị thôn Hải Phong" in rows[2][2]
    assert rows[2][3] == "Tiếp thu một phần: Tăng 10% mức hỗ trợ di chuyển."
    assert len(rows) == 3


def test_report_without_comments(consultation):
    text, rows = _text(documents.synthesis_report_docx(consultation))
    assert len(rows) == 2
    assert "Không có ý kiến góp ý." in text
    assert "Tổng số ý kiến góp ý: 0." in text


def test_download_and_scope(client, persona, reported):
    url = reverse("consultations:synthesis_report", args=[reported.public_id])
    client.force_login(persona("hoanhson.canbo"))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    text, _rows = _text(response.content)
    assert "Tăng mức hỗ trợ di chuyển." in text
    client.force_login(persona("songtri.canbo"))
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
