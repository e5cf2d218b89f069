"""The rule table as data: the shipped rows, rule_for's choice, and audited services."""

from __future__ import annotations

import pytest

from danvan.audit.models import AuditEvent
from danvan.audit.selectors import events_for
from danvan.core.errors import ValidationFailed
from danvan.deadlines.models import CalendarDay, LegalRule
from danvan.deadlines.selectors import legal_rule_list, rule_for
from danvan.deadlines.services import (
    calendar_day_delete,
    calendar_day_set,
    legal_rule_create,
    legal_rule_update,
)
from danvan.deadlines.tests.conftest import d

pytestmark = pytest.mark.django_db

PRODUCT_DEFAULT = (
    "Luật Tiếp công dân 42/2013/QH13, Điều 28 khoản 1 "
    "(mặc định của phần mềm cho kiến nghị, phản ánh gửi bằng văn bản)"
)
SHIPPED = {
    "reception.reply": (10, "working_days", "Luật Tiếp công dân 42/2013/QH13, Điều 28 khoản 1"),
    "recommendation.reply": (10, "working_days", PRODUCT_DEFAULT),
    "feedback.reply": (10, "working_days", PRODUCT_DEFAULT),
    "forwarded.report_back": (
        7,
        "working_days",
        "Luật Tiếp công dân 42/2013/QH13, Điều 27 khoản 2",
    ),
    "complaint.lodge.r1": (90, "days", "Luật Khiếu nại 02/2011/QH13, Điều 9"),
    "complaint.accept.r1": (
        10,
        "working_days",
        "Luật Khiếu nại 02/2011/QH13, Điều 27; "
        "Thông tư 07/2013/TT-TTCP, sửa đổi bởi Thông tư 02/2016/TT-TTCP",
    ),
    "complaint.resolve.r1": (30, "days", "Luật Khiếu nại 02/2011/QH13, Điều 28"),
    "complaint.resolve.r1.complex": (45, "days", "Luật Khiếu nại 02/2011/QH13, Điều 28"),
    "complaint.resolve.r1.remote": (45, "days", "Luật Khiếu nại 02/2011/QH13, Điều 28"),
    "complaint.resolve.r1.remote.complex": (60, "days", "Luật Khiếu nại 02/2011/QH13, Điều 28"),
    "complaint.lodge.r2": (30, "days", "Luật Khiếu nại 02/2011/QH13, Điều 33"),
    "complaint.lodge.r2.remote": (45, "days", "Luật Khiếu nại 02/2011/QH13, Điều 33"),
    "complaint.accept.r2": (10, "days", "Luật Khiếu nại 02/2011/QH13, Điều 36"),
    "complaint.resolve.r2": (45, "days", "Luật Khiếu nại 02/2011/QH13, Điều 37"),
    "complaint.resolve.r2.complex": (60, "days", "Luật Khiếu nại 02/2011/QH13, Điều 37"),
    "complaint.resolve.r2.remote": (60, "days", "Luật Khiếu nại 02/2011/QH13, Điều 37"),
    "complaint.resolve.r2.remote.complex": (70, "days", "Luật Khiếu nại 02/2011/QH13, Điều 37"),
    "denunciation.classify": (7, "working_days", "Luật Tố cáo 25/2018/QH14, Điều 24 khoản 1"),
    "denunciation.forward": (5, "working_days", "Luật Tố cáo 25/2018/QH14, Điều 24 khoản 2"),
    "denunciation.notify": (5, "working_days", "Luật Tố cáo 25/2018/QH14, Điều 29 khoản 3"),
    "denunciation.resolve": (30, "days", "Luật Tố cáo 25/2018/QH14, Điều 30"),
    "denunciation.resolve.complex": (
        30,
        "days",
        "Luật Tố cáo 25/2018/QH14, Điều 30; Nghị định 31/2019/NĐ-CP, Điều 3",
    ),
    "denunciation.resolve.especially_complex": (
        30,
        "days",
        "Luật Tố cáo 25/2018/QH14, Điều 30; Nghị định 31/2019/NĐ-CP, Điều 3",
    ),
    "feedback.forward": (5, "working_days", "Nghị định 20/2008/NĐ-CP, Điều 9"),
    "recommendation.forward": (5, "working_days", "Nghị định 20/2008/NĐ-CP, Điều 9"),
    "party_secretary.reply": (10, "working_days", "Quy định 11-QĐi/TW năm 2019 của Bộ Chính trị"),
}


