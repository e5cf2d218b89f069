"""The synthesis report of a consultation (báo cáo tổng hợp, tiếp thu, giải trình ý kiến) as
a Word document: the administrative layout of danvan.core.word (Decree 30/2020/NĐ-CP), the
facts of the consultation (period and its legal source, the comments by channel), then one
table row per comment, section by section (general comments first), with the drafter's
response, and the summary. The report names a commenter only as entered (a name is
optional)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.consultations import selectors, services
from danvan.consultations.models import Comment, Consultation
from danvan.core import word as letter

DATE_FORMAT = "%d/%m/%Y"
COLUMNS_MM = [12.0, 40.0, 65.0, 48.0]


def _d(day: dt.date) -> str:
    return day.strftime(DATE_FORMAT)


def report_comments(consultation: Consultation) -> list[Comment]:
    """General comments first, then section by section, each in the order received."""
    comments = list(consultation.comments.select_related("section").order_by("received_on", "pk"))
    return sorted(comments, key=lambda c: c.section.position if c.section else 0)


def _section_label(comment: Comment) -> str:
    return comment.section.heading if comment.section else _("Góp ý chung")


def _comment_label(comment: Comment) -> str:
    author = comment.author_name or _("Không ghi tên")
    origin = comment.get_source_display()
    if comment.source_note:
        origin = f"{origin}: {comment.source_note}"
    return f"{comment.text}\n({author}; {origin}; {_d(comment.received_on)})"


def _response_label(comment: Comment) -> str:
    if not comment.response_kind:
        return _("Chưa tiếp thu, giải trình")
    return f"{comment.get_response_kind_display()}: {comment.response_text}"


def _facts(consultation: Consultation, comments: list[Comment]) -> list[str]:
    rule = services.period_rule()
    tallies = selectors.tallies(consultation)
    sources = [
        f"{label.lower()}: {tallies.by_source[value]}"
        for value, label in Comment.Source.choices
        if tallies.by_source[value]
    ]
    kinds: dict[str, int] = dict.fromkeys(Comment.ResponseKind.values, 0)
    for comment in comments:
        if comment.response_kind:
            kinds[comment.response_kind] += 1
    facts = [
        _(
            "Thời gian lấy ý kiến: từ ngày %(start)s đến ngày %(end)s (%(days)d ngày; "
            "%(citation)s quy định ít nhất %(min)d ngày)."
        )
        % {
            "start": _d(consultation.opens_on),
            "end": _d(consultation.closes_on),
            "days": services.period_days(consultation.opens_on, consultation.closes_on),
            "citation": rule.citation,
            "min": rule.min_days,
        },
        _("Tổng số ý kiến góp ý: %(n)d.") % {"n": len(comments)},
    ]
    if sources:
        facts.append(_("Theo hình thức: %(list)s.") % {"list": "; ".join(sources)})
    facts.append(
        _("Tiếp thu: %(a)d; tiếp thu một phần: %(p)d; giải trình: %(e)d.")
        % {"a": kinds["accepted"], "p": kinds["partly_accepted"], "e": kinds["explained"]}
    )
    return facts


def _signature(document: Any, consultation: Consultation) -> None:
    table = document.add_table(rows=1, cols=2)
    letter.column_widths(table, [80, 85])
    signer = table.rows[0].cells[1]
    on_behalf, title, name = letter.signer(consultation.organization)
    first = True
    if on_behalf:
        letter.para(signer, on_behalf, align="center", bold=True, replace_first=True)
        first = False
    letter.para(signer, title, align="center", bold=True, replace_first=first)
    for _blank in range(4):
        letter.para(signer, "")
    if name:
        letter.para(signer, name, align="center", bold=True)


def synthesis_report_docx(consultation: Consultation) -> bytes:
    """The synthesis report, ready to be signed."""
    from docx.enum.table import WD_TABLE_ALIGNMENT

    organization = consultation.organization
    comments = report_comments(consultation)
    document = letter.new_document()
    letter.page_setup(document, landscape=False)
    right = letter.letterhead(document, organization, [70, 95], [])
    day = timezone.localdate(consultation.reported_at) if consultation.reported_at else None
    letter.para(
        right,
        letter.date_line(letter.place_name(organization), day or timezone.localdate()),
        align="center",
        italic=True,
    )
    letter.para(document, "", space_after=6)
    letter.para(document, _("BÁO CÁO"), align="center", bold=True, size=14)
    letter.para(
        document,
        _("Tổng hợp, tiếp thu, giải trình ý kiến góp ý đối với %(title)s")
        % {"title": consultation.title},
        align="center",
        bold=True,
    )
    letter.para(document, "", space_after=6)
    for fact in _facts(consultation, comments):
        letter.para(document, fact, align="justify", first_indent_mm=12.7, space_after=2)
    letter.para(document, "", space_after=6)

    headers = [
        _("STT"),
        _("Mục dự thảo"),
        _("Nội dung góp ý"),
        _("Tiếp thu, giải trình"),
    ]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    letter.repeat_header(table.rows[0])
    for cell, label in zip(table.rows[0].cells, headers, strict=True):
        letter.para(cell, label, align="center", bold=True, replace_first=True)
    for number, comment in enumerate(comments, start=1):
        cells = table.add_row().cells
        values = [
            str(number),
            _section_label(comment),
            _comment_label(comment),
            _response_label(comment),
        ]
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            letter.para(cell, value, align="center" if index == 0 else "left", replace_first=True)
    if not comments:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[3])
        letter.para(merged, _("Không có ý kiến góp ý."), align="center", replace_first=True)
    letter.column_widths(table, COLUMNS_MM)
    letter.para(document, "", space_after=6)
    if consultation.summary:
        letter.para(document, _("Kết quả:"), bold=True, space_after=2)
        for line in consultation.summary.splitlines():
            letter.para(document, line, align="justify", first_indent_mm=12.7)
    letter.para(document, "", space_after=6)
    _signature(document, consultation)
    return letter.to_bytes(document)
