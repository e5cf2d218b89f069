"""Web screens of compensation programmes: the programme list, a programme with its
households (filters, search, pagination), listing a household, and the household file with
its pipeline actions, asset lines, evidence and audit trail.

Views parse input, call a selector or a service and render. A household outside the user's
scope answers 404; one the user sees but may not change answers 403 to a write. A domain
error becomes a Vietnamese message on the field or at the top of the page, never a 500."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, re_path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danvan.compensation import attachments, display, selectors, services, workflow
from danvan.compensation.forms import (
    ACTION_FORMS,
    HouseholdActionForm,
    HouseholdCreateForm,
    HouseholdFilterForm,
)
from danvan.compensation.models import CompensationProgram, Household, HouseholdAttachment
from danvan.compensation.permissions import can_change, can_work_in, is_system_administrator
from danvan.core.errors import DomainError, ValidationFailed
from danvan.organizations.scope import scope_for
from danvan.organizations.selectors import active_memberships
from danvan.places.models import AdminUnit
from danvan.places.selectors import unit_ids_within

PAGE_SIZE = 50
# Pages built alongside this one; linked only once their address exists.
PROGRAM_LINKS: list[tuple[str, Any]] = [
    ("compensation:program_board", gettext_lazy("Bảng tiến độ")),
    ("compensation:posting_list", gettext_lazy("Niêm yết công khai")),
    ("compensation:reconciliation", gettext_lazy("Đối chiếu chi trả")),
    ("compensation:task_list", gettext_lazy("Nhiệm vụ vận động")),
    ("compensation:household_import", gettext_lazy("Nhập danh sách hộ (Excel)")),
    ("compensation:household_template", gettext_lazy("Mẫu danh sách hộ (Excel)")),
    ("compensation:household_export", gettext_lazy("Tải danh sách hộ (Excel)")),
]
ACTION_LABELS: dict[str, Any] = {
    "declare": gettext_lazy("Ghi nhận kê khai"),
    "add_asset": gettext_lazy("Ghi tài sản, thiệt hại"),
    "inventory": gettext_lazy("Hoàn thành kiểm đếm"),
    "verify": gettext_lazy("Xác nhận kết quả kiểm đếm"),
    "post": gettext_lazy("Niêm yết công khai"),
    "approve": gettext_lazy("Phê duyệt"),
    "refuse": gettext_lazy("Không đủ điều kiện, từ chối"),
    "recompute": gettext_lazy("Tính lại thành tiền theo đơn giá hiện hành"),
    "update": gettext_lazy("Sửa thông tin hộ"),
    "attach": gettext_lazy("Đính kèm tài liệu"),
}
SUCCESS_MESSAGES: dict[str, Any] = {
    "declare": gettext_lazy("Đã ghi nhận hộ kê khai."),
    "add_asset": gettext_lazy("Đã ghi dòng tài sản, thiệt hại."),
    "inventory": gettext_lazy("Đã hoàn thành kiểm đếm; chờ cán bộ khác xác nhận."),
    "verify": gettext_lazy("Đã xác nhận kết quả kiểm đếm."),
    "post": gettext_lazy("Đã ghi nhận niêm yết công khai."),
    "approve": gettext_lazy("Đã phê duyệt; số tiền của hộ đã được cố định."),
    "refuse": gettext_lazy("Đã ghi hộ không đủ điều kiện."),
    "update": gettext_lazy("Đã sửa thông tin hộ."),
}
# The workflow transition each web action needs (attaching a file needs none).
TRANSITION_OF = {name: name for name in ACTION_LABELS if name != "attach"}
PANEL_ACTIONS = [n for n in ACTION_LABELS if n not in ("add_asset", "attach")]


def optional_url(name: str, program: CompensationProgram) -> str:
    """The address of a page that may not exist yet; "" until it does."""
    for kwargs in ({"code": program.code}, {"program_code": program.code}, {}):
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return ""


def detail_url(household: Household, anchor: str = "") -> str:
    url = reverse("compensation:household_detail", kwargs={"public_id": household.public_id})
    return f"{url}#{anchor}" if anchor else url


# ---------------------------------------------------------------- programmes


@login_required
def program_list(request: HttpRequest) -> HttpResponse:
    programs = list(selectors.programs_for(request.user))
    summaries = selectors.program_summaries(request.user, programs)
    labels = dict(Household._meta.get_field("status").choices or [])
    rows = []
    for program in programs:
        summary = summaries[program.pk]
        rows.append(
            {
                "program": program,
                "summary": summary,
                "counts": [
                    (labels[status], number, display.status_badge(status))
                    for status, number in sorted(
                        summary.counts.items(), key=lambda item: list(labels).index(item[0])
                    )
                ],
                "total": display.money(summary.total),
                "paid": display.money(summary.paid),
            }
        )
    return render(request, "compensation/program_list.html", {"rows": rows})


def creatable_units(user: Any, program: CompensationProgram) -> list[AdminUnit]:
    """Communes where the user may list a household of the programme (its area, and the
    jurisdiction of the user's organisations unless they lead the programme)."""
    if program.status != CompensationProgram.Status.ACTIVE:
        return []
    area = list(program.area.all())
    communes = AdminUnit.objects.current().filter(level=AdminUnit.Level.COMMUNE).order_by("name")
    if is_system_administrator(user):
        return list(communes.filter(pk__in=unit_ids_within(area)) if area else communes)
    scope_for(user)  # loads the memberships' jurisdictions once
    memberships = active_memberships(user)
    jurisdiction = [unit for m in memberships for unit in m.organization.jurisdiction.all()]
    leads = program.organization_id is not None and any(
        m.organization_id == program.organization_id for m in memberships
    )
    if leads:
        allowed = unit_ids_within(area or jurisdiction)
    else:
        allowed = {unit.pk for unit in jurisdiction}
        if area:
            allowed &= unit_ids_within(area)
    return list(communes.filter(pk__in=allowed))


@dataclass
class Row:
    household: Household
    badge: str
    amount: str
    paid: str
    days: int | None


def _rows(households: Any) -> list[Row]:
    now = timezone.now()
    return [
        Row(
            household=h,
            badge=display.status_badge(h.status),
            amount=display.money(h.amount_total),
            paid=display.money(h.paid_total),
            days=(now - h.status_changed_at).days if h.status_changed_at else None,
        )
        for h in households
    ]


@login_required
def program_detail(request: HttpRequest, code: str) -> HttpResponse:
    program = selectors.program_for(request.user, code)
    options = selectors.filter_options(request.user, program)
    groups = list(program.groups.all())
    form = HouseholdFilterForm(
        request.GET, units=options["units"], villages=options["villages"], groups=groups
    )
    filters = form.household_filters()
    households = selectors.households_for(request.user, program, filters)
    page = Paginator(households, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.status_counts(request.user, program, filters)
    summary = selectors.program_summaries(request.user, [program])[program.pk]
    rates = list(program.rates.all())
    context = {
        "program": program,
        "form": form,
        "page_obj": page,
        "rows": _rows(page.object_list),
        "chips": [
            {"value": value, "label": label, "count": counts.get(value, 0)}
            for value, label in Household._meta.get_field("status").choices or []
        ],
        "chips_total": sum(counts.values()),
        "summary": summary,
        "total": display.money(summary.total),
        "paid": display.money(summary.paid),
        "phases": list(program.phases.all()),
        "groups": groups,
        "rates": [
            {
                "rate": rate,
                "category": display.category_label(rate.asset_category, rates),
                "amount": display.money(rate.amount),
            }
            for rate in rates
        ],
        "can_create": bool(creatable_units(request.user, program)),
        "links": [
            {"url": url, "label": label}
            for name, label in PROGRAM_LINKS
            if (url := optional_url(name, program))
        ],
    }
    return render(request, "compensation/program_detail.html", context)


@login_required
def household_create(request: HttpRequest, code: str) -> HttpResponse:
    program = selectors.program_for(request.user, code)
    units = creatable_units(request.user, program)
    if not units:
        raise PermissionDenied
    form = HouseholdCreateForm(request.POST or None, units=units)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            if not can_work_in(request.user, program, data["admin_unit"]):
                raise PermissionDenied
            try:
                household = services.household_create(
                    actor=request.user,
                    program=program,
                    head_full_name=data["head_full_name"],
                    id_number=data["id_number"],
                    admin_unit=data["admin_unit"],
                    village=data["village"],
                    address=data["address"],
                    members=data["members"],
                )
            except DomainError as error:
                _show_error(form, error)
            else:
                messages.success(
                    request,
                    _("Đã lập hồ sơ hộ %(name)s, mã %(id)s.")
                    % {"name": household.head_full_name, "id": household.public_id},
                )
                return redirect(detail_url(household))
    context = {"program": program, "form": form}
    return render(request, "compensation/household_form.html", context, status=status)


def _show_error(form: Any, error: DomainError) -> None:
    """Put a service's error on its form field ("attributes.months" → months)."""
    name = (error.field or "").removeprefix("attributes.").split("[")[0]
    form.add_error(name if name in form.fields else None, str(error.message))


# ---------------------------------------------------------------- the household file


def _not_now(action: str, household: Household) -> str:
    return _("Không thể “%(action)s” khi hồ sơ hộ đang ở trạng thái “%(status)s”.") % {
        "action": ACTION_LABELS[action],
        "status": household.get_status_display(),
    }


def _allowed(action: str, household: Household) -> bool:
    transition = TRANSITION_OF.get(action)
    return transition is None or household.status in workflow.TRANSITIONS[transition].sources


def _form(action: str, household: Household, bound: HouseholdActionForm | None) -> Any:
    if bound is not None and bound.action == action:
        return bound
    return ACTION_FORMS[action](household=household, action=action)


def _render_detail(
    request: HttpRequest,
    household: Household,
    *,
    bound: HouseholdActionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    annotated: Any = household  # amounts from selectors.with_amounts
    editable = can_change(user, household)
    actions = []
    for name in PANEL_ACTIONS if editable else []:
        if not _allowed(name, household):
            continue
        blocked = ""
        if name == "verify" and household.inventoried_by_id == user.pk:
            blocked = _("Bạn đã kiểm đếm hộ này; việc xác nhận phải do một cán bộ khác thực hiện.")
        actions.append(
            {
                "name": name,
                "label": ACTION_LABELS[name],
                "form": _form(name, household, bound),
                "blocked": blocked,
            }
        )
    lines = list(household.assets.all())
    rates = list(household.program.rates.all())
    events = display.trail(household)
    labels = display.field_labels(household)
    for event in events:
        for name in event.changes:
            labels.setdefault(name, display.line_amount_label(name) or name)
    asset_form = None
    if editable and _allowed("add_asset", household):
        asset_form = _form("add_asset", household, bound)
    context = {
        "household": household,
        "program": household.program,
        "badge": display.status_badge(household.status),
        "can_change": editable,
        "steps": display.pipeline_steps(household),
        "lines": [
            {
                "line": line,
                "category": display.category_label(line.asset_category, rates),
                "attributes": display.describe_attributes(line.attributes),
                "amount": display.money(line.amount),
            }
            for line in lines
        ],
        "total": display.money(annotated.amount_total),
        "paid": display.money(annotated.paid_total),
        "frozen": household.approved_total is not None,
        "actions": actions,
        "asset_form": asset_form,
        "attachment_form": _form("attach", household, bound) if editable else None,
        "open_action": bound.action if bound is not None else "",
        "events": events,
        "field_labels": labels,
        "limit": 100,
    }
    return render(request, "compensation/household_detail.html", context, status=status)


@login_required
def household_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return _render_detail(request, selectors.household_for(request.user, public_id))


def _step(service: Callable[..., Household]) -> Callable[..., Any]:
    def perform(actor: Any, household: Household, args: dict[str, Any]) -> Any:
        return service(actor=actor, household=household, **args)

    return perform


def _attach(actor: Any, household: Household, args: dict[str, Any]) -> Any:
    upload = args["file"]
    return attachments.household_attachment_add(
        actor=actor, household=household, kind=args["kind"], uploaded_file=upload, name=upload.name
    )


def _recompute(actor: Any, household: Household, args: dict[str, Any]) -> Any:
    return services.household_recompute(actor=actor, household=household)


PERFORM: dict[str, Callable[[Any, Household, dict[str, Any]], Any]] = {
    "declare": _step(services.household_declare),
    "add_asset": _step(services.asset_add),  # type: ignore[arg-type]
    "inventory": _step(services.household_inventory),
    "verify": _step(services.household_verify),
    "post": _step(services.household_post),
    "approve": _step(services.household_approve),
    "refuse": _step(services.household_refuse),
    "recompute": _recompute,
    "update": _step(services.household_update),
    "attach": _attach,
}


def _success(action: str, household: Household, before: Any) -> str:
    if action == "recompute":
        after = services.amount_total(household)
        if after == before:
            return _("Đã tính lại theo đơn giá hiện hành: không có thay đổi (%(total)s).") % {
                "total": display.money(after)
            }
        return _("Đã tính lại theo đơn giá hiện hành: %(before)s → %(after)s.") % {
            "before": display.money(before),
            "after": display.money(after),
        }
    if action == "attach":
        return _("Đã đính kèm tài liệu.")
    return str(SUCCESS_MESSAGES[action])


@login_required
@require_POST
def household_action(request: HttpRequest, public_id: str, action: str) -> HttpResponse:
    household = selectors.household_for(request.user, public_id)
    if action not in PERFORM:
        raise Http404
    if not can_change(request.user, household):
        raise PermissionDenied
    anchor = "attachments" if action == "attach" else "actions"
    if not _allowed(action, household):
        messages.error(request, _not_now(action, household))
        return redirect(detail_url(household, anchor))
    form = ACTION_FORMS[action](request.POST, request.FILES, household=household, action=action)
    if form.is_valid():
        before = services.amount_total(household)
        try:
            PERFORM[action](request.user, household, form.service_arguments())
        except ValidationFailed as error:
            _show_error(form, error)
        except DomainError as error:
            message = str(error.message)
            if error.code == "invalid_transition":
                message = _not_now(action, Household.objects.get(pk=household.pk))
            messages.error(request, message)
            return redirect(detail_url(household, anchor))
        else:
            messages.success(request, _success(action, household, before))
            return redirect(detail_url(household, "lines" if action == "add_asset" else ""))
    fresh = selectors.household_for(request.user, public_id)
    return _render_detail(request, fresh, bound=form, status=400)


@login_required
def household_attachment(request: HttpRequest, public_id: str, attachment_id: str) -> FileResponse:
    attachment: HouseholdAttachment = selectors.attachment_for(
        request.user, public_id, attachment_id
    )
    return attachments.download(attachment)


urlpatterns: list[URLPattern] = [
    path("programs/", program_list, name="program_list"),
    path("programs/<slug:code>/", program_detail, name="program_detail"),
    path("programs/<slug:code>/households/new/", household_create, name="household_create"),
    path("households/<str:public_id>/", household_detail, name="household_detail"),
    path(
        "households/<str:public_id>/files/<str:attachment_id>/",
        household_attachment,
        name="household_attachment",
    ),
    re_path(
        r"^households/(?P<public_id>[A-Za-z0-9]{1,16})/(?P<action>" + "|".join(PERFORM) + r")/$",
        household_action,
        name="household_action",
    ),
]
