"""compute_due_date with the shipped rule table: periods, units, pauses and extensions."""

from __future__ import annotations

import pytest

from danvan.core.errors import ValidationFailed
from danvan.deadlines.computation import Deadline, Pause, compute_due_date, deadline_for
from danvan.deadlines.models import LegalRule
from danvan.deadlines.selectors import rule_for
from danvan.deadlines.tests.conftest import d, make_rule

pytestmark = pytest.mark.django_db

# Accepted on Monday 2 March 2026: the periods below end on ordinary weekdays unless noted.
ACCEPTED = d("2026-03-02")


@pytest.mark.parametrize(
    ("round_", "complex_", "remote", "code", "period", "due"),
    [
        (1, False, False, "complaint.resolve.r1", 30, "2026-04-01"),
        (1, True, False, "complaint.resolve.r1.complex", 45, "2026-04-16"),
        (1, False, True, "complaint.resolve.r1.remote", 45, "2026-04-16"),
        (1, True, True, "complaint.resolve.r1.remote.complex", 60, "2026-05-04"),
        (2, False, False, "complaint.resolve.r2", 45, "2026-04-16"),
        (2, True, False, "complaint.resolve.r2.complex", 60, "2026-05-04"),
        (2, False, True, "complaint.resolve.r2.remote", 60, "2026-05-04"),
        (2, True, True, "complaint.resolve.r2.remote.complex", 70, "2026-05-11"),
    ],
)
def test_complaint_resolution_periods(round_, complex_, remote, code, period, due):
    # given a complaint accepted on 2 March 2026
    rule = rule_for(
        step="resolve",
        kind="complaint",
        round=round_,
        complex=complex_,
        remote_area=remote,
        on=ACCEPTED,
    )
    # when its resolution deadline is computed
    due_on = compute_due_date(rule=rule, start=ACCEPTED)
    # then the right row applies, in calendar days, from acceptance
    assert (rule.code, rule.period, rule.unit, rule.start_event) == (
        code,
        period,
        LegalRule.Unit.DAYS,
        LegalRule.StartEvent.ACCEPTANCE,
    )
    assert due_on == d(due)


def test_sixty_days_ending_on_a_holiday_roll_forward():
    # 2 March + 60 days = Friday 1 May 2026 (Labour Day) -> Monday 4 May
    rule = rule_for(step="resolve", kind="complaint", round=1, complex=True, remote_area=True)
    assert compute_due_date(rule=rule, start=ACCEPTED) == d("2026-05-04")


def test_accepting_a_first_round_complaint_takes_10_working_days_across_tet():
    rule = rule_for(step="accept", kind="complaint", round=1, on=d("2026-02-12"))
    assert rule.code == "complaint.accept.r1"
    # received Thursday 12 February 2026: Fri 13, Tết off, then 23 Feb ... 5 March
    assert compute_due_date(rule=rule, start=d("2026-02-12")) == d("2026-03-05")


def test_accepting_a_second_round_complaint_takes_10_calendar_days():
    rule = rule_for(step="accept", kind="complaint", round=2)
    assert (rule.code, rule.unit) == ("complaint.accept.r2", LegalRule.Unit.DAYS)
    # 12 March 2026 + 10 days = Sunday 22 March -> Monday 23 March
    assert compute_due_date(rule=rule, start=d("2026-03-12")) == d("2026-03-23")


def test_denunciation_classify_takes_7_working_days():
    rule = rule_for(step="classify", kind="denunciation")
    assert (rule.code, rule.period, rule.unit) == (
        "denunciation.classify",
        7,
        LegalRule.Unit.WORKING_DAYS,
    )
    # received Wednesday 22 April 2026: 23, 24, (26-27 Hùng Kings) 28, 29, (30/4, 1/5) 4, 5, 6 May
    assert compute_due_date(rule=rule, start=d("2026-04-22")) == d("2026-05-06")


def test_reply_after_a_reception_takes_10_working_days():
    rule = rule_for(step="reply", round=1)
    assert rule.code == "reception.reply"
    assert rule_for(step="reply", kind="feedback").code == "feedback.reply"
    # reception on Friday 28 August 2026: Sat 22 was make-up; 31/8, 1-2/9 off
    # 3, 4, 7, 8, 9, 10, 11, 14, 15, 16 September
    assert compute_due_date(rule=rule, start=d("2026-08-28")) == d("2026-09-16")


def test_a_closed_pause_extends_a_deadline_in_days():
    rule = make_rule(period=30, unit=LegalRule.Unit.DAYS)
    # given a 5-day pause (clock stopped 10 March, restarted 15 March)
    pauses = [Pause(start=d("2026-03-10"), end=d("2026-03-15"), reason="Chờ tài liệu")]
    # then the deadline moves from 1 April to 6 April
    assert compute_due_date(rule=rule, start=ACCEPTED) == d("2026-04-01")
    assert compute_due_date(rule=rule, start=ACCEPTED, pauses=pauses) == d("2026-04-06")


