"""The legal minimum frequency of reception, as data, and the warnings of the schedule."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.organizations.models import Organization
from danvan.organizations.services import membership_add
from danvan.receptions.models import ReceptionDuty
from danvan.receptions.selectors import duty_statuses, duty_warnings, month_weeks
from danvan.receptions.tests.conftest import d

pytestmark = pytest.mark.django_db

AFTER_SEPTEMBER = d("2026-10-15")
SEPTEMBER_THURSDAYS = ["2026-09-03", "2026-09-10", "2026-09-17", "2026-09-24"]


def test_the_migration_ships_the_four_duties_with_their_sources():
    duties = {duty.code: duty for duty in ReceptionDuty.objects.all()}

    assert duties["commune_chairman.weekly"].minimum_count == 1
    assert duties["commune_chairman.weekly"].period == "week"
    assert "Điều 15" in duties["commune_chairman.weekly"].source
    assert duties["provincial_chairman.monthly"].period == "month"
    assert "Điều 18" in duties["agency_head.monthly"].source
    assert duties["commune_party_secretary.monthly"].minimum_count == 2


def test_weeks_of_a_month_are_those_whose_thursday_falls_in_it():
    november = month_weeks(2026, 11)
    october = month_weeks(2026, 10)

    assert [start for start, _end in november] == [
        d("2026-11-02"),
        d("2026-11-09"),
        d("2026-11-16"),
        d("2026-11-23"),
    ]
    assert len(october) == 5  # 1 October 2026 is a Thursday
    assert october[0] == (d("2026-09-28"), d("2026-10-04"))
    assert month_weeks(2026, 9)[-1] == (d("2026-09-21"), d("2026-09-27"))


def test_one_held_day_every_week_is_exactly_the_minimum(plan, hoanhson_ubnd):
    for day in SEPTEMBER_THURSDAYS:
        plan(date=d(day), held=True)

    warnings = duty_warnings(
        organization_ids=[hoanhson_ubnd.pk], year=2026, month=9, today=AFTER_SEPTEMBER
    )

    assert warnings == []


def test_a_week_without_reception_is_a_warning(plan, hoanhson_ubnd):
    for day in ["2026-09-03", "2026-09-17"]:
        plan(date=d(day), held=True)

    warnings = duty_warnings(
        organization_ids=[hoanhson_ubnd.pk], year=2026, month=9, today=AFTER_SEPTEMBER
    )

    (warning,) = warnings
    assert warning.duty.code == "commune_chairman.weekly"
    assert (warning.held_periods, warning.total) == (2, 4)
    assert "Lê Quang Hưng" in warning.message
    assert "2/4 tuần có tiếp công dân trong tháng 9/2026" in warning.message
    assert "dưới mức tối thiểu 1 ngày/tuần" in warning.message


def test_planned_days_count_separately_and_cover_weeks_still_to_come(plan, hoanhson_ubnd):
    plan(date=d("2026-09-03"), held=True)
    plan(date=d("2026-09-10"), held=True)
    plan(date=d("2026-09-17"))  # planned, week still to come
    plan(date=d("2026-09-24"))

    (status,) = duty_statuses(
        organization_ids=[hoanhson_ubnd.pk], year=2026, month=9, today=d("2026-09-14")
    )
    after = duty_warnings(
        organization_ids=[hoanhson_ubnd.pk], year=2026, month=9, today=AFTER_SEPTEMBER
    )

    assert (status.held_periods, status.planned_periods, status.total) == (2, 4, 4)
    assert not status.below_minimum
    (warning,) = after  # the planned days were never held
    assert "2/4 tuần" in warning.message


def test_a_reception_on_the_last_monday_counts_for_the_next_month(plan, hoanhson_ubnd):
    for day in ["2026-08-06", "2026-08-13", "2026-08-20", "2026-08-27", "2026-08-31"]:
        plan(date=d(day), held=True)

    august = duty_statuses(
        organization_ids=[hoanhson_ubnd.pk], year=2026, month=8, today=AFTER_SEPTEMBER
    )
    september = duty_statuses(
        organization_ids=[hoanhson_ubnd.pk], year=2026, month=9, today=AFTER_SEPTEMBER
    )

    assert august[0].held_periods == 4
    assert september[0].periods[0].start == d("2026-08-31")
    assert september[0].periods[0].held_days == 1


def test_a_commune_party_secretary_needs_two_days_a_month(plan, persona):
    party = Organization.objects.get(code="hoanhson-dangu")
    secretary = persona("hoanhson.canbo")
    membership_add(
        actor=None, user=secretary, organization=party, role="head", title="Bí thư Đảng ủy"
    )

    plan(organization=party, receiver=secretary, date=d("2026-09-08"), held=True)
    below = duty_warnings(organization_ids=[party.pk], year=2026, month=9, today=AFTER_SEPTEMBER)
    plan(organization=party, receiver=secretary, date=d("2026-09-22"), held=True)
    met = duty_warnings(organization_ids=[party.pk], year=2026, month=9, today=AFTER_SEPTEMBER)

    (warning,) = below
    assert warning.duty.code == "commune_party_secretary.monthly"  # not the general duty
    assert "1 ngày tiếp công dân trong tháng 9/2026" in warning.message
    assert "tối thiểu 2 ngày/tháng" in warning.message
    assert met == []


def test_an_administrator_can_change_a_duty_and_the_warnings_follow(plan, hoanhson_ubnd):
    from danvan.receptions.services import reception_duty_update

    for day in SEPTEMBER_THURSDAYS:
        plan(date=d(day), held=True)
    duty = ReceptionDuty.objects.get(code="commune_chairman.weekly")

    reception_duty_update(actor=None, duty=duty, minimum_count=2)
    warnings = duty_warnings(
        organization_ids=[hoanhson_ubnd.pk], year=2026, month=9, today=AFTER_SEPTEMBER
    )

    assert len(warnings) == 1
    assert "tối thiểu 2 ngày/tuần" in warnings[0].message


def test_the_warnings_take_three_queries(plan, hoanhson_ubnd, django_assert_num_queries):
    plan(date=d("2026-09-03"), held=True)
    ids = list(Organization.objects.values_list("pk", flat=True))

    with django_assert_num_queries(3):
        warnings = duty_warnings(organization_ids=ids, year=2026, month=9, today=AFTER_SEPTEMBER)
        messages = [w.message for w in warnings]

    assert any("Lê Quang Hưng" in m for m in messages)


def test_cancelled_sessions_do_not_count(plan, hoanhson_ubnd):
    from danvan.receptions.services import reception_session_cancel

    for day in SEPTEMBER_THURSDAYS[:3]:
        plan(date=d(day), held=True)
    last = plan(date=d(SEPTEMBER_THURSDAYS[3]), time_from=dt.time(8, 0))
    reception_session_cancel(actor=None, session=last, reason="Mưa bão.")

    (warning,) = duty_warnings(
        organization_ids=[hoanhson_ubnd.pk], year=2026, month=9, today=AFTER_SEPTEMBER
    )

    assert warning.held_periods == 3
