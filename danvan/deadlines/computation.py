"""The one deadline computation every app uses: a rule, a start date, pauses and extensions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from danvan.core.errors import ValidationFailed
from danvan.deadlines.calendar import MAX_PERIOD, WorkingCalendar, default_calendar
from danvan.deadlines.models import LegalRule

#: The walk gives up after this many calendar days (paused time included): about 30 years.
MAX_WALK_DAYS = 11_000


@dataclass(frozen=True)
class Pause:
    """The clock stopped on `start` and restarts on `end` (which counts again); open if None."""

    start: dt.date
    end: dt.date | None = None
    reason: str = ""

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


def check_extensions(rule: LegalRule, extensions: Sequence[int]) -> None:
    """Refuse more extensions than the rule allows, or longer ones."""
    if len(extensions) > rule.max_extensions:
        if rule.max_extensions == 0:
            message = _("Thời hạn “%(code)s” không được gia hạn.") % {"code": rule.code}
        else:
            message = _("Thời hạn “%(code)s” chỉ được gia hạn tối đa %(max)d lần.") % {
                "code": rule.code,
                "max": rule.max_extensions,
            }
        raise ValidationFailed(message, code="too_many_extensions", field="extensions")
    limit = rule.extension_period or MAX_PERIOD
    for extension in extensions:
        if extension < 1 or extension > limit:
            raise ValidationFailed(
                _("Mỗi lần gia hạn phải từ 1 đến %(max)d %(unit)s.")
                % {"max": limit, "unit": rule.get_unit_display()},
                code="invalid_extension",
                field="extensions",
            )


def _check_pauses(pauses: Sequence[Pause]) -> None:
    for pause in pauses:
        if pause.end is not None and pause.end < pause.start:
            raise ValidationFailed(
                _("Ngày tiếp tục tính thời hạn không được trước ngày tạm dừng."),
                code="invalid_pause",
                field="pauses",
            )


def compute_due_date(
    *,
    rule: LegalRule,
    start: dt.date,
    pauses: Sequence[Pause] = (),
    extensions: Sequence[int] = (),
    calendar: WorkingCalendar | None = None,
) -> dt.date | None:
    """The last day to complete the step `rule` governs, or None while the clock is stopped.

    The period (plus extensions, in the rule's unit) is counted from the day after `start`.
    Days inside a pause are not counted: calendar days for a rule in days, working days for a
    rule in working days. A period in days that ends on a day off ends on the next working day.
    A pause still open when the period would otherwise end means there is no due date yet.
    """
    check_extensions(rule, extensions)
    _check_pauses(pauses)
    calendar = calendar or default_calendar()
    total = rule.period + sum(extensions)
    working = rule.unit == LegalRule.Unit.WORKING_DAYS
    day, counted = start, 0
    for _step in range(MAX_WALK_DAYS):
        if counted >= total:
            break
        day += dt.timedelta(days=1)
        pause = next((p for p in pauses if p.covers(day)), None)
        if pause is not None:
            if pause.end is None:
                return None
            continue
        if not working or calendar.is_working_day(day):
            counted += 1
    else:
        raise ValidationFailed(
            _("Thời gian tạm dừng quá dài, không tính được thời hạn."), code="period_too_long"
        )
    return day if working else calendar.next_working_day(day)


@dataclass(frozen=True)
class Deadline:
    """A step's deadline as the petitions app reports it (shared/API.md `deadlines`)."""

    step: str
    due_on: dt.date | None
    rule_code: str
    met_on: dt.date | None
    overdue: bool

    @classmethod
    def evaluate(
        cls,
        *,
        step: str,
        due_on: dt.date | None,
        rule_code: str,
        met_on: dt.date | None = None,
        today: dt.date,
    ) -> Deadline:
        """Overdue: met after the due date, or not met and `today` is past it."""
        if due_on is None:
            overdue = False
        elif met_on is not None:
            overdue = met_on > due_on
        else:
            overdue = today > due_on
        return cls(step=step, due_on=due_on, rule_code=rule_code, met_on=met_on, overdue=overdue)

    def as_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "rule": self.rule_code,
            "met_on": self.met_on.isoformat() if self.met_on else None,
            "overdue": self.overdue,
        }


def deadline_for(
    *,
    rule: LegalRule,
    start: dt.date,
    today: dt.date,
    met_on: dt.date | None = None,
    pauses: Sequence[Pause] = (),
    extensions: Sequence[int] = (),
    calendar: WorkingCalendar | None = None,
) -> Deadline:
    """Compute the due date of `rule` from `start` and judge it against `today`."""
    due_on = compute_due_date(
        rule=rule, start=start, pauses=pauses, extensions=extensions, calendar=calendar
    )
    return Deadline.evaluate(
        step=rule.step, due_on=due_on, rule_code=rule.code, met_on=met_on, today=today
    )