def test_every_row_of_the_legal_table_is_shipped_with_its_source():
    shipped = {rule.code: (rule.period, rule.unit, rule.source) for rule in LegalRule.objects.all()}
    assert shipped == SHIPPED


def test_rule_for_prefers_the_most_specific_row(administrator):
    # given a generic reply rule for any petition and a stricter one for denunciations
    legal_rule_create(
        actor=administrator,
        code="denunciation.reply",
        title="Trả lời người tố cáo",
        step="reply",
        kind="denunciation",
        period=5,
        unit="working_days",
        start_event="reception",
        source="Quy chế thử",
    )
    # then a denunciation gets the specific row, a feedback its own, a reception the generic one
    assert rule_for(step="reply", kind="denunciation").code == "denunciation.reply"
    assert rule_for(step="reply", kind="feedback").code == "feedback.reply"
    assert rule_for(step="reply").code == "reception.reply"
    # and the Party secretary's row only when asked for
    assert rule_for(step="reply", authority="party_secretary").code == "party_secretary.reply"


def test_rule_for_honours_validity_dates_and_active_flag(administrator):
    rule = LegalRule.objects.get(code="complaint.resolve.r1")
    legal_rule_update(actor=administrator, rule=rule, valid_to=d("2026-06-30"))
    legal_rule_create(
        actor=administrator,
        code="complaint.resolve.r1.v2026",
        title="Giải quyết khiếu nại lần đầu (luật mới)",
        step="resolve",
        kind="complaint",
        round=1,
        complex=False,
        remote_area=False,
        period=20,
        unit="days",
        start_event="acceptance",
        source="Luật sửa đổi (thử)",
        valid_from=d("2026-07-01"),
    )
    before = rule_for(step="resolve", kind="complaint", round=1, on=d("2026-06-30"))
    after = rule_for(step="resolve", kind="complaint", round=1, on=d("2026-07-01"))
    assert (before.code, after.code) == ("complaint.resolve.r1", "complaint.resolve.r1.v2026")
    # when the new row is deactivated, nothing applies after 30 June
    legal_rule_update(actor=administrator, rule=after, is_active=False)
    with pytest.raises(ValidationFailed, match="Chưa có quy định thời hạn"):
        rule_for(step="resolve", kind="complaint", round=1, on=d("2026-07-01"))


def test_rule_for_without_a_matching_row_raises_in_vietnamese():
    with pytest.raises(ValidationFailed) as error:
        rule_for(step="notify", kind="feedback")
    assert error.value.code == "no_legal_rule"
    assert "Thông báo sau thụ lý" in str(error.value.message)


def test_a_round_two_complaint_never_gets_a_round_one_row():
    assert rule_for(step="accept", kind="complaint", round=2).code == "complaint.accept.r2"
    assert rule_for(step="lodge", kind="complaint", round=2, remote_area=True).code == (
        "complaint.lodge.r2.remote"
    )


def test_legal_rule_update_records_before_and_after(administrator):
    # given the shipped first-round resolution rule
    rule = LegalRule.objects.get(code="complaint.resolve.r1")
    # when an administrator changes its period and note
    legal_rule_update(actor=administrator, rule=rule, period=31, note="Địa phương áp dụng thử")
    # then the row changed and the trail holds one event with both values
    rule.refresh_from_db()
    assert rule.period == 31
    events = events_for(rule)
    assert len(events) == 1
    event = events[0]
    assert event.action == "legal_rule.update"
    assert event.actor == administrator
    assert event.changes["period"] == {"before": 30, "after": 31}
    assert event.changes["note"]["after"] == "Địa phương áp dụng thử"
    assert set(event.changes) == {"period", "note"}


