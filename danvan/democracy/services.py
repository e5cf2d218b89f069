"""Recording a village's vote of households and its recognition (Law 10/2022/QH15).

The result is computed from the counts and the item's rule in whole numbers (no floats):
"at least two thirds" passes at exactly two thirds; "more than half" fails at exactly half.
The share is of all the village's households, not of those who voted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.audit.services import audit_record, snapshot
from danvan.core.errors import InvalidTransition, ValidationFailed
from danvan.democracy.law import MEETING_NOTICE_DAYS
from danvan.democracy.models import CommunityDecision, VoteRule
from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit

FIELDS = (
    "rule",
    "subject",
    "village",
    "method",
    "noticed_on",
    "held_on",
    "households_total",
    "households_voting",
    "votes_for",
    "votes_against",
    "passed",
    "status",
    "recognized_on",
    "recognition_number",
)
MAX_HOUSEHOLDS = 100_000


def passes(rule: VoteRule, votes_for: int, households_total: int) -> bool:
    """votes_for / households_total against the rule's fraction, in integers."""
    left = votes_for * rule.denominator
    right = rule.numerator * households_total
    if rule.comparison == VoteRule.Comparison.AT_LEAST:
        return left >= right
    return left > right


def _count(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationFailed(_("Số hộ phải là số nguyên không âm."), code="invalid", field=field)
    if value > MAX_HOUSEHOLDS:
        raise ValidationFailed(_("Số hộ quá lớn."), code="too_large", field=field)
    return value


def _check_counts(total: int, voting: int, votes_for: int, against: int) -> None:
    if total == 0:
        raise ValidationFailed(
            _("Thôn phải có ít nhất một hộ."), code="invalid", field="households_total"
        )
    if voting > total:
        raise ValidationFailed(
            _("Số hộ tham gia không được lớn hơn tổng số hộ của thôn."),
            code="invalid",
            field="households_voting",
        )
    if votes_for + against > voting:
        raise ValidationFailed(
            _("Số hộ tán thành và không tán thành cộng lại vượt số hộ tham gia."),
            code="invalid",
            field="votes_for",
        )


def _check_dates(method: str, noticed_on: dt.date | None, held_on: dt.date) -> None:
    if held_on > timezone.localdate():
        raise ValidationFailed(
            _("Ngày biểu quyết không được ở tương lai."), code="date_in_future", field="held_on"
        )
    if noticed_on is not None and noticed_on > held_on:
        raise ValidationFailed(
            _("Ngày thông báo phải trước ngày biểu quyết."), code="invalid", field="noticed_on"
        )
    if (
        method == CommunityDecision.Method.MEETING
        and noticed_on is not None
        and (held_on - noticed_on).days < MEETING_NOTICE_DAYS
    ):
        raise ValidationFailed(
            _("Hội nghị phải được thông báo cho người dân ít nhất %(n)d ngày trước.")
            % {"n": MEETING_NOTICE_DAYS},
            code="notice_too_short",
            field="noticed_on",
        )


@transaction.atomic
def decision_record(
    *,
    actor: Any,
    organization: Organization,
    admin_unit: AdminUnit,
    village: str,
    rule: VoteRule,
    subject: str,
    method: str,
    held_on: dt.date,
    households_total: int,
    households_voting: int,
    votes_for: int,
    votes_against: int,
    noticed_on: dt.date | None = None,
    note: str = "",
) -> CommunityDecision:
    """Record the vote and compute whether the item passed."""
    if method not in CommunityDecision.Method.values:
        raise ValidationFailed(
            _("Hình thức biểu quyết không hợp lệ."), code="invalid", field="method"
        )
    village = (village or "").strip()
    subject = (subject or "").strip()
    if not village:
        raise ValidationFailed(_("Hãy ghi thôn, tổ dân phố."), code="required", field="village")
    if not subject:
        raise ValidationFailed(_("Hãy ghi vấn đề biểu quyết."), code="required", field="subject")
    total = _count(households_total, "households_total")
    voting = _count(households_voting, "households_voting")
    yes = _count(votes_for, "votes_for")
    no = _count(votes_against, "votes_against")
    _check_counts(total, voting, yes, no)
    _check_dates(method, noticed_on, held_on)
    decision = CommunityDecision.objects.create(
        organization=organization,
        admin_unit=admin_unit,
        village=village,
        rule=rule,
        subject=subject,
        method=method,
        noticed_on=noticed_on,
        held_on=held_on,
        households_total=total,
        households_voting=voting,
        votes_for=yes,
        votes_against=no,
        passed=passes(rule, yes, total),
        note=(note or "").strip(),
    )
    audit_record(
        actor=actor,
        action="democracy.decision_record",
        target=decision,
        before=None,
        after=snapshot(decision, FIELDS),
    )
    return decision


def _locked(decision: CommunityDecision) -> CommunityDecision:
    return CommunityDecision.objects.select_for_update().get(pk=decision.pk)


@transaction.atomic
def decision_recognize(
    *, actor: Any, decision: CommunityDecision, on: dt.date, number: str
) -> CommunityDecision:
    """The commune's People's Committee recognises an item that passed."""
    decision = _locked(decision)
    if decision.status != CommunityDecision.Status.RECORDED:
        raise InvalidTransition(
            _("Chỉ công nhận được kết quả đang ở trạng thái “Đã ghi kết quả”."),
            code="invalid_transition",
        )
    if not decision.passed:
        raise InvalidTransition(
            _("Nội dung không đạt tỷ lệ hộ tán thành theo luật; không thể công nhận."),
            code="not_passed",
        )
    number = (number or "").strip()
    if not number:
        raise ValidationFailed(_("Hãy ghi số văn bản công nhận."), code="required", field="number")
    if on < decision.held_on or on > timezone.localdate():
        raise ValidationFailed(
            _("Ngày công nhận phải sau ngày biểu quyết và không ở tương lai."),
            code="invalid_date",
            field="on",
        )
    before = snapshot(decision, FIELDS)
    decision.status = CommunityDecision.Status.RECOGNIZED
    decision.recognized_on = on
    decision.recognition_number = number
    decision.save()
    audit_record(
        actor=actor,
        action="democracy.decision_recognize",
        target=decision,
        before=before,
        after=snapshot(decision, FIELDS),
    )
    return decision


@transaction.atomic
def decision_cancel(*, actor: Any, decision: CommunityDecision, reason: str) -> CommunityDecision:
    """Cancel a recorded result (entered by mistake, vote annulled); recognised results stay."""
    decision = _locked(decision)
    if decision.status != CommunityDecision.Status.RECORDED:
        raise InvalidTransition(
            _("Chỉ hủy được kết quả chưa được công nhận."), code="invalid_transition"
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_("Hãy ghi lý do hủy."), code="required", field="reason")
    before = snapshot(decision, FIELDS)
    decision.status = CommunityDecision.Status.CANCELLED
    decision.save()
    audit_record(
        actor=actor,
        action="democracy.decision_cancel",
        target=decision,
        before=before,
        after=snapshot(decision, FIELDS),
        note=reason,
    )
    return decision
