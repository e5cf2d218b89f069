"""Files made from compensation records: a posting's public list (Word and PDF) and the
payments reconciliation (Excel).

The Word list follows the administrative layout of the petitions' documents (Decree
30/2020/NĐ-CP: issuer top left, national motto top right). The PDF embeds Be Vietnam Pro so
that every diacritic prints. A public list never shows a household's personal identification
number (privacy): only the head's name, the address, the lines counted and the amount."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import fontpkg_be_vietnam_pro
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from danvan.compensation import reconciliation
from danvan.compensation.models import AssetLine, CompensationProgram, Household, Posting
from danvan.compensation.rates import vn_number
from danvan.core import word as letter
from danvan.organizations.models import Organization

FONT_DIR = Path(fontpkg_be_vietnam_pro.__file__).resolve().parent / "files"
PDF_FONT = "BeVietnamPro"
DATE_FORMAT = "%d/%m/%Y"
LIST_COLUMNS_MM = [12.0, 45.0, 45.0, 90.0, 32.0, 28.0]


def _d(day: dt.date | None) -> str:
    return day.strftime(DATE_FORMAT) if day else ""


# ---------------------------------------------------------------- the posting's rows


def posting_households(posting: Posting) -> QuerySet[Household]:
    """The households on the list, with their lines (two queries)."""
    return (
        posting.households.select_related("group")
        .prefetch_related(
            Prefetch("assets", queryset=AssetLine.objects.order_by("created_at", "pk"))
        )
        .order_by("village", "head_full_name", "pk")
    )


def line_total(household: Household) -> Decimal:
    """The frozen total once approved, else the sum of the (prefetched) lines."""
    if household.approved_total is not None:
        return household.approved_total
    return sum((line.amount for line in household.assets.all()), Decimal(0))


@dataclass(frozen=True)
class ListRow:
    number: int
    head: str
    address: str
    content: str
    amount: Decimal
    note: str


def list_rows(households: Iterable[Household]) -> list[ListRow]:
    rows = []
    for number, household in enumerate(households, start=1):
        lines = [line.explanation or line.asset_category for line in household.assets.all()]
        rows.append(
            ListRow(
                number=number,
                head=household.head_full_name,
                address=household.address or household.village,
                content="\n".join(lines),
                amount=line_total(household),
                note=household.group.name if household.group else "",
            )
        )
    return rows


def issuer(posting: Posting) -> Organization | None:
    return posting.program.organization


def _title_lines(posting: Posting) -> list[str]:
    return [
        _("DANH SÁCH CÔNG KHAI"),
        _("KẾT QUẢ KIỂM ĐẾM VÀ SỐ TIỀN BỒI THƯỜNG, HỖ TRỢ DỰ KIẾN"),
    ]


def _facts(posting: Posting, count: int) -> list[str]:
    program = posting.program
    area = ", ".join(part for part in (posting.village, posting.admin_unit.name) if part)
    days = (posting.posted_to - posting.posted_from).days + 1
    period = _("từ ngày %(start)s đến hết ngày %(end)s (%(days)d ngày)") % {
        "start": _d(posting.posted_from),
        "end": _d(posting.posted_to),
        "days": days,
    }
    facts = [
        _("Chương trình: %(name)s") % {"name": program.name},
        _("Địa bàn: %(area)s") % {"area": area},
        _("Nơi niêm yết: %(place)s") % {"place": posting.place},
        _("Thời gian niêm yết: %(period)s") % {"period": period},
    ]
    if program.posting_basis:
        facts.append(_("Căn cứ thời gian niêm yết: %(basis)s") % {"basis": program.posting_basis})
    facts.append(_("Số hộ trong danh sách: %(n)d") % {"n": count})
    return facts


def _closing(posting: Posting) -> str:
    organization = issuer(posting)
    where = organization.name if organization else posting.admin_unit.name
    return _(
        "Trong thời gian niêm yết, hộ có ý kiến không đồng ý với kết quả trên gửi ý kiến về "
        "%(where)s để được xem xét, giải quyết trước khi phê duyệt."
    ) % {"where": where}


def _headers() -> list[str]:
    return [
        _("STT"),
        _("Chủ hộ"),
        _("Địa chỉ"),
        _("Nội dung (tài sản, thiệt hại đã kiểm đếm)"),
        _("Số tiền (đồng)"),
        _("Ghi chú"),
    ]


# ---------------------------------------------------------------- Word


def posting_docx(posting: Posting) -> bytes:
    """The list to post, as a Word document ready to be signed."""
    from docx.enum.table import WD_TABLE_ALIGNMENT

    rows = list_rows(posting_households(posting))
    organization = issuer(posting)
    document = letter.new_document()
    letter.page_setup(document, landscape=True)
    if organization is not None:
        right = letter.letterhead(document, organization, [95, 157], [])
        place = letter.place_name(organization)
    else:
        right = _plain_letterhead(document, posting)
        place = posting.admin_unit.name
    letter.para(right, letter.date_line(place, posting.posted_from), align="center", italic=True)
    letter.para(document, "", space_after=6)
    for index, line in enumerate(_title_lines(posting)):
        letter.para(document, line, align="center", bold=True, size=14 if index == 0 else 13)
    letter.para(document, "", space_after=6)
    for fact in _facts(posting, len(rows)):
        letter.para(document, fact, space_after=2)
    letter.para(document, "", space_after=6)

    headers = _headers()
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    letter.repeat_header(table.rows[0])
    for cell, label in zip(table.rows[0].cells, headers, strict=True):
        letter.para(cell, label, align="center", bold=True, replace_first=True)
    for row in rows:
        cells = table.add_row().cells
        values = [str(row.number), row.head, row.address, row.content, vn_number(row.amount)]
        aligns = ["center", "left", "left", "left", "right"]
        for cell, value, align in zip(cells, values, aligns, strict=False):
            letter.para(cell, value, align=align, replace_first=True)
        letter.para(cells[5], row.note, replace_first=True)
    total = table.add_row().cells
    merged = total[0].merge(total[3])
    letter.para(
        merged,
        _("Tổng cộng: %(n)d hộ") % {"n": len(rows)},
        align="center",
        bold=True,
        replace_first=True,
    )
    letter.para(
        total[4],
        vn_number(sum((row.amount for row in rows), Decimal(0))),
        align="right",
        bold=True,
        replace_first=True,
    )
    letter.column_widths(table, LIST_COLUMNS_MM)
    letter.para(document, "", space_after=6)
    letter.para(document, _closing(posting), align="justify", first_indent_mm=12.7)
    letter.para(document, "", space_after=6)
    _signature(document, organization)
    return letter.to_bytes(document)


def _plain_letterhead(document: Any, posting: Posting) -> Any:
    table = document.add_table(rows=1, cols=2)
    letter.column_widths(table, [95, 157])
    left, right = table.rows[0].cells
    name = _("ỦY BAN NHÂN DÂN %(unit)s") % {"unit": posting.admin_unit.name.upper()}
    letter.para(left, name, align="center", bold=True, replace_first=True)
    letter.para(right, letter.MOTTO, align="center", bold=True, replace_first=True)
    letter.para(right, letter.MOTTO_LINE_2, align="center", bold=True)
    return right


def _signature_lines(organization: Organization | None) -> tuple[str, str, str]:
    if organization is None:
        return _("TM. ỦY BAN NHÂN DÂN"), _("CHỦ TỊCH"), ""
    return letter.signer(organization)


def _signature(document: Any, organization: Organization | None) -> None:
    table = document.add_table(rows=1, cols=2)
    letter.column_widths(table, [125, 127])
    signer = table.rows[0].cells[1]
    on_behalf, title, name = _signature_lines(organization)
    first = True
    if on_behalf:
        letter.para(signer, on_behalf, align="center", bold=True, replace_first=True)
        first = False
    letter.para(signer, title, align="center", bold=True, replace_first=first)
    for _blank in range(4):
        letter.para(signer, "")
    if name:
        letter.para(signer, name, align="center", bold=True)


# ---------------------------------------------------------------- PDF


def _pdf() -> Any:
    from fpdf import FPDF

    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_margins(left=20, top=15, right=15)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font(PDF_FONT, "", str(FONT_DIR / "BeVietnamPro-Regular.ttf"))
    pdf.add_font(PDF_FONT, "B", str(FONT_DIR / "BeVietnamPro-Bold.ttf"))
    pdf.add_font(PDF_FONT, "I", str(FONT_DIR / "BeVietnamPro-Italic.ttf"))
    pdf.set_title(_("Danh sách công khai"))
    pdf.alias_nb_pages()
    pdf.set_font(PDF_FONT, size=10)
    return pdf


def posting_pdf(posting: Posting) -> bytes:
    """The same list as a PDF, the table split across pages with its header repeated."""
    from fpdf.enums import XPos, YPos
    from fpdf.fonts import FontFace

    rows = list_rows(posting_households(posting))
    organization = issuer(posting)
    pdf = _pdf()
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    left_w, right_w = width * 0.4, width * 0.6
    top = pdf.get_y()
    if organization is not None:
        governing, name = letter.issuer_lines(organization)
        place = letter.place_name(organization)
    else:
        governing, name = (
            "",
            _("ỦY BAN NHÂN DÂN %(unit)s") % {"unit": posting.admin_unit.name.upper()},
        )
        place = posting.admin_unit.name
    if governing:
        pdf.set_font(PDF_FONT, "", 10)
        pdf.multi_cell(left_w, 5, governing, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(PDF_FONT, "B", 10)
    pdf.multi_cell(left_w, 5, name, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_xy(pdf.l_margin + left_w, top)
    pdf.multi_cell(right_w, 5, letter.MOTTO, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.multi_cell(right_w, 5, letter.MOTTO_LINE_2, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(PDF_FONT, "I", 10)
    pdf.multi_cell(
        right_w,
        7,
        letter.date_line(place, posting.posted_from),
        align="C",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(4)
    for index, line in enumerate(_title_lines(posting)):
        pdf.set_font(PDF_FONT, "B", 13 if index == 0 else 11)
        pdf.multi_cell(width, 6, line, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_font(PDF_FONT, "", 10)
    for fact in _facts(posting, len(rows)):
        pdf.multi_cell(width, 5, fact, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)

    pdf.set_font(PDF_FONT, "", 9)
    total = sum((row.amount for row in rows), Decimal(0))
    with pdf.table(
        col_widths=LIST_COLUMNS_MM,
        width=width,
        line_height=5,
        text_align=("CENTER", "LEFT", "LEFT", "LEFT", "RIGHT", "LEFT"),
        headings_style=FontFace(emphasis="BOLD", fill_color=(232, 237, 246)),
        repeat_headings=1,
        padding=1,
    ) as table:
        heading = table.row()
        for label in _headers():
            heading.cell(label, align="CENTER")
        for row in rows:
            cells = table.row()
            for value in (str(row.number), row.head, row.address, row.content):
                cells.cell(value)
            cells.cell(vn_number(row.amount))
            cells.cell(row.note)
        bold = FontFace(emphasis="BOLD")
        last = table.row()
        last.cell(
            _("Tổng cộng: %(n)d hộ") % {"n": len(rows)}, colspan=4, align="CENTER", style=bold
        )
        last.cell(vn_number(total), style=bold)
        last.cell("")
    pdf.ln(4)
    pdf.set_font(PDF_FONT, "", 10)
    pdf.multi_cell(width, 5, _closing(posting), align="J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    on_behalf, title, signer_name = _signature_lines(organization)
    pdf.set_font(PDF_FONT, "B", 10)
    for text in (on_behalf, title):
        if text:
            pdf.set_x(pdf.l_margin + left_w)
            pdf.multi_cell(right_w, 5, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(18)
    if signer_name:
        pdf.set_x(pdf.l_margin + left_w)
        pdf.multi_cell(right_w, 5, signer_name, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


# ---------------------------------------------------------------- Excel


def reconciliation_xlsx(program: CompensationProgram, user: Any) -> bytes:
    """Đối chiếu chi trả: one sheet by ward and village, one per household, one of the
    anomalies (all in the reader's scope)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="E8EDF6")
    money = "#,##0"

    def sheet(title: str, columns: list[tuple[str, float]], first: bool = False) -> Any:
        ws: Any = workbook.active if first else workbook.create_sheet()
        ws.title = title
        ws.append([label for label, _width in columns])
        for index, (_label, width) in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
            cell = ws.cell(row=1, column=index)
            cell.font = header_font
            cell.fill = header_fill
        ws.freeze_panes = "A2"
        return ws

    by_village = sheet(
        _("Theo thôn"),
        [
            (_("Xã, phường"), 24),
            (_("Thôn, tổ dân phố"), 24),
            (_("Số hộ được phê duyệt"), 12),
            (_("Đã chi trả đủ"), 12),
            (_("Chi trả một phần"), 12),
            (_("Chưa chi trả"), 12),
            (_("Số tiền được phê duyệt (đồng)"), 20),
            (_("Đã chi trả (đồng)"), 20),
            (_("Còn phải trả (đồng)"), 20),
        ],
        first=True,
    )
    for row in [*reconciliation.village_figures(program, user), None]:
        figures = row or reconciliation.program_figures(program, user)
        label = [figures.admin_unit_name, figures.village] if row else [_("Tổng cộng"), ""]
        by_village.append(
            [
                *label,
                figures.approved_count,
                figures.paid_count,
                figures.partly_paid_count,
                figures.unpaid_count,
                figures.approved_total,
                figures.paid_total,
                figures.remaining,
            ]
        )
        if row is None:
            for cell in by_village[by_village.max_row]:
                cell.font = header_font
    for column in ("G", "H", "I"):
        for cell in by_village[column][1:]:
            cell.number_format = money

    by_household = sheet(
        _("Từng hộ"),
        [
            (_("Xã, phường"), 22),
            (_("Thôn, tổ dân phố"), 20),
            (_("Chủ hộ"), 26),
            (_("Mã hồ sơ"), 14),
            (_("Trạng thái"), 16),
            (_("Số quyết định"), 16),
            (_("Ngày phê duyệt"), 14),
            (_("Được phê duyệt (đồng)"), 18),
            (_("Đã chi trả (đồng)"), 18),
            (_("Còn phải trả (đồng)"), 18),
            (_("Số lần chi trả"), 10),
        ],
    )
    for household in reconciliation.approved_households(program, user):
        approved = household.approved_total or Decimal(0)
        paid = household.paid  # type: ignore[attr-defined]
        by_household.append(
            [
                household.admin_unit.name,
                household.village,
                household.head_full_name,
                household.public_id,
                household.get_status_display(),
                household.approval_decision,
                household.approved_on,
                approved,
                paid,
                approved - paid,
                household.payments_count,  # type: ignore[attr-defined]
            ]
        )
        by_household.cell(row=by_household.max_row, column=7).number_format = "DD/MM/YYYY"
    for column in ("H", "I", "J"):
        for cell in by_household[column][1:]:
            cell.number_format = money

    flagged = sheet(
        _("Bất thường"),
        [
            (_("Xã, phường"), 22),
            (_("Thôn, tổ dân phố"), 20),
            (_("Chủ hộ"), 26),
            (_("Mã hồ sơ"), 14),
            (_("Vấn đề"), 70),
        ],
    )
    for anomaly in reconciliation.anomalies(program, user):
        household = anomaly.household
        flagged.append(
            [
                household.admin_unit.name,
                household.village,
                household.head_full_name,
                household.public_id,
                anomaly.label,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