def test_an_update_that_changes_nothing_writes_no_event(administrator):
    rule = LegalRule.objects.get(code="complaint.resolve.r1")
    legal_rule_update(actor=administrator, rule=rule, period=30)
    assert not events_for(rule)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"period": 0}, "period"),
        ({"unit": "weeks"}, "unit"),
        ({"valid_from": d("2026-01-01"), "valid_to": d("2025-01-01")}, "valid_to"),
        ({"max_extensions": 1}, "extension_period"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_invalid_rule_changes_are_refused_and_not_audited(administrator, changes, field):
    rule = LegalRule.objects.get(code="complaint.resolve.r1")
    with pytest.raises(ValidationFailed) as error:
        legal_rule_update(actor=administrator, rule=rule, **changes)
    assert error.value.field == field
    rule.refresh_from_db()
    assert rule.period == 30
    assert not events_for(rule)


def test_legal_rule_create_validates_the_code(administrator):
    with pytest.raises(ValidationFailed) as error:
        legal_rule_create(
            actor=administrator,
            code="Khiếu nại",
            title="x",
            step="resolve",
            period=1,
            unit="days",
            start_event="receipt",
            source="x",
        )
    assert error.value.field == "code"


def test_calendar_services_audit_create_update_and_delete(administrator):
    # when an administrator adds, corrects and removes a day off
    day = calendar_day_set(
        actor=administrator, date=d("2027-12-31"), kind="day_off", name="Nghỉ thử"
    )
    calendar_day_set(
        actor=administrator,
        date=d("2027-12-31"),
        kind="day_off",
        name="Nghỉ cuối năm",
        legal_source="Thông báo thử",
    )
    calendar_day_delete(actor=administrator, calendar_day=CalendarDay.objects.get(pk=day.pk))
    # then three events tell the story, with before and after
    events = list(
        AuditEvent.objects.filter(
            action__startswith="calendar_day.", target_id=str(day.pk)
        ).order_by("occurred_at", "id")
    )
    assert [event.action for event in events] == [
        "calendar_day.create",
        "calendar_day.update",
        "calendar_day.delete",
    ]
    assert events[0].changes["name"] == {"before": None, "after": "Nghỉ thử"}
    assert events[1].changes["name"] == {"before": "Nghỉ thử", "after": "Nghỉ cuối năm"}
    assert events[2].changes["date"] == {"before": "2027-12-31", "after": None}
    assert not CalendarDay.objects.filter(date=d("2027-12-31")).exists()


@pytest.mark.parametrize(
    ("kind", "name", "field"), [("holiday", "Nghỉ", "kind"), ("day_off", "  ", "name")]
)
def test_calendar_day_set_refuses_bad_input(administrator, kind, name, field):
    with pytest.raises(ValidationFailed) as error:
        calendar_day_set(actor=administrator, date=d("2027-12-31"), kind=kind, name=name)
    assert error.value.field == field
    assert not CalendarDay.objects.filter(date=d("2027-12-31")).exists()


def test_rule_list_filters_and_searches_without_accents():
    codes = {rule.code for rule in legal_rule_list(kind="denunciation", step="resolve")}
    assert codes == {
        "denunciation.resolve",
        "denunciation.resolve.complex",
        "denunciation.resolve.especially_complex",
    }
    # "khieu nai" finds titles written "khiếu nại"; "art. 36" finds the source
    assert "complaint.accept.r2" in {rule.code for rule in legal_rule_list(query="khieu nai")}
    assert [rule.code for rule in legal_rule_list(query="dieu 36")] == ["complaint.accept.r2"]
    assert [rule.code for rule in legal_rule_list(query="BÍ THƯ")] == ["party_secretary.reply"]
