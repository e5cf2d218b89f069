"""Web screens of compensation programmes: mobilisation (vận động) and the progress board.

- `programs/<code>/board/`: the progress board of a programme, per commune and village;
- `programs/<code>/behind/`: households behind, with a bulk "assign tasks" form;
- `mobilization/tasks/`: the user's tasks and their organisation's;
- `households/<id>/tasks/new/`, `households/<id>/visits/new/`: assign one task, record a
  visit; `mobilization/tasks/<id>/close/`, `mobilization/visits/<id>/petition/`.

A household outside the user's scope is 404; a user who sees it but may not change it gets
403. Domain errors become messages on the form (400), never a 500."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danvan.compensation import behind, mobilization
from danvan.compensation.board import (
    board_units,
    board_villages,
    program_board,
    series_chart,
)
from danvan.compensation.forms_mobilization import (
    AreaFilterForm,
    BehindFilterForm,
    TaskAssignForm,
    TaskCloseForm,
    TaskFilterForm,
    TasksGenerateForm,
    VisitForm,
    VisitPetitionForm,
)
from danvan.compensation.models import (
    CompensationProgram,
    Household,
    HouseholdStatus,
    MobilizationTask,
    MobilizationVisit,
)
from danvan.compensation.permissions import can_change
from danvan.compensation.rates import vn_number
from danvan.core.errors import DomainError, ValidationFailed
from danvan.organizations.scope import filter_in_scope, get_in_scope_or_404
from danvan.organizations.selectors import active_memberships
from danvan.places.models import AdminUnit

PAGE_SIZE = 50
TEMPLATES = "compensation/mobilization"
SERIES_LABELS = {
    "declared": gettext_lazy("Đã kê khai (tỷ lệ số hộ)"),
    "verified": gettext_lazy("Đã xác nhận (tỷ lệ số hộ)"),
    "posted": gettext_lazy("Đã niêm yết (tỷ lệ số hộ)"),
    "approved": gettext_lazy("Đã phê duyệt (tỷ lệ số hộ)"),
    "paid": gettext_lazy("Đã chi trả (tỷ lệ số tiền dự kiến)"),
}
WAITING: dict[str, Any] = {
    HouseholdStatus.VERIFIED: gettext_lazy("Chờ niêm yết"),
    HouseholdStatus.POSTED: gettext_lazy("Chờ phê duyệt"),
}
OUTCOME_BADGES = {
    MobilizationVisit.Outcome.COMPLETED: "badge badge-ok",
    MobilizationVisit.Outcome.AGREED: "badge badge-ok",
    MobilizationVisit.Outcome.DECLINED: "badge badge-danger",
    MobilizationVisit.Outcome.CONSIDERING: "badge badge-warn",
}


def household_url(public_id: str) -> str:
    """The household page (built in the programmes' screens)."""
    try:
        return reverse("compensation:household_detail", kwargs={"public_id": public_id})
    except NoReverseMatch:
        return f"/compensation/households/{public_id}/"


def _next_url(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _household(request: HttpRequest, public_id: str) -> Household:
    queryset = Household.objects.select_related("program", "admin_unit")
    return get_in_scope_or_404(queryset, request.user, public_id=public_id)


def _is_assigned(user: Any, household: Household) -> bool:
    return household.mobilization_tasks.filter(
        assignee_id=user.pk, status=MobilizationTask.Status.OPEN
    ).exists()


def _error_to_form(form: Any, error: DomainError) -> None:
    if isinstance(error, ValidationFailed) and error.field and error.field in form.fields:
        form.add_error(error.field, str(error.message))
    else:
        form.add_error(None, str(error.message))


def household_mobilization(household: Household) -> dict[str, Any]:
    """The tasks and visits of a household for `parts/household_visits.html`, joined (a
    constant number of queries): include its result in the household page's context."""
    tasks = list(
        household.mobilization_tasks.select_related("assignee", "organization").order_by(
            "status", F("due_on").asc(nulls_last=True), "pk"
        )
    )
    visits = list(
        household.mobilization_visits.select_related("task", "petition", "recorded_by")
        .prefetch_related("visitors")
        .order_by("-visited_on", "-pk")
    )
    return {"tasks": tasks, "visits": visits}


# ---------------------------------------------------------------- the progress board


def _area_filter(
    request: HttpRequest, program: CompensationProgram, form_class: type[AreaFilterForm]
) -> tuple[AreaFilterForm, AdminUnit | None, str]:
    units = board_units(program, request.user)
    ward: AdminUnit | None = None
    ward_id = request.GET.get("ward", "")
    if ward_id.isdigit():
        ward = units.filter(pk=int(ward_id)).first()
    villages = board_villages(program, request.user, ward) if ward else []
    form = form_class(request.GET or None, units=units, villages=villages)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["ward"], form.cleaned_data.get("village") or ""
    return form, None, ""


@login_required
def program_board_view(request: HttpRequest, code: str) -> HttpResponse:
    program = get_object_or_404(CompensationProgram, code=code)
    form, ward, village = _area_filter(request, program, AreaFilterForm)
    board = program_board(program, request.user, admin_unit=ward, village=village)
    chart = series_chart(
        board.series, households=board.total.households, planned=board.total.planned
    )
    for line in chart["lines"]:
        line["label"] = SERIES_LABELS[line["key"]]
    reasons = dict(MobilizationTask.Reason.choices)
    for household in board.stuck:
        household.url = household_url(household.public_id)  # type: ignore[attr-defined]
        household.reason_label = reasons.get(  # type: ignore[attr-defined]
            household.behind_reason,  # type: ignore[attr-defined]
            WAITING.get(household.status, ""),
        )
    series_rows = [
        {**vars(point), "paid_text": vn_number(point.paid.quantize(Decimal(1)))}
        for point in reversed(board.series.points)
    ]
    return render(
        request,
        f"{TEMPLATES}/board.html",
        {
            "program": program,
            "board": board,
            "chart": chart,
            "form": form,
            "ward": ward,
            "village": village,
            "series_rows": series_rows,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


# ---------------------------------------------------------------- households behind


def _assign_form(
    request: HttpRequest,
    program: CompensationProgram,
    ward: AdminUnit | None,
    data: Any = None,
) -> TasksGenerateForm:
    units = [ward] if ward else list(board_units(program, request.user))
    return TasksGenerateForm(
        data,
        users=mobilization.eligible_users(*units),
        organizations=mobilization.organizations_covering(*units),
        prefix="assign",
    )


@login_required
def behind_list(request: HttpRequest, code: str) -> HttpResponse:
    program = get_object_or_404(CompensationProgram, code=code)
    filters, ward, village = _area_filter(request, program, BehindFilterForm)
    reason = filters.cleaned_data.get("reason", "") if filters.is_bound else ""
    queryset = behind.behind_households(
        program=program,
        user=request.user,
        reasons=[reason] if reason else None,
        admin_unit=ward,
        village=village,
    )
    in_scope = filter_in_scope(Household.objects.filter(program=program), request.user)
    changeable = mobilization.households_changeable_by(request.user, in_scope)
    status = 200
    assign_form = None
    if request.method == "POST":
        if not changeable.exists():
            raise PermissionDenied
        assign_form = _assign_form(request, program, ward, request.POST)
        if assign_form.is_valid():
            data = assign_form.cleaned_data
            try:
                created = mobilization.tasks_generate(
                    actor=request.user,
                    program=program,
                    reasons=data["reasons"],
                    admin_unit=ward,
                    village=village,
                    assignee=data["assignee"],
                    organization=data["organization"],
                    due_on=data["due_on"],
                )
            except DomainError as error:
                _error_to_form(assign_form, error)
            else:
                messages.success(request, _("Đã giao %(n)d nhiệm vụ vận động.") % {"n": created})
                return redirect(request.get_full_path())
        status = 400
    elif changeable.exists():
        assign_form = _assign_form(request, program, ward)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    labels = dict(MobilizationTask.Reason.choices)
    household: Any
    for household in page.object_list:
        household.days_in_status = behind.days_since(household.since, today)
        household.reason_labels = [labels[r] for r in behind.reasons_of(household)]
        household.url = household_url(household.public_id)
    return render(
        request,
        f"{TEMPLATES}/behind_list.html",
        {
            "program": program,
            "filters": filters,
            "page_obj": page,
            "assign_form": assign_form,
        },
        status=status,
    )


# ---------------------------------------------------------------- my tasks


def _tasks_for(request: HttpRequest, whose: str) -> QuerySet[MobilizationTask]:
    tasks = MobilizationTask.objects.all()
    user = request.user
    if whose == "area":
        households = filter_in_scope(Household.objects.all(), user)
        return tasks.filter(household__in=households.values("pk"))
    organization_ids = [m.organization_id for m in active_memberships(user)]
    return tasks.filter(Q(assignee_id=user.pk) | Q(organization_id__in=organization_ids))


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    whose = request.GET.get("whose", "")
    whose = whose if whose == "area" else ""
    base = _tasks_for(request, whose)
    units = AdminUnit.objects.filter(pk__in=base.values("household__admin_unit")).order_by("name")
    form = TaskFilterForm(request.GET or None, units=units)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    status = data.get("status") or MobilizationTask.Status.OPEN
    tasks = base
    if status != "all":
        tasks = tasks.filter(status=status)
    if data.get("reason"):
        tasks = tasks.filter(reason=data["reason"])
    if data.get("ward"):
        tasks = tasks.filter(household__admin_unit=data["ward"])
    latest = MobilizationVisit.objects.filter(household=OuterRef("household")).order_by(
        "-visited_on", "-pk"
    )
    tasks = (
        tasks.select_related(
            "household__admin_unit", "household__program", "assignee", "organization"
        )
        .annotate(
            last_visit_on=Subquery(latest.values("visited_on")[:1]),
            next_visit_on=Subquery(latest.values("next_visit_on")[:1]),
        )
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    household_ids = {task.household_id for task in page.object_list}
    changeable = set(
        mobilization.households_changeable_by(
            request.user, Household.objects.filter(pk__in=household_ids)
        ).values_list("pk", flat=True)
    )
    task: Any
    for task in page.object_list:
        task.overdue = bool(
            task.status == MobilizationTask.Status.OPEN and task.due_on and task.due_on < today
        )
        task.can_act = task.status == MobilizationTask.Status.OPEN and (
            task.household_id in changeable or task.assignee_id == request.user.pk
        )
        task.household_url = household_url(task.household.public_id)
    return render(
        request,
        f"{TEMPLATES}/task_list.html",
        {
            "form": form,
            "page_obj": page,
            "today": today,
            "close_choices": TaskCloseForm.base_fields["status"].choices,  # type: ignore[attr-defined]
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
@require_POST
def task_close(request: HttpRequest, public_id: str) -> HttpResponse:
    task = get_object_or_404(
        MobilizationTask.objects.select_related("household"), public_id=public_id
    )
    household = _household(request, task.household.public_id)
    if not (can_change(request.user, household) or task.assignee_id == request.user.pk):
        raise PermissionDenied
    fallback = household_url(household.public_id)
    form = TaskCloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn kết quả và ngày kết thúc hợp lệ."))
        return redirect(_next_url(request, fallback))
    try:
        mobilization.task_close(
            actor=request.user,
            task=task,
            on=form.cleaned_data["on"],
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Đã kết thúc nhiệm vụ vận động."))
    return redirect(_next_url(request, fallback))


@login_required
def task_create(request: HttpRequest, public_id: str) -> HttpResponse:
    household = _household(request, public_id)
    if not can_change(request.user, household):
        raise PermissionDenied
    unit = household.admin_unit
    kwargs: dict[str, Any] = {
        "users": mobilization.eligible_users(unit),
        "organizations": mobilization.organizations_covering(unit),
    }
    if request.method != "POST":
        reasons = behind.reasons_of(_annotated(household))
        form = TaskAssignForm(initial={"reason": reasons[0] if reasons else ""}, **kwargs)
        return _render_household_form(request, "task_form.html", household, form)
    form = TaskAssignForm(request.POST, **kwargs)
    if form.is_valid():
        data = form.cleaned_data
        try:
            mobilization.task_assign(
                actor=request.user,
                household=household,
                reason=data["reason"],
                assignee=data["assignee"],
                organization=data["organization"],
                due_on=data["due_on"],
                note=data["note"],
            )
        except DomainError as error:
            _error_to_form(form, error)
        else:
            messages.success(request, _("Đã giao nhiệm vụ vận động."))
            return redirect(household_url(household.public_id))
    return _render_household_form(request, "task_form.html", household, form, status=400)


def _annotated(household: Household) -> Household:
    found = behind.with_behind_data(Household.objects.filter(pk=household.pk))
    return found.select_related("program").get()


def _render_household_form(
    request: HttpRequest,
    template: str,
    household: Household,
    form: Any,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    return render(
        request,
        f"{TEMPLATES}/{template}",
        {
            "household": household,
            "household_url": household_url(household.public_id),
            "form": form,
            **extra,
        },
        status=status,
    )


# ---------------------------------------------------------------- visits


@login_required
def visit_create(request: HttpRequest, public_id: str) -> HttpResponse:
    household = _household(request, public_id)
    if not (can_change(request.user, household) or _is_assigned(request.user, household)):
        raise PermissionDenied
    open_tasks = household.mobilization_tasks.filter(status=MobilizationTask.Status.OPEN).order_by(
        F("due_on").asc(nulls_last=True), "pk"
    )
    kwargs: dict[str, Any] = {
        "tasks": open_tasks,
        "users": mobilization.eligible_users(household.admin_unit),
    }
    if request.method != "POST":
        chosen = request.GET.get("task", "")
        task = open_tasks.filter(public_id=chosen).first() if chosen else None
        if task is None and len(tasks := list(open_tasks[:2])) == 1:
            task = tasks[0]
        initial: dict[str, Any] = {"task": task}
        if kwargs["users"].filter(pk=request.user.pk).exists():
            initial["visitors"] = [request.user.pk]
        form = VisitForm(initial=initial, **kwargs)
        return _render_household_form(request, "visit_form.html", household, form)
    form = VisitForm(request.POST, **kwargs)
    if form.is_valid():
        data = form.cleaned_data
        try:
            mobilization.visit_record(
                actor=request.user,
                household=household,
                task=data["task"],
                visited_on=data["visited_on"],
                visitors=list(data["visitors"]),
                other_visitors=data["other_visitors"],
                outcome=data["outcome"],
                concerns=data["concerns"],
                next_step=data["next_step"],
                next_visit_on=data["next_visit_on"],
            )
        except DomainError as error:
            _error_to_form(form, error)
        else:
            messages.success(request, _("Đã ghi lần vận động."))
            return redirect(household_url(household.public_id))
    return _render_household_form(request, "visit_form.html", household, form, status=400)


@login_required
def visit_petition(request: HttpRequest, public_id: str) -> HttpResponse:
    visit = get_object_or_404(
        MobilizationVisit.objects.select_related("household", "petition"), public_id=public_id
    )
    household = _household(request, visit.household.public_id)
    if not can_change(request.user, household):
        raise PermissionDenied
    if visit.petition is not None:
        messages.info(request, _("Kiến nghị của lần vận động này đã được vào sổ đơn thư."))
        return redirect(reverse("petitions:petition_detail", args=[visit.petition.public_id]))
    if request.method != "POST":
        form = VisitPetitionForm(initial={"content": visit.concerns})
        return _render_household_form(request, "visit_petition.html", household, form, visit=visit)
    form = VisitPetitionForm(request.POST)
    if form.is_valid():
        try:
            petition = mobilization.visit_concern_to_petition(
                actor=request.user,
                visit=visit,
                on=form.cleaned_data["on"],
                content=form.cleaned_data["content"],
            )
        except DomainError as error:
            _error_to_form(form, error)
        else:
            messages.success(
                request,
                _("Đã vào sổ đơn kiến nghị số %(n)s.") % {"n": petition.register_label},
            )
            return redirect(reverse("petitions:petition_detail", args=[petition.public_id]))
    return _render_household_form(
        request, "visit_petition.html", household, form, status=400, visit=visit
    )


urlpatterns = [
    path("programs/<slug:code>/board/", program_board_view, name="program_board"),
    path("programs/<slug:code>/behind/", behind_list, name="behind_list"),
    path("mobilization/tasks/", task_list, name="task_list"),
    path("mobilization/tasks/<str:public_id>/close/", task_close, name="task_close"),
    path("households/<str:public_id>/tasks/new/", task_create, name="task_create"),
    path("households/<str:public_id>/visits/new/", visit_create, name="visit_create"),
    path("mobilization/visits/<str:public_id>/petition/", visit_petition, name="visit_petition"),
]