def test_a_closed_pause_extends_a_deadline_in_working_days_by_working_days_only():
    rule = make_rule(period=10, unit=LegalRule.Unit.WORKING_DAYS)
    # without a pause: Monday 2 March + 10 working days = Monday 16 March
    assert compute_due_date(rule=rule, start=ACCEPTED) == d("2026-03-16")
    # a pause from Friday 6 to Monday 9 March (clock restarts Monday) costs one working day
    pause = Pause(start=d("2026-03-06"), end=d("2026-03-09"))
    assert compute_due_date(rule=rule, start=ACCEPTED, pauses=[pause]) == d("2026-03-17")


def test_an_open_pause_stops_the_clock():
    rule = make_rule(period=30)
    assert (
        compute_due_date(rule=rule, start=ACCEPTED, pauses=[Pause(start=d("2026-03-10"))]) is None
    )


def test_a_pause_that_starts_after_the_deadline_changes_nothing():
    rule = make_rule(period=30)
    late = [Pause(start=d("2026-04-10"))]
    assert compute_due_date(rule=rule, start=ACCEPTED, pauses=late) == d("2026-04-01")


def test_a_pause_ending_before_it_starts_is_refused():
    with pytest.raises(ValidationFailed):
        compute_due_date(
            rule=make_rule(),
            start=ACCEPTED,
            pauses=[Pause(start=d("2026-03-10"), end=d("2026-03-05"))],
        )


def test_extensions_of_a_complex_denunciation():
    # given an especially complex denunciation accepted on 2 March 2026 (30 days -> 1 April)
    rule = rule_for(step="resolve", kind="denunciation", complex=True, especially_complex=True)
    assert (rule.code, rule.max_extensions, rule.extension_period) == (
        "denunciation.resolve.especially_complex",
        2,
        30,
    )
    # when extended once: 60 days = Friday 1 May (Labour Day) -> Monday 4 May
    assert compute_due_date(rule=rule, start=ACCEPTED, extensions=[30]) == d("2026-05-04")
    # when extended twice: 90 days = Sunday 31 May -> Monday 1 June
    assert compute_due_date(rule=rule, start=ACCEPTED, extensions=[30, 30]) == d("2026-06-01")
    # then a third extension is refused with a clear message
    with pytest.raises(ValidationFailed, match="tối đa 2 lần") as error:
        compute_due_date(rule=rule, start=ACCEPTED, extensions=[30, 30, 30])
    assert error.value.code == "too_many_extensions"


def test_a_complex_denunciation_is_extended_once_and_an_ordinary_one_never():
    complex_rule = rule_for(step="resolve", kind="denunciation", complex=True)
    assert complex_rule.code == "denunciation.resolve.complex"
    # 2 March + 60 days = Friday 1 May (Labour Day) -> Monday 4 May
    assert compute_due_date(rule=complex_rule, start=ACCEPTED, extensions=[30]) == d("2026-05-04")
    with pytest.raises(ValidationFailed, match="tối đa 1 lần"):
        compute_due_date(rule=complex_rule, start=ACCEPTED, extensions=[30, 30])
    plain = rule_for(step="resolve", kind="denunciation")
    assert plain.code == "denunciation.resolve"
    with pytest.raises(ValidationFailed, match="không được gia hạn"):
        compute_due_date(rule=plain, start=ACCEPTED, extensions=[10])


def test_an_extension_longer_than_the_rule_allows_is_refused():
    rule = rule_for(step="classify", kind="denunciation")
    # 7 working days extendable to 10: one extension of at most 3 working days
    assert compute_due_date(rule=rule, start=d("2026-03-02"), extensions=[3]) == d("2026-03-16")
    with pytest.raises(ValidationFailed) as error:
        compute_due_date(rule=rule, start=d("2026-03-02"), extensions=[4])
    assert error.value.code == "invalid_extension"


def test_deadline_result_is_overdue_against_today():
    rule = make_rule(code="complaint.resolve.r1", step="resolve", period=30)
    # not met, today after the due date
    late = deadline_for(rule=rule, start=ACCEPTED, today=d("2026-04-02"))
    assert late.overdue
    assert late.as_dict() == {
        "step": "resolve",
        "due_on": "2026-04-01",
        "rule": "complaint.resolve.r1",
        "met_on": None,
        "overdue": True,
    }
    # not met, today is the due date
    assert not deadline_for(rule=rule, start=ACCEPTED, today=d("2026-04-01")).overdue
    # met in time, judged later
    assert not deadline_for(
        rule=rule, start=ACCEPTED, met_on=d("2026-03-31"), today=d("2026-06-01")
    ).overdue
    # met late
    assert Deadline.evaluate(
        step="resolve",
        due_on=d("2026-04-01"),
        rule_code="x",
        met_on=d("2026-04-02"),
        today=d("2026-04-02"),
    ).overdue
    # clock stopped: no due date, never overdue
    stopped = deadline_for(
        rule=rule, start=ACCEPTED, pauses=[Pause(start=d("2026-03-03"))], today=d("2027-01-01")
    )
    assert stopped.due_on is None
    assert not stopped.overdue
