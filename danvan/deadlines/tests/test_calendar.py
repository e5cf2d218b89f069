"""The working-day calendar: Vietnamese public holidays, make-up days and overrides."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.core.errors import ValidationFailed
from danvan.deadlines import calendar
from danvan.deadlines.calendar import DAY_OFF, WORKING_DAY, Override, WorkingCalendar
from danvan.deadlines.models import CalendarDay
from danvan.deadlines.services import calendar_day_delete, calendar_day_set
from danvan.deadlines.tests.conftest import d

pytestmark = pytest.mark.django_db


def days(first: str, last: str) -> list[dt.date]:
    start, end = d(first), d(last)
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def test_tet_2026_is_five_days_off_and_the_weeks_around_it_work():
    # given the Lunar New Year 2026 (16-20 February, Monday to Friday)
    # when / then
    assert not any(calendar.is_working_day(day) for day in days("2026-02-16", "2026-02-20"))
    assert calendar.is_working_day(d("2026-02-13"))  # Friday before
    assert calendar.is_working_day(d("2026-02-23"))  # Monday after
    assert not calendar.is_working_day(d("2026-02-14"))  # Saturday
    assert not calendar.is_working_day(d("2026-02-22"))  # Sunday


def test_tet_2027_days_off():
    # given Tết 2027: New Year's Day of the lunar year falls on Saturday 6 February
    assert not any(calendar.is_working_day(day) for day in days("2027-02-04", "2027-02-10"))
    assert calendar.is_working_day(d("2027-02-03"))
    assert calendar.is_working_day(d("2027-02-11"))


def test_hung_kings_day_2026_on_sunday_gives_monday_off():
    assert not calendar.is_working_day(d("2026-04-26"))
    assert not calendar.is_working_day(d("2026-04-27"))
    assert calendar.is_working_day(d("2026-04-28"))


def test_reunification_and_labour_day():
    # 2026: Thursday 30 April and Friday 1 May
    assert not calendar.is_working_day(d("2026-04-30"))
    assert not calendar.is_working_day(d("2026-05-01"))
    assert calendar.is_working_day(d("2026-05-04"))
    # 2027: 1 May is a Saturday, so Monday 3 May is off
    assert not calendar.is_working_day(d("2027-04-30"))
    assert not calendar.is_working_day(d("2027-05-03"))
    assert calendar.is_working_day(d("2027-05-04"))


def test_national_day_2026_and_2027():
    assert not calendar.is_working_day(d("2026-09-01"))
    assert not calendar.is_working_day(d("2026-09-02"))
    assert calendar.is_working_day(d("2026-09-03"))
    assert not calendar.is_working_day(d("2027-09-02"))
    assert not calendar.is_working_day(d("2027-09-03"))
    assert calendar.is_working_day(d("2027-09-06"))


def test_the_2026_swap_is_shipped_as_data():
    # given the shipped data migration
    saturday = CalendarDay.objects.get(date=d("2026-08-22"))
    monday = CalendarDay.objects.get(date=d("2026-08-31"))
    assert saturday.kind == CalendarDay.Kind.WORKING_DAY
    assert monday.kind == CalendarDay.Kind.DAY_OFF
    assert saturday.legal_source
    # then Saturday 22 August works and Monday 31 August is off
    assert calendar.is_working_day(d("2026-08-22"))
    assert not calendar.is_working_day(d("2026-08-31"))


def test_the_swap_holds_even_without_the_package_knowing_it(monkeypatch):
    # given a package that knows no swap (as for a year it has not been told about)
    monkeypatch.setattr(calendar, "package_workdays", lambda year: frozenset())
    monkeypatch.setattr(
        calendar,
        "package_holidays",
        lambda year: {d("2026-09-01"): "Quốc khánh", d("2026-09-02"): "Quốc khánh"},
    )
    # then the overrides alone make the swap
    assert calendar.is_working_day(d("2026-08-22"))
    assert not calendar.is_working_day(d("2026-08-31"))
    # and a plain calendar without overrides would not
    plain = WorkingCalendar()
    assert not plain.is_working_day(d("2026-08-22"))
    assert plain.is_working_day(d("2026-08-31"))


def test_an_override_wins_over_the_package_and_invalidates_the_cache(administrator):
    # given the calendar was read (and cached) before the change
    assert not calendar.is_working_day(d("2026-09-02"))
    assert calendar.is_working_day(d("2026-10-15"))
    # when an administrator makes National Day a working day and adds a local day off
    calendar_day_set(
        actor=administrator,
        date=d("2026-09-02"),
        kind=WORKING_DAY,
        name="Thử: làm việc ngày Quốc khánh",
    )
    day_off = calendar_day_set(
        actor=administrator,
        date=d("2026-10-15"),
        kind=DAY_OFF,
        name="Nghỉ theo thông báo của tỉnh",
        legal_source="Thông báo số 1/TB-UBND",
    )
    # then the cached calendar sees both at once
    assert calendar.is_working_day(d("2026-09-02"))
    assert not calendar.is_working_day(d("2026-10-15"))
    # when the day off is removed again
    calendar_day_delete(actor=administrator, calendar_day=day_off)
    # then the date falls back to an ordinary Thursday
    assert calendar.is_working_day(d("2026-10-15"))


def test_next_working_day_is_the_day_itself_when_it_works():
    assert calendar.next_working_day(d("2026-02-13")) == d("2026-02-13")
    assert calendar.next_working_day(d("2026-02-14")) == d("2026-02-23")


def test_add_working_days_across_tet():
    # given Thursday 12 February 2026, before Tết
    # when 3 working days are added: Fri 13, then (Tết, weekends) Mon 23, Tue 24
    assert calendar.add_working_days(d("2026-02-12"), 3) == d("2026-02-24")
    assert calendar.add_working_days(d("2026-02-12"), 0) == d("2026-02-12")
    assert calendar.add_working_days(d("2026-02-13"), 10) == d("2026-03-06")


def test_add_working_days_counts_the_make_up_saturday():
    # Friday 21 August 2026 + 1 working day = Saturday 22 August (make-up day)
    assert calendar.add_working_days(d("2026-08-21"), 1) == d("2026-08-22")
    # Friday 28 August + 1 = Thursday 3 September (31/8 swapped off, 1-2/9 National Day)
    assert calendar.add_working_days(d("2026-08-28"), 1) == d("2026-09-03")


def test_add_days_ending_on_a_weekend_rolls_forward():
    # 1 January 2026 + 30 days = Saturday 31 January -> Monday 2 February
    assert calendar.add_days(d("2026-01-01"), 30) == d("2026-02-02")


def test_add_days_ending_on_a_holiday_rolls_past_the_holidays():
    # 7 February 2026 + 10 days = Tuesday 17 February (Tết) -> Monday 23 February
    assert calendar.add_days(d("2026-02-07"), 10) == d("2026-02-23")
    # ending on a working day does not move: 2 March + 2 days = Wednesday 4 March
    assert calendar.add_days(d("2026-03-02"), 2) == d("2026-03-04")


def test_working_days_between_inverts_add_working_days():
    start = d("2026-02-10")
    for n in (0, 1, 5, 10, 45):
        assert calendar.working_days_between(start, calendar.add_working_days(start, n)) == n
    assert calendar.working_days_between(d("2026-02-23"), d("2026-02-13")) == -1


def test_holidays_in_year_merges_package_and_overrides_with_names():
    entries = {entry.date: entry for entry in calendar.holidays_in_year(2026)}
    assert entries[d("2026-02-17")].name == "Tết Nguyên Đán"
    assert entries[d("2026-02-17")].origin == "package"
    assert entries[d("2026-08-22")].kind == WORKING_DAY
    assert entries[d("2026-08-22")].origin == "override"
    assert entries[d("2026-08-31")].kind == DAY_OFF
    assert entries[d("2026-08-31")].is_override
    assert list(entries) == sorted(entries)


def test_working_days_per_month_counts_holidays():
    months = dict(WorkingCalendar().working_days_per_month(2026))
    # February 2026: 20 weekdays minus 5 days of Tết
    assert months[2] == 15
    # January 2026: 22 weekdays minus New Year's Day
    assert months[1] == 21


def test_an_injected_override_wins_in_a_pure_calendar():
    cal = WorkingCalendar({d("2026-02-17"): Override(WORKING_DAY, "Trực Tết")})
    assert cal.is_working_day(d("2026-02-17"))
    assert cal.add_working_days(d("2026-02-13"), 1) == d("2026-02-17")


@pytest.mark.parametrize("n", [-1, calendar.MAX_PERIOD + 1])
def test_bad_periods_are_refused(n):
    with pytest.raises(ValidationFailed):
        calendar.add_working_days(d("2026-01-01"), n)
    with pytest.raises(ValidationFailed):
        calendar.add_days(d("2026-01-01"), n)


def test_years_outside_the_supported_range_are_refused():
    with pytest.raises(ValidationFailed):
        calendar.is_working_day(dt.date(2150, 1, 1))
    with pytest.raises(ValidationFailed):
        calendar.holidays_in_year(1800)
