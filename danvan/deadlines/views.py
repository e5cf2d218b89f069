"""Pages of the working-day calendar and the legal rule table."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.audit.selectors import events_for
from danvan.core.errors import DomainError
from danvan.deadlines import calendar as working_calendar
from danvan.deadlines import selectors, services
from danvan.deadlines.forms import CalendarDayForm, LegalRuleForm
from danvan.deadlines.models import CalendarDay, LegalRule
from danvan.deadlines.rules import can_manage_calendar, can_manage_rules


def _year_param(request: HttpRequest) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    if not raw:
        return timezone.localdate().year
    try:
        year = int(raw)
    except ValueError as exc:
        raise Http404 from exc
    if not working_calendar.MIN_YEAR <= year <= working_calendar.MAX_YEAR:
        raise Http404
    return year


def _calendar_url(year: int) -> str:
    return f"{reverse('deadlines:calendar')}?year={year}"


@login_required
def calendar_view(request: HttpRequest) -> HttpResponse:
    year = _year_param(request)
    can_manage = can_manage_calendar(request.user)
    form = CalendarDayForm(initial={"date": dt.date(year, 1, 1)}) if can_manage else None
    return _render_calendar(request, year, form)


def _render_calendar(
    request: HttpRequest, year: int, form: CalendarDayForm | None, status: int = 200
) -> HttpResponse:
    cal = working_calendar.default_calendar()
    overrides = {day.date: day for day in selectors.calendar_days_in_year(year=year)}
    entries = [
        {"entry": entry, "override": overrides.get(entry.date)}
        for entry in cal.holidays_in_year(year)
    ]
    months = [
        {"month": month, "first": dt.date(year, month, 1), "working_days": count}
        for month, count in cal.working_days_per_month(year)
    ]
    context: dict[str, Any] = {
        "year": year,
        "years": range(
            max(year - 3, working_calendar.MIN_YEAR), min(year + 4, working_calendar.MAX_YEAR + 1)
        ),
        "previous_year": year - 1 if year > working_calendar.MIN_YEAR else None,
        "next_year": year + 1 if year < working_calendar.MAX_YEAR else None,
        "entries": entries,
        "months": months,
        "total_working_days": sum(month["working_days"] for month in months),
        "can_manage": form is not None,
        "form": form,
    }
    return render(request, "deadlines/calendar.html", context, status=status)


@login_required
@require_POST
def calendar_day_add(request: HttpRequest) -> HttpResponse:
    if not can_manage_calendar(request.user):
        raise PermissionDenied
    form = CalendarDayForm(request.POST)
    year = form.data.get("date", "")[:4]
    if form.is_valid():
        try:
            day = services.calendar_day_set(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("Đã lưu ngày %(date)s.") % {"date": f"{day.date:%d/%m/%Y}"})
            return HttpResponseRedirect(_calendar_url(day.date.year))
    shown = int(year) if year.isdigit() else timezone.localdate().year
    shown = min(max(shown, working_calendar.MIN_YEAR), working_calendar.MAX_YEAR)
    return _render_calendar(request, shown, form, status=400)


@login_required
@require_POST
def calendar_day_delete(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_manage_calendar(request.user):
        raise PermissionDenied
    day = get_object_or_404(CalendarDay, pk=pk)
    year = day.date.year
    services.calendar_day_delete(actor=request.user, calendar_day=day)
    messages.success(
        request,
        _("Đã xóa ngày %(date)s khỏi danh sách điều chỉnh.") % {"date": f"{day.date:%d/%m/%Y}"},
    )
    return HttpResponseRedirect(_calendar_url(year))


@login_required
def rule_list(request: HttpRequest) -> HttpResponse:
    params = request.GET
    kind = params.get("kind", "")
    step = params.get("step", "")
    rules = selectors.legal_rule_list(
        kind=kind if kind in LegalRule.Kind.values else "",
        step=step if step in LegalRule.Step.values else "",
        query=params.get("q", "")[:100],
    )
    return render(
        request,
        "deadlines/rule_list.html",
        {
            "rules": rules,
            "kinds": LegalRule.Kind.choices,
            "steps": LegalRule.Step.choices,
            "filters": params,
            "can_manage": can_manage_rules(request.user),
        },
    )


def _rule_or_404(code: str) -> LegalRule:
    rule = selectors.legal_rule_get(code=code)
    if rule is None:
        raise Http404
    return rule


@login_required
def rule_detail(request: HttpRequest, code: str) -> HttpResponse:
    rule = _rule_or_404(code)
    return render(
        request,
        "deadlines/rule_detail.html",
        {
            "rule": rule,
            "events": events_for(rule, limit=100),
            "can_manage": can_manage_rules(request.user),
        },
    )


@login_required
def rule_edit(request: HttpRequest, code: str) -> HttpResponse:
    if not can_manage_rules(request.user):
        raise PermissionDenied
    rule = _rule_or_404(code)
    form = LegalRuleForm(request.POST or None, instance=selectors.legal_rule_get(code=code))
    if request.method == "POST" and form.is_valid():
        try:
            services.legal_rule_update(actor=request.user, rule=rule, **form.changes())
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request, _("Đã lưu thay đổi của quy định %(code)s.") % {"code": rule.code}
            )
            return redirect("deadlines:rule_detail", code=rule.code)
    status = 400 if request.method == "POST" else 200
    return render(request, "deadlines/rule_edit.html", {"rule": rule, "form": form}, status=status)
