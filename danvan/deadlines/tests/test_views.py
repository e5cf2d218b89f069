"""Pages: every officer reads the calendar and the rules; only administrators change them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.audit.models import AuditEvent
from danvan.deadlines import calendar
from danvan.deadlines.models import CalendarDay, LegalRule
from danvan.deadlines.tests.conftest import d

pytestmark = pytest.mark.django_db

RULE = "complaint.resolve.r1.complex"


@pytest.mark.parametrize(
    "url",
    [
        reverse("deadlines:calendar"),
        reverse("deadlines:calendar") + "?year=2026",
        reverse("deadlines:rule_list"),
        reverse("deadlines:rule_list") + "?kind=complaint&step=resolve&q=khieu+nai",
        reverse("deadlines:rule_detail", args=[RULE]),
    ],
)
def test_an_officer_can_read_every_page(officer_client, url):
    response = officer_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_pages_need_a_login(client):
    response = client.get(reverse("deadlines:rule_list"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_calendar_page_shows_holidays_the_swap_and_month_counts(officer_client):
    response = officer_client.get(reverse("deadlines:calendar"), {"year": 2026})
    page = response.content.decode()
    assert "Tết Nguyên Đán" in page
    assert "Làm bù cho ngày nghỉ thứ Hai 31/8/2026" in page
    assert response.context["months"][1]["working_days"] == 15
    # an officer sees no administrator form
    assert not response.context["can_manage"]
    assert 'action="' + reverse("deadlines:calendar_day_add") not in page


def test_an_unknown_year_is_not_found(officer_client):
    assert officer_client.get(reverse("deadlines:calendar"), {"year": "abc"}).status_code == 404
    assert officer_client.get(reverse("deadlines:calendar"), {"year": 3000}).status_code == 404


def test_the_rule_list_filters(officer_client):
    response = officer_client.get(
        reverse("deadlines:rule_list"), {"kind": "denunciation", "step": "classify"}
    )
    assert [rule.code for rule in response.context["rules"]] == ["denunciation.classify"]


def test_an_officer_may_not_edit_a_rule(officer_client):
    url = reverse("deadlines:rule_edit", args=[RULE])
    assert officer_client.get(url).status_code == 403
    assert officer_client.post(url, {"period": 1}).status_code == 403
    assert LegalRule.objects.get(code=RULE).period == 45


def test_an_officer_may_not_change_the_calendar(officer_client):
    response = officer_client.post(
        reverse("deadlines:calendar_day_add"),
        {"date": "2026-10-15", "kind": "day_off", "name": "Nghỉ"},
    )
    assert response.status_code == 403
    day = CalendarDay.objects.get(date=d("2026-08-22"))
    response = officer_client.post(reverse("deadlines:calendar_day_delete", args=[day.pk]))
    assert response.status_code == 403
    assert CalendarDay.objects.filter(pk=day.pk).exists()


def _edit_data(rule: LegalRule, **changes):
    data = {
        "title": rule.title,
        "period": rule.period,
        "unit": rule.unit,
        "start_event": rule.start_event,
        "extension_period": rule.extension_period or "",
        "max_extensions": rule.max_extensions,
        "source": rule.source,
        "note": rule.note,
        "valid_from": rule.valid_from.isoformat() if rule.valid_from else "",
        "valid_to": "",
        "is_active": "on" if rule.is_active else "",
    }
    data.update(changes)
    return data


def test_an_administrator_edits_a_rule_and_the_edit_is_audited(admin_client_, administrator):
    rule = LegalRule.objects.get(code=RULE)
    url = reverse("deadlines:rule_edit", args=[RULE])
    assert admin_client_.get(url).status_code == 200
    # when the administrator lengthens the period
    response = admin_client_.post(url, _edit_data(rule, period=50))
    # then the rule changed, and its page shows the audited change
    assert response.status_code == 302
    assert response["Location"] == reverse("deadlines:rule_detail", args=[RULE])
    rule.refresh_from_db()
    assert rule.period == 50
    event = AuditEvent.objects.get(action="legal_rule.update", target_id=str(rule.pk))
    assert event.actor == administrator
    assert event.source == "web"
    assert event.changes == {"period": {"before": 45, "after": 50}}
    detail = admin_client_.get(response["Location"])
    assert list(detail.context["events"]) == [event]
    assert "legal_rule.update" in detail.content.decode()


def test_an_invalid_edit_shows_the_form_again(admin_client_):
    rule = LegalRule.objects.get(code=RULE)
    url = reverse("deadlines:rule_edit", args=[RULE])
    response = admin_client_.post(url, _edit_data(rule, max_extensions=2, extension_period=""))
    assert response.status_code == 400
    assert "extension_period" in response.context["form"].errors
    assert not AuditEvent.objects.filter(action="legal_rule.update").exists()


def test_an_administrator_adds_and_removes_a_day_off(admin_client_):
    # when an administrator adds a day off through the calendar page
    response = admin_client_.post(
        reverse("deadlines:calendar_day_add"),
        {"date": "2026-10-15", "kind": "day_off", "name": "Nghỉ theo thông báo của tỉnh"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?year=2026")
    # then the calendar knows it at once, and the page lists it with a delete button
    assert not calendar.is_working_day(d("2026-10-15"))
    day = CalendarDay.objects.get(date=d("2026-10-15"))
    page = admin_client_.get(response["Location"]).content.decode()
    assert "Nghỉ theo thông báo của tỉnh" in page
    assert reverse("deadlines:calendar_day_delete", args=[day.pk]) in page
    # when it is removed
    admin_client_.post(reverse("deadlines:calendar_day_delete", args=[day.pk]))
    assert calendar.is_working_day(d("2026-10-15"))
    assert AuditEvent.objects.filter(action="calendar_day.delete").count() == 1


def test_a_bad_calendar_form_is_shown_again(admin_client_):
    response = admin_client_.post(
        reverse("deadlines:calendar_day_add"), {"date": "2026-02-30", "kind": "day_off"}
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"date", "name"}


def test_the_admin_site_saves_through_the_services(admin_client_, administrator):
    rule = LegalRule.objects.get(code=RULE)
    url = reverse("admin:deadlines_legalrule_change", args=[rule.pk])
    assert admin_client_.get(url).status_code == 200
    data = _edit_data(rule, period=46)
    data.update(
        step=rule.step,
        kind=rule.kind,
        round=rule.round,
        complex="true",
        especially_complex="unknown",
        remote_area="false",
        authority="",
    )
    response = admin_client_.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(action="legal_rule.update")
    assert event.source == "admin"
    assert event.changes == {"period": {"before": 45, "after": 46}}
