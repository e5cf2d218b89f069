"""Files made from petitions: the Excel list, the register book and the reply letter (Word).

Word documents follow the administrative layout of Decree 30/2020/NĐ-CP: A4, Times New Roman
13–14pt, margins top/bottom 20mm, left 30mm, right 15mm; the issuing organisation top left, the
national motto top right. A denouncer's identity appears only for a reader entitled to it, and
each such reveal is logged (confidentiality.petitioners_for)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.word import (
    SYMBOLS,
    date_line,
    place_name,
)
from danvan.core.word import column_widths as _column_widths
from danvan.core.word import letterhead as _letterhead
from danvan.core.word import new_document as _docx
from danvan.core.word import page_setup as _page
from danvan.core.word import para as _para
from danvan.core.word import repeat_header as _set_repeat_header
from danvan.core.word import signer as _signer
from danvan.core.word import to_bytes as _save
from danvan.core.word import write as _write
from danvan.deadlines.models import LegalRule
from danvan.organizations.models import Organization
from danvan.petitions.confidentiality import petitioners_for, petitioners_for_many
from danvan.petitions.deadlines import due_soon_limit
from danvan.petitions.forms import OUTCOME_LABELS
from danvan.petitions.models import Petition, PetitionDeadline, Petitioner

DATE_FORMAT = "%d/%m/%Y"


# ---------------------------------------------------------------- what a row shows


@dataclass(frozen=True)
class DeadlineState:
    deadline: PetitionDeadline
    overdue: bool
    due_soon: bool

    @property
    def step_label(self) -> str:
        return str(dict(LegalRule.Step.choices).get(self.deadline.step, self.deadline.step))


def deadline_state(deadline: PetitionDeadline, *, today: dt.date, soon: dt.date) -> DeadlineState:
    due = deadline.due_on
    open_ = deadline.met_on is None and due is not None
    return DeadlineState(
        deadline=deadline,
        overdue=open_ and due is not None and today > due,
        due_soon=open_ and due is not None and today <= due <= soon,
    )


def next_deadline(petition: Petition, *, today: dt.date, soon: dt.date) -> DeadlineState | None:
    """The earliest open deadline of the case (from the prefetched rows)."""
    open_rows = [d for d in petition.deadlines.all() if d.met_on is None and d.due_on]
    if not open_rows:
        return None
    first = min(open_rows, key=lambda d: (d.due_on, d.pk or 0))
    return deadline_state(first, today=today, soon=soon)


def handler_names(petition: Petition) -> str:
    return ", ".join(a.user.get_full_name() for a in petition.assignments.all())


def identity(user: Any, petition: Petition, *, surface: str) -> list[Petitioner] | None:
    """The petitioners the reader may see (a reveal of a denouncer is logged), else None."""
    return petitioners_for(user, petition, surface=surface)


def with_identity(
    user: Any, petitions: Iterable[Petition], *, surface: str, batch: int = 500
) -> Iterator[tuple[Petition, list[Petitioner] | None]]:
    """Each petition with the petitioners the reader may see; the reveals of each batch are
    logged in one insert, so a list costs no query per row."""
    chunk: list[Petition] = []

    def flush() -> Iterator[tuple[Petition, list[Petitioner] | None]]:
        shown = petitioners_for_many(user, chunk, surface=surface)
        for petition in chunk:
            yield petition, shown[petition.pk]

    for petition in petitions:
        chunk.append(petition)
        if len(chunk) >= batch:
            yield from flush()
            chunk = []
    if chunk:
        yield from flush()


def petitioner_label(people: list[Petitioner] | None, petition: Petition, protected: str) -> str:
    if people is None:
        return protected
    if petition.anonymous or not people:
        return _("Đơn nặc danh") if petition.anonymous else ""
    return "; ".join(person.full_name for person in people)


def address_label(people: list[Petitioner] | None, protected: str) -> str:
    if people is None:
        return protected
    return "; ".join(sorted({person.address for person in people if person.address}))


def outcome_label(petition: Petition) -> str:
    return str(OUTCOME_LABELS.get(petition.outcome, petition.outcome))


def _d(day: dt.date | None) -> str:
    return day.strftime(DATE_FORMAT) if day else ""


# ---------------------------------------------------------------- Excel


def _xlsx_columns() -> list[tuple[str, float]]:
    return [
        (_("Số vào sổ"), 11),
        (_("Ngày nhận"), 12),
        (_("Loại đơn"), 14),
        (_("Chủ đề"), 18),
        (_("Nguồn tiếp nhận"), 16),
        (_("Trích yếu"), 48),
        (_("Nơi phát sinh"), 22),
        (_("Người đứng đơn"), 26),
        (_("Trạng thái"), 22),
        (_("Ngày thụ lý"), 12),
        (_("Hạn tiếp theo"), 13),
        (_("Bước"), 24),
        (_("Quá hạn"), 9),
        (_("Ngày giải quyết"), 13),
        (_("Ngày trả lời"), 12),
        (_("Kết quả"), 22),
        (_("Người xử lý"), 24),
        (_("Cơ quan tiếp nhận"), 30),
    ]


def petitions_xlsx(user: Any, petitions: Iterable[Petition]) -> bytes:
    """The list as a workbook, one row per petition (write-only: memory does not grow)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    today = timezone.localdate()
    soon = due_soon_limit(today)
    protected = _("Được bảo vệ")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Đơn thư"))
    columns = _xlsx_columns()
    for index, (_label, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header = []
    for label, _width in columns:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8EDF6")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    sheet.append(header)

    def date_cell(day: dt.date | None) -> Any:
        value: Any = day
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD/MM/YYYY"
        return cell

    for petition, people in with_identity(user, petitions, surface="export"):
        state = next_deadline(petition, today=today, soon=soon)
        sheet.append(
            [
                petition.register_label,
                date_cell(petition.received_on),
                petition.get_kind_display(),
                petition.topic.name if petition.topic else "",
                petition.get_channel_display(),
                petition.title,
                petition.admin_unit.name if petition.admin_unit else "",
                petitioner_label(people, petition, protected),
                petition.get_status_display(),
                date_cell(petition.accepted_on),
                date_cell(state.deadline.due_on if state else None),
                state.step_label if state else "",
                _("Có") if state and state.overdue else "",
                date_cell(petition.resolved_on),
                date_cell(petition.replied_on),
                outcome_label(petition) if petition.outcome else "",
                handler_names(petition),
                petition.organization.name,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- Word: shared layout


# ---------------------------------------------------------------- Word: the register book


def handling_label(petition: Petition) -> str:
    parts = [petition.get_status_display()]
    forwardings = list(petition.forwardings.all())
    if forwardings:
        parts.append(_("chuyển đến %(org)s") % {"org": forwardings[-1].to_organization.name})
    if petition.accepted_on:
        parts.append(_("thụ lý ngày %(date)s") % {"date": _d(petition.accepted_on)})
    elif petition.handled_on:
        parts.append(_("ngày %(date)s") % {"date": _d(petition.handled_on)})
    if petition.handling_note:
        parts.append(petition.handling_note[:200])
    return "; ".join(parts)


def result_label(petition: Petition) -> str:
    parts = []
    if petition.outcome:
        parts.append(outcome_label(petition))
    summary = petition.outcome_summary or petition.reply_text
    if summary:
        parts.append(summary[:300])
    if petition.replied_on:
        parts.append(_("trả lời ngày %(date)s") % {"date": _d(petition.replied_on)})
    return "; ".join(parts)


REGISTER_COLUMNS_MM = [12.0, 22.0, 35.0, 35.0, 60.0, 22.0, 36.0, 30.0]


def register_docx(
    user: Any, organization: Organization, year: int, petitions: Iterable[Petition]
) -> bytes:
    """Sổ theo dõi đơn thư: every petition the organisation registered in `year`."""
    from docx.enum.table import WD_TABLE_ALIGNMENT

    document = _docx()
    _page(document, landscape=True)
    _letterhead(document, organization, [95, 157], [])
    _para(document, "", space_after=6)
    _para(
        document,
        _("SỔ THEO DÕI ĐƠN THƯ NĂM %(year)d") % {"year": year},
        align="center",
        bold=True,
        size=14,
    )
    _para(document, organization.name, align="center", italic=True, space_after=12)

    headers = [
        _("STT"),
        _("Ngày nhận"),
        _("Người đứng đơn"),
        _("Địa chỉ"),
        _("Nội dung tóm tắt"),
        _("Loại đơn"),
        _("Hướng xử lý"),
        _("Kết quả"),
    ]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_repeat_header(table.rows[0])
    for cell, label in zip(table.rows[0].cells, headers, strict=True):
        _para(cell, label, align="center", bold=True, replace_first=True)
    protected = _("Được bảo vệ")
    count = 0
    for petition, people in with_identity(user, petitions, surface="register"):
        count += 1
        values = [
            str(petition.number),
            _d(petition.received_on),
            petitioner_label(people, petition, protected),
            address_label(people, protected),
            petition.title,
            petition.get_kind_display(),
            handling_label(petition),
            result_label(petition),
        ]
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            _para(cell, value, align="center" if index < 2 else "left", replace_first=True)
    _column_widths(table, REGISTER_COLUMNS_MM)
    _para(document, "", space_after=6)
    _para(document, _("Tổng số: %(n)d đơn.") % {"n": count}, italic=True)
    return _save(document)


# ---------------------------------------------------------------- Word: the reply letter


def reply_docx(user: Any, petition: Petition) -> bytes:
    """Văn bản trả lời đơn: the letter to the petitioner, ready to be signed."""
    organization = petition.organization
    day = petition.replied_on or timezone.localdate()
    symbol = organization.short_name or SYMBOLS.get(organization.kind, "")
    document = _docx()
    _page(document, landscape=False)
    right = _letterhead(
        document,
        organization,
        [70, 95],
        [f"Số:        /{symbol}" if symbol else "Số:        ", ""],
    )
    _para(right, date_line(place_name(organization), day), align="center", italic=True)
    left = document.tables[0].rows[0].cells[0]
    _para(left, _("V/v trả lời đơn của công dân"), align="center", size=12)

    people = identity(user, petition, surface="reply_letter")
    if people is None:
        recipient = _("Người tố cáo (danh tính được bảo vệ)")
        address = ""
    elif petition.anonymous or not people:
        recipient = _("Người gửi đơn")
        address = ""
    else:
        recipient = "; ".join(_("Ông/Bà %(name)s") % {"name": p.full_name} for p in people)
        address = address_label(people, "")
    _para(document, "", space_after=6)
    kg = _para(document, "", align="center", space_after=6)
    _write(kg, _("Kính gửi: "))
    _write(kg, recipient)
    if address:
        _para(document, _("Địa chỉ: %(address)s") % {"address": address}, align="center")
    _para(document, "", space_after=6)

    body = [
        _(
            "Ngày %(date)s, %(org)s nhận được đơn của %(who)s (số vào sổ %(number)s, mã tra "
            "cứu %(code)s) về việc: %(title)s."
        )
        % {
            "date": _d(petition.received_on),
            "org": organization.name,
            "who": recipient if people else _("công dân"),
            "number": petition.register_label,
            "code": petition.tracking_code,
            "title": petition.title,
        },
        _("Sau khi xem xét, %(org)s trả lời như sau:") % {"org": organization.name},
    ]
    answer = (petition.reply_text or petition.outcome_summary or "").strip()
    body += [line.strip() for line in answer.splitlines() if line.strip()] or [
        _("(Nội dung trả lời.)")
    ]
    body.append(_("%(org)s trả lời để công dân được biết./.") % {"org": organization.name})
    for text in body:
        _para(document, text, align="justify", first_indent_mm=12.7, space_after=6)

    _para(document, "", space_after=6)
    signature = document.add_table(rows=1, cols=2)
    _column_widths(signature, [85, 80])
    recipients, signer = signature.rows[0].cells
    p = _para(recipients, "", replace_first=True)
    _write(p, _("Nơi nhận:"), bold=True, italic=True, size=12)
    _para(recipients, _("- Như trên;"), size=11)
    filed = _("- Lưu: VT, hồ sơ %(number)s.") % {"number": petition.register_label}
    _para(recipients, filed, size=11)
    on_behalf, title, name = _signer(organization)
    first = True
    if on_behalf:
        _para(signer, on_behalf, align="center", bold=True, replace_first=True)
        first = False
    _para(signer, title, align="center", bold=True, replace_first=first)
    for _blank_line in range(4):
        _para(signer, "")
    if name:
        _para(signer, name, align="center", bold=True)
    return _save(document)
