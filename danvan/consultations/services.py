"""Writes on consultations: create, sections, open, close, comments from every channel, the
drafter's responses and the synthesis report. Each service is atomic, locks the consultation,
checks the transition (`TRANSITIONS`) and records one audit event.

The consultation period (`period_days`): Law 10/2022/QH15 Art. 28(2) requires at least
`ConsultationRule(code="period").min_days` days from publication. The day of publication
(`opens_on`) does not count (Civil Code 2015 Art. 147(1): a period counted in days starts on
the day after the event), so `closes_on - opens_on` must be at least `min_days`: published on
1 March, the consultation may not close before 21 March."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.audit.services import audit_record, snapshot
from danvan.compensation.models import CompensationProgram
from danvan.consultations.models import (
    Comment,
    Consultation,
    ConsultationRule,
    ConsultationStatus,
    DraftSection,
)
from danvan.core.errors import InvalidTransition, ValidationFailed
from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit
from danvan.places.selectors import unit_ids_within

S = ConsultationStatus
AUDIT_FIELDS = (
    "title",
    "organization",
    "admin_unit",
    "program",
    "opens_on",
    "closes_on",
    "status",
    "summary",
)
SECTION_FIELDS = ("consultation", "position", "heading", "text")
COMMENT_FIELDS = (
    "consultation",
    "section",
    "text",
    "author_name",
    "source",
    "source_note",
    "received_on",
    "entered_by",
    "response_kind",
    "response_text",
    "responded_on",
    "responded_by",
)
MAX_TITLE = 255
MAX_TEXT = 20000
MAX_DRAFT = 100_000  # longer drafts are uploaded as a document


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str | None  # None: the status does not change


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("add_section", frozenset({S.DRAFT}), None),
        Transition("open", frozenset({S.DRAFT}), S.OPEN),
        Transition("close", frozenset({S.OPEN}), S.CLOSED),
        # Comments received on time on paper, at a meeting or by the hotline may be entered
        # after the close; the portal takes comments only while open (see comment_add).
        Transition("add_comment", frozenset({S.OPEN, S.CLOSED}), None),
        Transition("respond", frozenset({S.OPEN, S.CLOSED}), None),
        Transition("report", frozenset({S.CLOSED}), S.REPORTED),
    ]
}


ACTION_LABELS = {
    "add_section": gettext_lazy("thêm mục dự thảo"),
    "open": gettext_lazy("công khai, bắt đầu lấy ý kiến"),
    "close": gettext_lazy("kết thúc lấy ý kiến"),
    "add_comment": gettext_lazy("ghi góp ý"),
    "respond": gettext_lazy("tiếp thu, giải trình"),
    "report": gettext_lazy("báo cáo tổng hợp"),
}


def check(consultation: Consultation, action: str) -> Transition:
    transition = TRANSITIONS[action]
    if consultation.status not in transition.sources:
        raise InvalidTransition(
            _("Không thể %(action)s khi đợt lấy ý kiến ở trạng thái “%(status)s”.")
            % {"action": ACTION_LABELS[action], "status": consultation.get_status_display()},
            code="invalid_transition",
        )
    return transition


def period_rule() -> ConsultationRule:
    rule = ConsultationRule.objects.filter(code=ConsultationRule.PERIOD).first()
    if rule is None:  # pragma: no cover - shipped by a data migration
        raise ValidationFailed(
            _("Chưa có quy định về thời gian lấy ý kiến tối thiểu."), code="rule_missing"
        )
    return rule


def period_days(opens_on: dt.date, closes_on: dt.date) -> int:
    """Days of consultation from publication, the day of publication not counted."""
    return (closes_on - opens_on).days


def _text(value: str, *, field: str, limit: int, required: str | None = None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed(required, code="required", field=field)
    if len(value) > limit or "\x00" in value:
        raise ValidationFailed(
            _("Nội dung quá dài (tối đa %(n)d ký tự) hoặc có ký tự không hợp lệ.") % {"n": limit},
            code="invalid",
            field=field,
        )
    return value


def _check_dates(opens_on: dt.date, closes_on: dt.date) -> None:
    if closes_on < opens_on:
        raise ValidationFailed(
            _("Ngày kết thúc phải sau ngày bắt đầu lấy ý kiến."),
            code="invalid_period",
            field="closes_on",
        )


def _locked(consultation: Consultation) -> Consultation:
    list(Consultation.objects.select_for_update().filter(pk=consultation.pk).values_list("pk"))
    consultation.refresh_from_db()
    return consultation


def _record(actor: Any, action: str, target: Any, before: Any, fields: tuple[str, ...]) -> None:
    audit_record(
        actor=actor,
        action=f"consultations.{action}",
        target=target,
        before=before,
        after=snapshot(target, fields),
    )


@transaction.atomic
def consultation_create(
    *,
    actor: Any,
    title: str,
    organization: Organization,
    admin_unit: AdminUnit,
    opens_on: dt.date,
    closes_on: dt.date,
    program: CompensationProgram | None = None,
    draft_text: str = "",
    document: Any = None,
) -> Consultation:
    """A consultation in preparation. The period is checked against the minimum when it is
    opened (the dates may still move while the draft is prepared)."""
    _check_dates(opens_on, closes_on)
    jurisdiction = list(organization.jurisdiction.all())
    if jurisdiction and admin_unit.pk not in unit_ids_within(jurisdiction):
        raise ValidationFailed(
            _("Địa bàn lấy ý kiến nằm ngoài địa bàn phụ trách của cơ quan soạn thảo."),
            code="outside_jurisdiction",
            field="admin_unit",
        )
    consultation = Consultation(
        title=_text(title, field="title", limit=MAX_TITLE, required=_("Hãy ghi tên dự thảo.")),
        organization=organization,
        admin_unit=admin_unit,
        program=program,
        draft_text=_text(draft_text, field="draft_text", limit=MAX_DRAFT),
        opens_on=opens_on,
        closes_on=closes_on,
    )
    if document:
        consultation.document = document
    consultation.save()
    _record(actor, "consultation_create", consultation, None, AUDIT_FIELDS)
    return consultation


@transaction.atomic
def section_add(
    *, actor: Any, consultation: Consultation, heading: str, text: str = ""
) -> DraftSection:
    """Append a section to the draft (only while it is prepared)."""
    consultation = _locked(consultation)
    check(consultation, "add_section")
    last = consultation.sections.aggregate(last=Max("position"))["last"]
    section = DraftSection.objects.create(
        consultation=consultation,
        position=(last or 0) + 1,
        heading=_text(heading, field="heading", limit=255, required=_("Hãy ghi tiêu đề mục.")),
        text=_text(text, field="text", limit=MAX_DRAFT),
    )
    _record(actor, "section_add", section, None, SECTION_FIELDS)
    return section


HEADING = re.compile(r"^\s*((Chương|Mục|Điều|Phần)\s+[0-9IVXLC]+\b.*)$", re.IGNORECASE)


def split_sections(text: str) -> list[tuple[str, str]]:
    """`(heading, text)` for each section of a draft whose headings start with “Chương”,
    “Mục”, “Điều” or “Phần” and a number; text before the first heading is dropped."""
    sections: list[tuple[str, list[str]]] = []
    for line in (text or "").splitlines():
        match = HEADING.match(line)
        if match:
            sections.append((match.group(1).strip()[:255], []))
        elif sections:
            sections[-1][1].append(line)
    return [(heading, "\n".join(body).strip()) for heading, body in sections]


@transaction.atomic
def sections_from_text(*, actor: Any, consultation: Consultation) -> list[DraftSection]:
    """Split the draft text by its headings and append one section for each."""
    return [
        section_add(actor=actor, consultation=consultation, heading=heading, text=body)
        for heading, body in split_sections(consultation.draft_text)
    ]


@transaction.atomic
def consultation_open(*, actor: Any, consultation: Consultation) -> Consultation:
    """Publish the draft and open the consultation, if its period is long enough."""
    consultation = _locked(consultation)
    check(consultation, "open")
    rule = period_rule()
    days = period_days(consultation.opens_on, consultation.closes_on)
    if days < rule.min_days:
        raise ValidationFailed(
            _(
                "Thời gian lấy ý kiến phải ít nhất %(min)d ngày kể từ ngày công khai "
                "(%(citation)s); đợt này chỉ có %(days)d ngày."
            )
            % {"min": rule.min_days, "citation": rule.citation, "days": days},
            code="period_too_short",
            field="closes_on",
        )
    if (
        not consultation.draft_text
        and not consultation.document
        and not consultation.sections.exists()
    ):
        raise ValidationFailed(
            _("Dự thảo chưa có nội dung: hãy nhập nội dung, các mục hoặc tải tệp lên."),
            code="draft_empty",
        )
    before = snapshot(consultation, AUDIT_FIELDS)
    consultation.status = S.OPEN
    consultation.opened_at = timezone.now()
    consultation.save(update_fields=["status", "opened_at", "updated_at"])
    _record(actor, "consultation_open", consultation, before, AUDIT_FIELDS)
    return consultation


@transaction.atomic
def consultation_close(*, actor: Any, consultation: Consultation) -> Consultation:
    """End the consultation; comments received on time may still be entered by officers."""
    consultation = _locked(consultation)
    check(consultation, "close")
    before = snapshot(consultation, AUDIT_FIELDS)
    consultation.status = S.CLOSED
    consultation.closed_at = timezone.now()
    consultation.save(update_fields=["status", "closed_at", "updated_at"])
    _record(actor, "consultation_close", consultation, before, AUDIT_FIELDS)
    return consultation


@transaction.atomic
def comment_add(
    *,
    actor: Any,
    consultation: Consultation,
    text: str,
    source: str,
    section: DraftSection | None = None,
    author_name: str = "",
    source_note: str = "",
    received_on: dt.date | None = None,
) -> Comment:
    """Record a comment. From the portal: only while the consultation is open and within
    its dates, received today. Entered by an officer (paper form, meeting, hotline, officer):
    while open, or after the close for a comment received by the closing date."""
    consultation = _locked(consultation)
    check(consultation, "add_comment")
    if source not in Comment.Source.values:
        raise ValidationFailed(
            _("Hình thức góp ý không hợp lệ."), code="invalid_source", field="source"
        )
    today = timezone.localdate()
    if source == Comment.Source.PORTAL:
        if consultation.status != S.OPEN:
            raise InvalidTransition(
                _("Đợt lấy ý kiến đã kết thúc; không nhận góp ý qua cổng thông tin."),
                code="consultation_not_open",
            )
        received_on = today
    elif received_on is None:
        raise ValidationFailed(_("Hãy ghi ngày nhận góp ý."), code="required", field="received_on")
    if received_on > today:
        raise ValidationFailed(
            _("Ngày không được ở tương lai."), code="date_in_future", field="received_on"
        )
    if not consultation.opens_on <= received_on <= consultation.closes_on:
        raise ValidationFailed(
            _("Góp ý nhận ngoài thời gian lấy ý kiến (từ %(start)s đến %(end)s).")
            % {
                "start": consultation.opens_on.strftime("%d/%m/%Y"),
                "end": consultation.closes_on.strftime("%d/%m/%Y"),
            },
            code="outside_period",
            field="received_on",
        )
    if section is not None and section.consultation_id != consultation.pk:
        raise ValidationFailed(
            _("Mục này không thuộc dự thảo đang lấy ý kiến."), code="invalid", field="section"
        )
    officer = (
        actor
        if source != Comment.Source.PORTAL and getattr(actor, "is_authenticated", False)
        else None
    )
    comment = Comment.objects.create(
        consultation=consultation,
        section=section,
        text=_text(text, field="text", limit=MAX_TEXT, required=_("Hãy ghi nội dung góp ý.")),
        author_name=_text(author_name, field="author_name", limit=150),
        source=source,
        source_note=_text(source_note, field="source_note", limit=255),
        received_on=received_on,
        entered_by=officer,
    )
    # A resident's name given on the portal stays with the comment, not in the audit trail.
    fields = tuple(f for f in COMMENT_FIELDS if f != "author_name" or officer is not None)
    _record(actor, "comment_add", comment, None, fields)
    return comment


@transaction.atomic
def comment_respond(
    *,
    actor: Any,
    comment: Comment,
    kind: str,
    text: str,
    on: dt.date | None = None,
) -> Comment:
    """The drafter's answer to a comment: accepted, partly accepted or explained. It may be
    changed until the synthesis report; every change is in the audit trail."""
    consultation = _locked(comment.consultation)
    check(consultation, "respond")
    if kind not in Comment.ResponseKind.values:
        raise ValidationFailed(
            _(
                "Hình thức tiếp thu, giải trình phải là “accepted”, “partly_accepted” "
                "hoặc “explained”."
            ),
            code="invalid_response_kind",
            field="kind",
        )
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationFailed(_("Ngày không được ở tương lai."), code="date_in_future", field="on")
    if on < comment.received_on:
        raise ValidationFailed(
            _("Ngày tiếp thu, giải trình không được trước ngày nhận góp ý."),
            code="before_received",
            field="on",
        )
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    before = snapshot(comment, COMMENT_FIELDS)
    comment.response_kind = kind
    comment.response_text = _text(
        text, field="text", limit=MAX_TEXT, required=_("Hãy ghi nội dung tiếp thu, giải trình.")
    )
    comment.responded_on = on
    comment.responded_by = actor if getattr(actor, "is_authenticated", False) else None
    comment.save()
    _record(actor, "comment_respond", comment, before, COMMENT_FIELDS)
    return comment


@transaction.atomic
def consultation_report(*, actor: Any, consultation: Consultation, summary: str) -> Consultation:
    """Close the file with the synthesis report: every comment must have been answered."""
    consultation = _locked(consultation)
    check(consultation, "report")
    pending = consultation.comments.filter(response_kind="").count()
    if pending:
        raise InvalidTransition(
            _("Còn %(n)d góp ý chưa được tiếp thu, giải trình.") % {"n": pending},
            code="comments_unanswered",
        )
    before = snapshot(consultation, AUDIT_FIELDS)
    consultation.summary = _text(
        summary, field="summary", limit=MAX_TEXT, required=_("Hãy ghi tóm tắt kết quả.")
    )
    consultation.status = S.REPORTED
    consultation.reported_at = timezone.now()
    consultation.save(update_fields=["summary", "status", "reported_at", "updated_at"])
    _record(actor, "consultation_report", consultation, before, AUDIT_FIELDS)
    return consultation
