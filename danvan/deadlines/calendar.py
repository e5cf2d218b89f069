"""The working-day calendar: Monday to Friday, minus Vietnam's public holidays, with overrides.

Public holidays (Tết, Hùng Kings, 30/4, 1/5, National Day, observed and substituted days, and
the package's make-up Saturdays) come from the `holidays` package. Each year's announced swaps
are data (`CalendarDay`) that an administrator edits; an override always wins over the package.

`WorkingCalendar` is pure: it is given its overrides. The module-level functions use the default
calendar, whose overrides are read from the database once and cached until a service writes
(`invalidate_calendar_cache`). Package holidays are cached per year.

Periods (Civil Code 91/2015/QH13 Arts. 147-148): a period starts the day after the event; a
period in days whose last day is not a working day ends on the next working day.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

import holidays
from django.core.cache import cache
from django.utils.translation import gettext as _

from danvan.core.errors import ValidationFailed

DAY_OFF = "day_off"
WORKING_DAY = "working_day"
MIN_YEAR = 1980
MAX_YEAR = 2100
#: Longest period (in days or working days) the calendar accepts: about ten years.
MAX_PERIOD = 3660

_GENERATION_KEY = "deadlines:calendar:generation"


@dataclass(frozen=True)
class Override:
    """An administrator's entry for one date (a `CalendarDay` row, detached from the ORM)."""

    kind: str
    name: str
    legal_source: str = ""


@dataclass(frozen=True)
class CalendarEntry:
    """A date that is not an ordinary weekday/weekend, for display."""

    date: dt.date
    kind: str  # DAY_OFF or WORKING_DAY
    name: str
    origin: str  # "package" or "override"
    legal_source: str = ""

    @property
    def is_override(self) -> bool:
        return self.origin == "override"


def check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationFailed(
            _("Lịch làm việc chỉ hỗ trợ các năm từ %(min)d đến %(max)d.")
            % {"min": MIN_YEAR, "max": MAX_YEAR},
            code="year_out_of_range",
        )


def check_period(n: int, field: str = "n") -> None:
    if n < 0 or n > MAX_PERIOD:
        raise ValidationFailed(
            _("Số ngày phải là số nguyên từ 0 đến %(max)d.") % {"max": MAX_PERIOD},
            code="invalid_period",
            field=field,
        )


@functools.lru_cache(maxsize=256)
def package_holidays(year: int) -> Mapping[dt.date, str]:
    """Public holidays (with Vietnamese names) the `holidays` package knows for `year`."""
    calendar = holidays.country_holidays("VN", years=year, language="vi")
    return {day: str(name) for day, name in sorted(calendar.items()) if day.year == year}


@functools.lru_cache(maxsize=256)
def package_workdays(year: int) -> frozenset[dt.date]:
    """Weekend days the `holidays` package knows as make-up working days in `year`."""
    calendar = holidays.country_holidays("VN", years=year)
    workdays: set[dt.date] = getattr(calendar, "weekend_workdays", set())
    return frozenset(day for day in workdays if day.year == year)


class WorkingCalendar:
    """Working days from the package's holidays and the given overrides."""

    def __init__(self, overrides: Mapping[dt.date, Override] | None = None) -> None:
        self.overrides: Mapping[dt.date, Override] = dict(overrides or {})

    def is_working_day(self, day: dt.date) -> bool:
        override = self.overrides.get(day)
        if override is not None:
            return override.kind == WORKING_DAY
        check_year(day.year)
        if day in package_holidays(day.year):
            return False
        if day in package_workdays(day.year):
            return True
        return day.weekday() < 5

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day on or after `day`."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day strictly after `start` (`start` itself when n is 0)."""
        check_period(n)
        check_year(start.year)
        day, counted = start, 0
        while counted < n:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def add_days(self, start: dt.date, n: int) -> dt.date:
        """The end of a period of n calendar days after the event on `start`.

        The period starts the day after `start`; when its last day is a weekend, a holiday
        or a day off, it ends on the next working day.
        """
        check_period(n)
        check_year(start.year)
        return self.next_working_day(start + dt.timedelta(days=n))

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (negative if end < start).

        `working_days_between(a, add_working_days(a, n)) == n`.
        """
        if end < start:
            return -self.working_days_between(end, start)
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            count += self.is_working_day(day)
        return count

    def holidays_in_year(self, year: int) -> list[CalendarEntry]:
        """Days off and make-up working days of `year`, package and overrides merged."""
        check_year(year)
        entries: dict[dt.date, CalendarEntry] = {}
        for day, name in package_holidays(year).items():
            entries[day] = CalendarEntry(day, DAY_OFF, name, "package")
        for day in package_workdays(year):
            entries[day] = CalendarEntry(day, WORKING_DAY, _("Ngày làm bù"), "package")
        for day, override in self.overrides.items():
            if day.year == year:
                entries[day] = CalendarEntry(
                    day, override.kind, override.name, "override", override.legal_source
                )
        return [entries[day] for day in sorted(entries)]

    def working_days_per_month(self, year: int) -> list[tuple[int, int]]:
        """(month, number of working days) for each month of `year`."""
        check_year(year)
        counts = []
        for month in range(1, 13):
            first = dt.date(year, month, 1)
            last = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
            counts.append((month, self.working_days_between(first - dt.timedelta(days=1), last)))
        return counts


# --- The default calendar: overrides from the database, cached --------------------------------

_lock = threading.Lock()
_cached: WorkingCalendar | None = None
_cached_generation: object = None


def load_overrides() -> dict[dt.date, Override]:
    from danvan.deadlines.models import CalendarDay

    rows = CalendarDay.objects.values_list("date", "kind", "name", "legal_source")
    return {day: Override(kind, name, source) for day, kind, name, source in rows}


def default_calendar() -> WorkingCalendar:
    """The calendar with the database's overrides, reloaded after a service writes.

    The generation token lives in Django's cache, so with a shared cache (Redis) a write in
    one process invalidates the calendar of every process.
    """
    global _cached, _cached_generation
    generation = cache.get(_GENERATION_KEY)
    with _lock:
        if _cached is None or generation != _cached_generation:
            _cached = WorkingCalendar(load_overrides())
            _cached_generation = generation
        return _cached


def invalidate_calendar_cache() -> None:
    """Forget the cached overrides here and, through the shared cache, in other processes."""
    global _cached
    with _lock:
        _cached = None
    cache.set(_GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def is_working_day(day: dt.date) -> bool:
    return default_calendar().is_working_day(day)


def next_working_day(day: dt.date) -> dt.date:
    return default_calendar().next_working_day(day)


def add_working_days(start: dt.date, n: int) -> dt.date:
    return default_calendar().add_working_days(start, n)


def add_days(start: dt.date, n: int) -> dt.date:
    return default_calendar().add_days(start, n)


def working_days_between(start: dt.date, end: dt.date) -> int:
    return default_calendar().working_days_between(start, end)


def holidays_in_year(year: int) -> list[CalendarEntry]:
    return default_calendar().holidays_in_year(year)
