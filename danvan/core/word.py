"""The administrative layout of Word documents (Decree 30/2020/NĐ-CP): the issuer and the
national motto at the top, the place and date line, the signature block; shared by every
document the product prints (petition registers and letters, posted compensation lists,
minutes)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.organizations.models import Membership, Organization

FONT = "Times New Roman"
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_LINE_2 = "Độc lập - Tự do - Hạnh phúc"
LEVEL_WORDS = ("Thành phố ", "Thị trấn ", "Thị xã ", "Phường ", "Tỉnh ", "Huyện ", "Quận ", "Xã ")


SYMBOLS: dict[str, str] = {
    Organization.Kind.PEOPLE_COMMITTEE: "UBND",
    Organization.Kind.PARTY_COMMITTEE: "ĐU",
    Organization.Kind.MASS_MOBILIZATION_BOARD: "BDV",
    Organization.Kind.FATHERLAND_FRONT: "MTTQ",
}


def new_document() -> Any:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    return document


def page_setup(document: Any, *, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(20)
    section.bottom_margin = Mm(20)
    section.left_margin = Mm(30)
    section.right_margin = Mm(15)


def write(
    paragraph: Any,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float = 13,
    underline: bool = False,
) -> Any:
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.bold = bold
    run.italic = italic
    run.underline = underline
    run.font.size = Pt(size)
    run.font.name = FONT
    return run


def para(
    container: Any,
    text: str = "",
    *,
    align: str = "left",
    bold: bool = False,
    italic: bool = False,
    size: float = 13,
    first_indent_mm: float = 0,
    space_after: float = 0,
    replace_first: bool = False,
) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    if replace_first and container.paragraphs and not container.paragraphs[0].text:
        paragraph = container.paragraphs[0]
    else:
        paragraph = container.add_paragraph()
    paragraph.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    if first_indent_mm:
        paragraph.paragraph_format.first_line_indent = Mm(first_indent_mm)
    paragraph.paragraph_format.space_after = Pt(space_after)
    if text:
        write(paragraph, text, bold=bold, italic=italic, size=size)
    return paragraph


def column_widths(table: Any, widths_mm: list[float]) -> None:
    from docx.shared import Mm

    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def issuer_lines(organization: Organization) -> tuple[str, str]:
    """(the governing body, the organisation) as Decree 30 writes them top left, upper case.

    A People's Committee, a Party committee or a Front committee names itself alone."""
    standalone = {
        Organization.Kind.PEOPLE_COMMITTEE,
        Organization.Kind.PARTY_COMMITTEE,
        Organization.Kind.FATHERLAND_FRONT,
    }
    parent = organization.parent
    governing = "" if organization.kind in standalone or parent is None else parent.name
    return governing.upper(), organization.name.upper()


def letterhead(
    document: Any, organization: Organization, widths_mm: list[float], left_extra: list[str]
) -> Any:
    """The two-column head: issuer (and the letter's number) left, the national motto right."""
    table = document.add_table(rows=1, cols=2)
    column_widths(table, widths_mm)
    left, right = table.rows[0].cells
    governing, name = issuer_lines(organization)
    if governing:
        para(left, governing, align="center", replace_first=True)
        para(left, name, align="center", bold=True)
    else:
        para(left, name, align="center", bold=True, replace_first=True)
    para(left, "―――――", align="center", size=11)
    for line in left_extra:
        para(left, line, align="center")
    para(right, MOTTO, align="center", bold=True, replace_first=True)
    para(right, MOTTO_LINE_2, align="center", bold=True)
    para(right, "――――――――――――", align="center", size=11)
    return right


def to_bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def place_name(organization: Organization) -> str:
    """Địa danh: the name of the unit where the organisation sits, without its level word."""
    units = sorted(organization.jurisdiction.all(), key=lambda unit: unit.path)
    if not units:
        return ""
    name = units[0].name
    for prefix in LEVEL_WORDS:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def date_line(place: str, day: dt.date) -> str:
    """ "Hoành Sơn, ngày 05 tháng 02 năm 2026" (Decree 30: days below 10 and months below 3
    take a leading zero)."""
    day_text = f"{day.day:02d}" if day.day < 10 else str(day.day)
    month_text = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = _("ngày %(d)s tháng %(m)s năm %(y)d") % {"d": day_text, "m": month_text, "y": day.year}
    return f"{place}, {text}" if place else text.capitalize()


def signer(organization: Organization) -> tuple[str, str, str]:
    """(on behalf of, title, name) of the signature block."""
    head = (
        Membership.objects.active(timezone.localdate())
        .filter(organization=organization, role=Membership.Role.HEAD)
        .select_related("user")
        .first()
    )
    name = head.user.get_full_name() if head else ""
    if organization.kind == Organization.Kind.PEOPLE_COMMITTEE:
        return _("TM. ỦY BAN NHÂN DÂN"), _("CHỦ TỊCH"), name
    return "", (head.title.upper() if head and head.title else _("THỦ TRƯỞNG CƠ QUAN")), name
