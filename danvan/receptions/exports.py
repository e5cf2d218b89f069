"""The reception register (sổ tiếp công dân) as Excel and Word files, in the administrative
layout: the organisation and the national motto at the top, the title, then the columns of
Law on Citizen Reception Art. 25(2). Times New Roman, A4 landscape.

The register is a legal form: it is always written in Vietnamese, whatever the reader's
interface language.

A denouncer's identity (a visit linked to a denunciation) is written only for an entitled
reader: the caller passes `visitors`, what `confidentiality.visitors_for_many` allows (and
has logged); a visit mapped to None, or missing, shows only that the identity is withheld."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from danvan.receptions.confidentiality import Visitors
from danvan.receptions.models import ReceptionVisit, VisitPerson

FONT = "Times New Roman"


@dataclass(frozen=True)
class RegisterHeader:
    organization: str
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _period_label(header: RegisterHeader) -> str:
    if header.date_from and header.date_to:
        return _("Từ ngày %(a)s đến ngày %(b)s") % {
            "a": f"{header.date_from:%d/%m/%Y}",
            "b": f"{header.date_to:%d/%m/%Y}",
        }
    if header.date_from:
        return _("Từ ngày %(a)s") % {"a": f"{header.date_from:%d/%m/%Y}"}
    if header.date_to:
        return _("Đến ngày %(b)s") % {"b": f"{header.date_to:%d/%m/%Y}"}
    return ""


def _columns() -> list[tuple[str, float]]:
    """(heading, width in Excel characters) of the register's columns (Art. 25(2))."""
    return [
        (_("Số thứ tự"), 8),
        (_("Ngày tiếp"), 11),
        (_("Họ tên, địa chỉ, số định danh cá nhân của người đến"), 28),
        (_("Nội dung vụ việc"), 36),
        (_("Việc giải quyết trước đó"), 22),
        (_("Yêu cầu của công dân"), 24),
        (_("Kết quả tiếp, hướng xử lý"), 26),
        (_("Người tiếp"), 16),
        (_("Ghi chú"), 16),
    ]


def _person_cell(visit: ReceptionVisit, people: list[VisitPerson] | None) -> str:
    if people is None:
        lines = [_("Danh tính người tố cáo được giữ bí mật")]
        if visit.collective:
            lines.append(_("Đoàn đông người: %(n)d người") % {"n": visit.people_count})
        return "\n".join(lines)
    lines = [visit.full_name]
    if visit.address:
        lines.append(visit.address)
    if visit.id_number:
        lines.append(_("Số định danh: %(n)s") % {"n": visit.id_number})
    if visit.collective:
        representatives = [p.full_name for p in people if p.is_representative]
        lines.append(
            _("Đoàn đông người: %(n)d người; đại diện: %(names)s")
            % {"n": visit.people_count, "names": ", ".join(representatives)}
        )
    return "\n".join(lines)


def _outcome_cell(visit: ReceptionVisit) -> str:
    parts = [str(visit.get_outcome_display())]
    if visit.outcome_text:
        parts.append(visit.outcome_text)
    petitions = [p.register_label for p in visit.petitions.all()]
    if petitions:
        parts.append(_("Đơn thư số: %(n)s") % {"n": ", ".join(petitions)})
    return "\n".join(parts)


def _note_cell(visit: ReceptionVisit) -> str:
    if visit.session_id and visit.session is not None:
        return _("Tiếp theo lịch ngày %(d)s") % {"d": f"{visit.session.date:%d/%m/%Y}"}
    return ""


def register_rows(visits: Sequence[ReceptionVisit], visitors: Visitors) -> list[list[str]]:
    """The register's cells, one list per visit, in the order of `_columns()`."""
    rows = []
    for visit in visits:
        people = visitors.get(visit.pk)
        receiver = visit.received_by.get_full_name() if visit.received_by else ""
        rows.append(
            [
                visit.register_label,
                f"{visit.visited_on:%d/%m/%Y}",
                _person_cell(visit, people),
                visit.content,
                visit.previous_handling,
                visit.request,
                _outcome_cell(visit),
                receiver,
                _note_cell(visit),
            ]
        )
    return rows


