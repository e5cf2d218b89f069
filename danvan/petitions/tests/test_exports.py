"""The Excel list, the Word register book and the Word reply letter: they open, say what they
should, follow Decree 30's layout, and carry a denouncer's identity only for the entitled."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt
from openpyxl import load_workbook

from danvan.audit.selectors import events_for
from danvan.petitions import services
from danvan.petitions.exports import date_line
from danvan.petitions.services import PetitionerInput

pytestmark = pytest.mark.django_db

XLSX = reverse("petitions:petition_export_xlsx")
REGISTER = reverse("petitions:register_docx")
DENOUNCER = [PetitionerInput(full_name="Phạm Văn Dũng", address="Tổ dân phố Ba Đồng")]


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def login(client, persona):
    def as_(username: str):
        client.force_login(persona(username))
        return client

    return as_


def sheet_rows(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    sheet = workbook.active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


def open_docx(response):
    assert response.status_code == 200
    assert "wordprocessingml" in response["Content-Type"]
    return Document(io.BytesIO(response.content))


def within_mm(length, low: float, high: float) -> bool:
    """Word stores lengths in twentieths of a point: allow the rounding."""
    return Mm(low - 0.1) <= length <= Mm(high + 0.1)


def reveals(petition):
    return [
        (e.actor, e.note) for e in events_for(petition) if e.action == "petition.identity_reveal"
    ]


def assign(persona, petition, username="hoanhson.canbo"):
    services.petition_assign(
        actor=persona("hoanhson.chutich"), petition=petition, user=persona(username), on=today()
    )


# ---------------------------------------------------------------- Excel


def test_the_excel_list_opens_with_a_row_per_petition_and_the_same_filters(register, login):
    register(title="Khiếu nại đất đai", received_on=today() - dt.timedelta(days=40))
    register(title="Phản ánh đèn đường", kind="feedback")

    rows = sheet_rows(login("hoanhson.canbo").get(XLSX))

    header, *data = rows
    assert header[:3] == ["Số vào sổ", "Ngày nhận", "Loại đơn"]
    assert "Hạn tiếp theo" in header
    assert {row[5] for row in data} == {"Khiếu nại đất đai", "Phản ánh đèn đường"}
    late = next(row for row in data if row[5] == "Khiếu nại đất đai")
    assert late[2] == "Khiếu nại"
    assert late[7] == "Nguyễn Văn An"
    assert late[12] == "Có"  # overdue
    assert late[6] == "Phường Hoành Sơn"
    assert isinstance(late[1], dt.datetime | dt.date)

    filtered = sheet_rows(login("hoanhson.canbo").get(XLSX, {"kind": "feedback"}))
    assert [row[5] for row in filtered[1:]] == ["Phản ánh đèn đường"]


def test_the_excel_list_protects_the_denouncer_from_the_chairman(register, login, persona):
    petition = register(kind="denunciation", title="Tố cáo sai phạm", petitioners=DENOUNCER)

    response = login("hoanhson.chutich").get(XLSX)

    assert b"Ph\xe1\xba\xa1m V\xc4\x83n D\xc5\xa9ng" not in response.content
    rows = sheet_rows(response)
    assert rows[1][7] == "Được bảo vệ"
    assert "Phạm Văn Dũng" not in str(rows)
    assert reveals(petition) == []


def test_the_excel_list_names_the_denouncer_for_the_assigned_officer_and_logs_it(
    register, login, persona
):
    petition = register(kind="denunciation", title="Tố cáo sai phạm", petitioners=DENOUNCER)
    assign(persona, petition)

    rows = sheet_rows(login("hoanhson.canbo").get(XLSX))

    assert rows[1][7] == "Phạm Văn Dũng"
    assert reveals(petition) == [(persona("hoanhson.canbo"), "export")]


# ---------------------------------------------------------------- the register book


def test_the_register_book_follows_decree_30(register, login, persona):
    year = today().year
    first = register(title="Khiếu nại thu hồi đất", received_on=dt.date(year, 1, 5))
    register(kind="feedback", title="Phản ánh đèn đường", received_on=dt.date(year, 1, 6))
    register(title="Đơn năm trước", received_on=dt.date(year - 1, 12, 30))
    services.petition_accept(actor=persona("hoanhson.canbo"), petition=first, on=today())

    response = login("hoanhson.canbo").get(
        REGISTER, {"organization": "hoanhson-ubnd", "year": year}
    )

    document = open_docx(response)
    content = docx_text(document)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in content
    assert "Độc lập - Tự do - Hạnh phúc" in content
    assert "ỦY BAN NHÂN DÂN PHƯỜNG HOÀNH SƠN" in content
    assert f"SỔ THEO DÕI ĐƠN THƯ NĂM {year}" in content
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    assert abs(section.page_width - Mm(297)) < Mm(1)
    assert within_mm(section.top_margin, 20, 25)
    assert within_mm(section.bottom_margin, 20, 25)
    assert within_mm(section.left_margin, 30, 35)
    assert within_mm(section.right_margin, 15, 20)
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman"
    assert Pt(13) <= normal.size <= Pt(14)

    table = document.tables[-1]
    header = [cell.text for cell in table.rows[0].cells]
    assert header == [
        "STT",
        "Ngày nhận",
        "Người đứng đơn",
        "Địa chỉ",
        "Nội dung tóm tắt",
        "Loại đơn",
        "Hướng xử lý",
        "Kết quả",
    ]
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert [row[4] for row in rows] == ["Khiếu nại thu hồi đất", "Phản ánh đèn đường"]
    assert rows[0][:3] == ["1", f"05/01/{year}", "Nguyễn Văn An"]
    assert "Đã thụ lý" in rows[0][6]
    assert "Đơn năm trước" not in content


def test_the_register_book_protects_the_denouncer_unless_assigned(register, login, persona):
    petition = register(kind="denunciation", title="Tố cáo sai phạm", petitioners=DENOUNCER)
    params = {"organization": "hoanhson-ubnd", "year": petition.register_year}

    chairman_copy = docx_text(open_docx(login("hoanhson.chutich").get(REGISTER, params)))
    assert "Phạm Văn Dũng" not in chairman_copy
    assert "Tổ dân phố Ba Đồng" not in chairman_copy
    assert "Được bảo vệ" in chairman_copy
    assert reveals(petition) == []

    assign(persona, petition)
    officer_copy = docx_text(open_docx(login("hoanhson.canbo").get(REGISTER, params)))
    assert "Phạm Văn Dũng" in officer_copy
    assert reveals(petition) == [(persona("hoanhson.canbo"), "register")]


def test_the_register_book_is_for_the_organisations_own_officers(login):
    params = {"organization": "hoanhson-ubnd"}

    assert login("songtri.canbo").get(REGISTER, params).status_code == 403
    assert login("tinh.danvan").get(REGISTER, params).status_code == 403
    assert login("hoanhson.canbo").get(REGISTER, {"organization": "nope"}).status_code == 404
    assert login("hoanhson.canbo").get(REGISTER, {"year": "abc"}).status_code == 404


# ---------------------------------------------------------------- the reply letter


def test_the_reply_letter_follows_decree_30(register, login, persona):
    officer = persona("hoanhson.canbo")
    petition = register(kind="feedback", title="Phản ánh đèn đường hỏng")
    services.petition_reply(
        actor=officer, petition=petition, on=today(), text="Ủy ban đã cho sửa đèn.\nXin cảm ơn."
    )

    response = login("hoanhson.canbo").get(
        reverse("petitions:reply_docx", args=[petition.public_id])
    )

    document = open_docx(response)
    content = docx_text(document)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in content
    assert "ỦY BAN NHÂN DÂN PHƯỜNG HOÀNH SƠN" in content
    assert "Số:" in content
    assert "V/v trả lời đơn của công dân" in content
    assert date_line("Hoành Sơn", today()) in content
    assert "Kính gửi: Ông/Bà Nguyễn Văn An" in content
    assert "Ủy ban đã cho sửa đèn." in content
    assert "Phản ánh đèn đường hỏng" in content
    assert "TM. ỦY BAN NHÂN DÂN" in content
    assert "CHỦ TỊCH" in content
    assert "Lê Quang Hưng" in content  # the chairman signs
    assert "Nơi nhận:" in content
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert abs(section.page_height - Mm(297)) < Mm(1)
    assert within_mm(section.left_margin, 30, 35)
    assert within_mm(section.right_margin, 15, 20)
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_the_date_line_pads_days_below_10_and_months_below_3():
    assert date_line("Hoành Sơn", dt.date(2026, 2, 5)) == "Hoành Sơn, ngày 05 tháng 02 năm 2026"
    assert date_line("Hoành Sơn", dt.date(2026, 11, 27)) == "Hoành Sơn, ngày 27 tháng 11 năm 2026"


def test_the_reply_letter_to_a_denouncer_is_protected_for_the_chairman(register, login, persona):
    petition = register(kind="denunciation", petitioners=DENOUNCER)
    url = reverse("petitions:reply_docx", args=[petition.public_id])

    chairman_copy = docx_text(open_docx(login("hoanhson.chutich").get(url)))
    assert "Phạm Văn Dũng" not in chairman_copy
    assert "danh tính được bảo vệ" in chairman_copy

    assign(persona, petition)
    officer_copy = docx_text(open_docx(login("hoanhson.canbo").get(url)))
    assert "Phạm Văn Dũng" in officer_copy
    assert reveals(petition) == [(persona("hoanhson.canbo"), "reply_letter")]


def test_the_reply_letter_of_another_wards_case_is_404(register, login):
    petition = register()

    url = reverse("petitions:reply_docx", args=[petition.public_id])
    assert login("songtri.canbo").get(url).status_code == 404
