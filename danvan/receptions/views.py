"""Pages of citizen reception: the schedule, the register, a visit, and the exports."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.core.errors import DomainError
from danvan.organizations.models import Organization
from danvan.receptions import confidentiality, exports, selectors, services
from danvan.receptions.forms import (
    CancelForm,
    CreatePetitionForm,
    HoldForm,
    LinkPetitionForm,
    PersonFormSet,
    SessionForm,
    VisitForm,
)
from danvan.receptions.models import ReceptionSession, ReceptionVisit
from danvan.receptions.rules import (
    can_manage_schedule,
    can_record_visit,
    register_organization_ids,
    schedule_organization_ids,
)

PAGE_SIZE = 50
EXPORT_LIMIT = 5000


def _add_error(form: Any, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def _parse_date(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((raw or "").strip()[:10]) if raw else None
    except ValueError:
        return None


def _parse_month(raw: str | None) -> tuple[int, int]:
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in (raw or "").split("-")[:2])
        if 1990 <= year <= 2100 and 1 <= month <= 12:
            return year, month
    except ValueError:
        pass
    return today.year, today.month


def _managed_organizations(user: Any) -> QuerySet[Organization]:
    qs = Organization.objects.filter(valid_to__isnull=True).order_by("level", "name")
    if user.is_superuser:
        return qs
    return qs.filter(pk__in=sorted(schedule_organization_ids(user)))


def _register_organizations(user: Any) -> QuerySet[Organization]:
    qs = Organization.objects.order_by("level", "name")
    if user.is_superuser:
        return qs.filter(valid_to__isnull=True)
    return qs.filter(pk__in=sorted(register_organization_ids(user)))


def _check_posted_organization(request: HttpRequest, allowed: QuerySet[Organization]) -> None:
    """A POST naming an organisation the user may not write for is refused (403), not
    reported as an invalid choice."""
    raw = request.POST.get("organization", "") if request.method == "POST" else ""
    if raw.isdigit() and not allowed.filter(pk=int(raw)).exists():
        raise PermissionDenied


def _organization_param(request: HttpRequest, choices: list[Organization]) -> Organization | None:
    code = request.GET.get("organization", "")
    return next((org for org in choices if org.code == code), None)


# ---------------------------------------------------------------- schedule


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    year, month = _parse_month(request.GET.get("month"))
    organizations = list(selectors.schedule_organizations(user))
    chosen = _organization_param(request, organizations)
    org_ids = frozenset([chosen.pk] if chosen else [org.pk for org in organizations])
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    sessions = list(
        selectors.session_list(
            user,
            selectors.SessionFilters(
                organization_ids=frozenset([chosen.pk]) if chosen else None,
                date_from=first,
                date_to=last,
            ),
        )
    )
    today = timezone.localdate()
    for session in sessions:
        session.can_manage = can_manage_schedule(user, session.organization)  # type: ignore[attr-defined]
    previous = first - dt.timedelta(days=1)
    following = last + dt.timedelta(days=1)
    return render(
        request,
        "receptions/session_list.html",
        {
            "upcoming": [s for s in sessions if s.date >= today],
            "past": [s for s in reversed(sessions) if s.date < today],
            "warnings": selectors.duty_warnings(organization_ids=org_ids, year=year, month=month),
            "organizations": organizations,
            "chosen": chosen,
            "month_value": f"{year:04d}-{month:02d}",
            "month_label": f"{month}/{year}",
            "previous_month": f"{previous.year:04d}-{previous.month:02d}",
            "next_month": f"{following.year:04d}-{following.month:02d}",
            "can_plan": user.is_superuser or bool(schedule_organization_ids(user)),
        },
    )


def _session_form_data(form: SessionForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("organization", None)
    return data


@login_required
def session_create(request: HttpRequest) -> HttpResponse:
    organizations = _managed_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied
    _check_posted_organization(request, organizations)
    form = SessionForm(
        request.POST or None,
        organizations=organizations,
        initial={"kind": ReceptionSession.Kind.REGULAR},
    )
    if request.method == "POST" and form.is_valid():
        organization = form.cleaned_data["organization"]
        if not can_manage_schedule(request.user, organization):
            raise PermissionDenied
        try:
            services.reception_session_plan(
                actor=request.user, organization=organization, **_session_form_data(form)
            )
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Đã lên lịch tiếp công dân."))
            return redirect(f"{_schedule_url()}?month={form.cleaned_data['date']:%Y-%m}")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "receptions/session_form.html",
        {"form": form, "title": _("Lên lịch tiếp công dân")},
        status=status,
    )


def _schedule_url() -> str:
    return reverse("receptions:session_list")


def _managed_session(request: HttpRequest, public_id: str) -> ReceptionSession:
    session = selectors.session_for(request.user, public_id)
    if not can_manage_schedule(request.user, session.organization):
        raise PermissionDenied
    return session


@login_required
def session_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    session = _managed_session(request, public_id)
    organizations = Organization.objects.filter(pk=session.organization_id)
    initial = {
        name: getattr(session, name)
        for name in ("organization", "receiver", "receiver_title", "date", "time_from")
    } | {
        "time_to": session.time_to,
        "place": session.place,
        "kind": session.kind,
        "note": session.note,
        "published": session.published,
    }
    form = SessionForm(
        request.POST or None, organizations=organizations, editing=True, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reception_session_update(
                actor=request.user, session=session, **_session_form_data(form)
            )
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Đã lưu lịch tiếp công dân."))
            return redirect(f"{_schedule_url()}?month={session.date:%Y-%m}")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "receptions/session_form.html",
        {"form": form, "session": session, "title": _("Sửa lịch tiếp công dân")},
        status=status,
    )


def _session_action(
    request: HttpRequest, public_id: str, form_class: type, action: str
) -> HttpResponse:
    session = _managed_session(request, public_id)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if action == "hold":
                services.reception_session_hold(
                    actor=request.user, session=session, **form.cleaned_data
                )
                messages.success(request, _("Đã ghi nhận buổi tiếp công dân."))
            else:
                services.reception_session_cancel(
                    actor=request.user, session=session, **form.cleaned_data
                )
                messages.success(request, _("Đã hủy lịch tiếp công dân."))
        except DomainError as error:
            _add_error(form, error)
        else:
            return redirect(f"{_schedule_url()}?month={session.date:%Y-%m}")
    status = 400 if request.method == "POST" else 200
    title = _("Ghi nhận đã tiếp công dân") if action == "hold" else _("Hủy lịch tiếp công dân")
    return render(
        request,
        "receptions/session_action.html",
        {"form": form, "session": session, "title": title, "action": action},
        status=status,
    )


@login_required
def session_hold(request: HttpRequest, public_id: str) -> HttpResponse:
    return _session_action(request, public_id, HoldForm, "hold")


@login_required
def session_cancel(request: HttpRequest, public_id: str) -> HttpResponse:
    return _session_action(request, public_id, CancelForm, "cancel")


# ---------------------------------------------------------------- register


def _visit_filters(request: HttpRequest, organizations: list[Organization]) -> Any:
    params = request.GET
    chosen = _organization_param(request, organizations)
    collective = {"1": True, "0": False}.get(params.get("collective", ""))
    filters = selectors.VisitFilters(
        organization_ids=frozenset([chosen.pk]) if chosen else None,
        date_from=_parse_date(params.get("from")),
        date_to=_parse_date(params.get("to")),
        session_public_id=params.get("session", "")[:16],
        collective=collective,
        q=params.get("q", "")[:100],
    )
    return filters, chosen


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    organizations = list(selectors.schedule_organizations(request.user))
    filters, chosen = _visit_filters(request, organizations)
    page = Paginator(selectors.visit_list(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    # Only the rows shown are revealed (and logged), in one insert.
    page.object_list = confidentiality.attach_visitors(
        request.user, page.object_list, surface=confidentiality.SURFACE_LIST
    )
    return render(
        request,
        "receptions/visit_list.html",
        {
            "page_obj": page,
            "organizations": organizations,
            "chosen": chosen,
            "filters": request.GET,
            "export_query": request.GET.urlencode(),
            "can_record": request.user.is_superuser
            or bool(register_organization_ids(request.user)),
        },
    )


@login_required
def visit_create(request: HttpRequest) -> HttpResponse:
    organizations = _register_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied
    _check_posted_organization(request, organizations)
    today = timezone.localdate()
    sessions = (
        ReceptionSession.objects.filter(
            organization__in=organizations,
            date__range=(today - dt.timedelta(days=31), today),
        )
        .exclude(status=ReceptionSession.Status.CANCELLED)
        .select_related("receiver")
        .order_by("-date", "-time_from")
    )
    data = request.POST or None
    form = VisitForm(data, organizations=organizations, sessions=sessions)
    formset = PersonFormSet(data, prefix="people")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        organization = form.cleaned_data["organization"]
        if not can_record_visit(request.user, organization):
            raise PermissionDenied
        values = dict(form.cleaned_data)
        values.pop("organization")
        try:
            visit = services.reception_visit_create(
                actor=request.user,
                organization=organization,
                people=formset.people(),  # type: ignore[attr-defined]
                **values,
            )
        except DomainError as error:
            if error.field and error.field.startswith("people"):
                form.add_error(None, str(error.message))
            else:
                _add_error(form, error)
        else:
            messages.success(
                request,
                _("Đã vào sổ tiếp công dân, số %(n)s.") % {"n": visit.register_label},
            )
            return redirect("receptions:visit_detail", public_id=visit.public_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "receptions/visit_form.html",
        {"form": form, "formset": formset},
        status=status,
    )


def _visit_detail_context(
    request: HttpRequest,
    visit: ReceptionVisit,
    petition_form: CreatePetitionForm | None = None,
    link_form: LinkPetitionForm | None = None,
) -> dict[str, Any]:
    can_record = can_record_visit(request.user, visit.organization)
    confidentiality.attach_visitors(request.user, [visit], surface=confidentiality.SURFACE_PAGE)
    return {
        "visit": visit,
        "can_record": can_record,
        "petition_form": petition_form
        or CreatePetitionForm(initial={"content": visit.content, "kind": "recommendation"}),
        "link_form": link_form or LinkPetitionForm(),
    }


@login_required
def visit_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    visit = selectors.visit_for(request.user, public_id)
    return render(request, "receptions/visit_detail.html", _visit_detail_context(request, visit))


def _recorded_visit(request: HttpRequest, public_id: str) -> ReceptionVisit:
    visit = selectors.visit_for(request.user, public_id)
    if not can_record_visit(request.user, visit.organization):
        raise PermissionDenied
    return visit


@login_required
@require_POST
def visit_create_petition(request: HttpRequest, public_id: str) -> HttpResponse:
    visit = _recorded_visit(request, public_id)
    form = CreatePetitionForm(request.POST)
    if form.is_valid():
        try:
            petition = services.reception_visit_create_petition(
                actor=request.user, visit=visit, **form.cleaned_data
            )
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(
                request,
                _("Đã vào sổ đơn thư số %(n)s từ lượt tiếp này.") % {"n": petition.register_label},
            )
            return redirect("receptions:visit_detail", public_id=visit.public_id)
    context = _visit_detail_context(request, visit, petition_form=form)
    return render(request, "receptions/visit_detail.html", context, status=400)


@login_required
@require_POST
def visit_link_petition(request: HttpRequest, public_id: str) -> HttpResponse:
    visit = _recorded_visit(request, public_id)
    form = LinkPetitionForm(request.POST)
    if form.is_valid():
        petition = selectors.petition_by_reference(
            request.user, form.cleaned_data["reference"], organization=visit.organization
        )
        if petition is None:
            form.add_error("reference", _("Không tìm thấy đơn thư này."))
        else:
            try:
                services.reception_visit_link_petition(
                    actor=request.user, visit=visit, petition=petition
                )
            except DomainError as error:
                form.add_error("reference", str(error.message))
            else:
                messages.success(
                    request,
                    _("Đã gắn đơn thư số %(n)s với lượt tiếp.") % {"n": petition.register_label},
                )
                return redirect("receptions:visit_detail", public_id=visit.public_id)
    context = _visit_detail_context(request, visit, link_form=form)
    return render(request, "receptions/visit_detail.html", context, status=400)


# ---------------------------------------------------------------- exports


def _export_data(
    request: HttpRequest, surface: str
) -> tuple[list[ReceptionVisit], exports.RegisterHeader, exports.Visitors]:
    organizations = list(selectors.schedule_organizations(request.user))
    filters, chosen = _visit_filters(request, organizations)
    visits = list(selectors.visit_list(request.user, filters)[:EXPORT_LIMIT])
    visits.reverse()  # the register reads in order of entry
    if chosen is None:
        names = {visit.organization.name for visit in visits}
        if len(names) == 1:
            organization_name = names.pop()
        else:
            memberships = register_organization_ids(request.user)
            own = [org for org in organizations if org.pk in memberships]
            organization_name = own[0].name if own else ""
    else:
        organization_name = chosen.name
    header = exports.RegisterHeader(
        organization=organization_name,
        date_from=filters.date_from,
        date_to=filters.date_to,
    )
    visitors = confidentiality.visitors_for_many(request.user, visits, surface=surface)
    return visits, header, visitors


@login_required
def visit_export_xlsx(request: HttpRequest) -> HttpResponse:
    visits, header, visitors = _export_data(request, confidentiality.SURFACE_XLSX)
    response = HttpResponse(
        exports.register_xlsx(visits, header, visitors),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="so-tiep-cong-dan.xlsx"'
    return response


@login_required
def visit_export_docx(request: HttpRequest) -> HttpResponse:
    visits, header, visitors = _export_data(request, confidentiality.SURFACE_DOCX)
    response = HttpResponse(
        exports.register_docx(visits, header, visitors),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = 'attachment; filename="so-tiep-cong-dan.docx"'
    return response
