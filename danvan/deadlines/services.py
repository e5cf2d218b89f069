"""Writes to the legal rule table and the calendar overrides: validated, atomic, audited."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.audit.services import audit_record, snapshot
from danvan.core.errors import ValidationFailed
from danvan.core.validation import validate_model
from danvan.deadlines.calendar import check_year, invalidate_calendar_cache
from danvan.deadlines.models import CalendarDay, LegalRule

RULE_FIELDS = (
    "code",
    "title",
    "step",
    "kind",
    "round",
    "complex",
    "especially_complex",
    "remote_area",
    "authority",
    "period",
    "unit",
    "start_event",
    "extension_period",
    "max_extensions",
    "source",
    "note",
    "valid_from",
    "valid_to",
    "is_active",
)
CALENDAR_FIELDS = ("date", "kind", "name", "legal_source")
CODE_PATTERN = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")


def legal_rule_validate(rule: LegalRule) -> None:
    """Refuse a rule the table must not hold (also used by the admin form)."""
    if not CODE_PATTERN.match(rule.code or ""):
        raise ValidationFailed(
            _("Mã chỉ gồm chữ thường không dấu, số, dấu gạch dưới, phân tách bằng dấu chấm."),
            code="invalid_code",
            field="code",
        )
    if not isinstance(rule.period, int) or rule.period < 1:
        raise ValidationFailed(_("Thời hạn phải là số nguyên từ 1 trở lên."), field="period")
    if rule.valid_from and rule.valid_to and rule.valid_to < rule.valid_from:
        raise ValidationFailed(
            _("Ngày hết hiệu lực không được trước ngày có hiệu lực."), field="valid_to"
        )
    if rule.max_extensions and not rule.extension_period:
        raise ValidationFailed(
            _("Quy định cho phép gia hạn thì phải ghi thời gian gia hạn mỗi lần."),
            field="extension_period",
        )
    if rule.especially_complex and rule.complex is False:
        raise ValidationFailed(
            _("Vụ việc đặc biệt phức tạp cũng là vụ việc phức tạp."), field="complex"
        )
    validate_model(rule)


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = sorted(set(fields) - set(RULE_FIELDS))
    if unknown:
        raise ValidationFailed(
            _("Trường không hợp lệ: %(fields)s.") % {"fields": ", ".join(unknown)},
            field=unknown[0],
        )


@transaction.atomic
def legal_rule_create(*, actor: Any, **fields: Any) -> LegalRule:
    """Add a rule to the table (fields as on `LegalRule`)."""
    _check_fields(fields)
    rule = LegalRule(**fields)
    legal_rule_validate(rule)
    rule.save()
    audit_record(
        actor=actor,
        action="legal_rule.create",
        target=rule,
        after=snapshot(rule, RULE_FIELDS),
    )
    return rule


@transaction.atomic
def legal_rule_update(*, actor: Any, rule: LegalRule, **changes: Any) -> LegalRule:
    """Change a rule; the audit trail keeps its values before and after."""
    _check_fields(changes)
    rule = LegalRule.objects.select_for_update().get(pk=rule.pk)
    before = snapshot(rule, RULE_FIELDS)
    for name, value in changes.items():
        setattr(rule, name, value)
    legal_rule_validate(rule)
    after = snapshot(rule, RULE_FIELDS)
    changed = [name for name in RULE_FIELDS if before[name] != after[name]]
    if not changed:
        return rule
    rule.save(update_fields=[*changed, "updated_at"])
    audit_record(actor=actor, action="legal_rule.update", target=rule, before=before, after=after)
    return rule


def _calendar_changed() -> None:
    invalidate_calendar_cache()
    transaction.on_commit(invalidate_calendar_cache)


@transaction.atomic
def calendar_day_set(
    *, actor: Any, date: dt.date, kind: str, name: str, legal_source: str = ""
) -> CalendarDay:
    """Record that `date` is a day off or a (make-up) working day; replaces an earlier entry."""
    check_year(date.year)
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(_("Hãy ghi tên hoặc lý do của ngày này."), field="name")
    day = CalendarDay.objects.select_for_update().filter(date=date).first()
    before = snapshot(day, CALENDAR_FIELDS) if day else None
    day = day or CalendarDay(date=date)
    day.kind, day.name, day.legal_source = kind, name, (legal_source or "").strip()
    validate_model(day, validate_unique=before is None)
    after = snapshot(day, CALENDAR_FIELDS)
    if before == after:
        return day
    day.save()
    action = "calendar_day.update" if before else "calendar_day.create"
    audit_record(actor=actor, action=action, target=day, before=before, after=after)
    _calendar_changed()
    return day


@transaction.atomic
def calendar_day_delete(*, actor: Any, calendar_day: CalendarDay) -> None:
    """Remove an override; the date falls back to the package's calendar."""
    before = snapshot(calendar_day, CALENDAR_FIELDS)
    audit_record(actor=actor, action="calendar_day.delete", target=calendar_day, before=before)
    calendar_day.delete()
    _calendar_changed()