def register_xlsx(
    visits: Sequence[ReceptionVisit], header: RegisterHeader, visitors: Visitors
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    with translation.override("vi"):
        columns = _columns()
        rows = register_rows(visits, visitors)
        title = _("SỔ TIẾP CÔNG DÂN")
        motto = [_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), _("Độc lập - Tự do - Hạnh phúc")]
        period = _period_label(header)
        sheet_title = _("Sổ tiếp công dân")

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_title[:31]
    last = get_column_letter(len(columns))
    bold = Font(name=FONT, size=12, bold=True)
    normal = Font(name=FONT, size=11)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    top = Alignment(vertical="top", wrap_text=True)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)

    sheet.merge_cells("A1:C1")
    sheet["A1"] = header.organization.upper()
    sheet.merge_cells(f"E1:{last}1")
    sheet["E1"] = motto[0]
    sheet.merge_cells(f"E2:{last}2")
    sheet["E2"] = motto[1]
    sheet["E2"].font = Font(name=FONT, size=12, bold=True, underline="single")
    for ref in ("A1", "E1"):
        sheet[ref].font = bold
    for ref in ("A1", "E1", "E2"):
        sheet[ref].alignment = center
    sheet.merge_cells(f"A4:{last}4")
    sheet["A4"] = title
    sheet["A4"].font = Font(name=FONT, size=15, bold=True)
    sheet["A4"].alignment = center
    if period:
        sheet.merge_cells(f"A5:{last}5")
        sheet["A5"] = period
        sheet["A5"].font = Font(name=FONT, size=12, italic=True)
        sheet["A5"].alignment = center

    head_row = 7
    for index, (heading, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=head_row, column=index, value=heading)
        cell.font = Font(name=FONT, size=11, bold=True)
        cell.alignment = center
        cell.border = box
        sheet.column_dimensions[get_column_letter(index)].width = width
        number = sheet.cell(row=head_row + 1, column=index, value=f"({index})")
        number.font = Font(name=FONT, size=10, italic=True)
        number.alignment = center
        number.border = box
    for offset, row in enumerate(rows, start=head_row + 2):
        for index, value in enumerate(row, start=1):
            cell = sheet.cell(row=offset, column=index, value=value)
            cell.font = normal
            cell.alignment = top
            cell.border = box
    sheet.print_title_rows = f"{head_row}:{head_row + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    if sheet.sheet_properties.pageSetUpPr is not None:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.freeze_panes = f"A{head_row + 2}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _docx_font(run: object, *, size: float, bold: bool = False, italic: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = run.font  # type: ignore[attr-defined]
    font.name = FONT
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    run_properties = run._element.get_or_add_rPr()  # type: ignore[attr-defined]
    run_properties.get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def register_docx(
    visits: Sequence[ReceptionVisit], header: RegisterHeader, visitors: Visitors
) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    with translation.override("vi"):
        columns = _columns()
        rows = register_rows(visits, visitors)
        title = _("SỔ TIẾP CÔNG DÂN")
        motto = [_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), _("Độc lập - Tự do - Hạnh phúc")]
        period = _period_label(header)

    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(12)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(15)
    section.top_margin = section.bottom_margin = Mm(15)

    top = document.add_table(rows=1, cols=2)
    left_cell, right_cell = top.rows[0].cells
    left = left_cell.paragraphs[0]
    left.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _docx_font(left.add_run(header.organization.upper()), size=12, bold=True)
    right = right_cell.paragraphs[0]
    right.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _docx_font(right.add_run(motto[0]), size=12, bold=True)
    second = right_cell.add_paragraph()
    second.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = second.add_run(motto[1])
    _docx_font(run, size=13, bold=True)
    run.font.underline = True

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.paragraph_format.space_before = Pt(12)
    _docx_font(heading.add_run(title), size=15, bold=True)
    if period:
        line = document.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _docx_font(line.add_run(period), size=12, italic=True)

    table = document.add_table(rows=2, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total_width = sum(width for _heading, width in columns)
    usable = 267  # mm: 297 minus the margins
    for index, (heading_text, width) in enumerate(columns):
        cell = table.rows[0].cells[index]
        cell.width = Mm(usable * width / total_width)
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _docx_font(paragraph.add_run(heading_text), size=11, bold=True)
        number = table.rows[1].cells[index].paragraphs[0]
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _docx_font(number.add_run(f"({index + 1})"), size=10, italic=True)
    for row in rows:
        cells = table.add_row().cells
        for index, value in enumerate(row):
            lines = value.split("\n") if value else [""]
            paragraph = cells[index].paragraphs[0]
            for number, text in enumerate(lines):
                if number:
                    paragraph = cells[index].add_paragraph()
                _docx_font(paragraph.add_run(text), size=11)
    for table_row in table.rows[:2]:
        properties = table_row._tr.get_or_add_trPr()
        from docx.oxml import OxmlElement

        repeat = OxmlElement("w:tblHeader")
        properties.append(repeat)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
