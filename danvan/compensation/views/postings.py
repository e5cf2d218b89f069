"""Web screens of compensation programmes: public postings of village lists (with their Word
and PDF files), approval by batch, the payments reconciliation, and the objection and
payment forms of the household page.

Scope: a posting or household outside the reader's wards answers 404; a reader who sees it
but may not change it gets 403 on writes. Views parse input, call a service and render; a
domain error becomes a message on the form, never a 500."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.compensation import documents, objections, postings, reconciliation, services
from danvan.compensation.forms_postings import (
    BatchApprovalForm,
    ObjectionForm,
    PaymentForm,
    PostingForm,
    ResolveForm,
    TakeDownForm,
)
from danvan.compensation.models import (
    ApprovalBatch,
    CompensationProgram,
    Household,
    HouseholdStatus,
    Objection,
    Posting,
)
from danvan.compensation.permissions import can_change, can_work_in
from danvan.core.errors import DomainError, ValidationFailed
from danvan.organizations.scope import filter_in_scope, get_in_scope_or_404
from danvan.places.models import AdminUnit

PAGE_SIZE = 50
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
POSTING_SCOPE = {"organization_field": "program__organization"}


def _program(code: str) -> CompensationProgram:
    return get_object_or_404(CompensationProgram.objects.select_related("organization"), code=code)


def _visible(user: Any) -> QuerySet[Household]:
    return filter_in_scope(Household.objects.all(), user)


def _posting(user: Any, public_id: str) -> Posting:
    queryset = Posting.objects.select_related("program__organization", "admin_unit", "created_by")
    return get_in_scope_or_404(queryset, user, public_id=public_id, **POSTING_SCOPE)


def _household(user: Any, public_id: str) -> Household:
    queryset = Household.objects.select_related("program", "admin_unit")
    return get_in_scope_or_404(queryset, user, public_id=public_id)


def household_url(public_id: str, anchor: str = "") -> str:
    try:
        url = reverse("compensation:household_detail", kwargs={"public_id": public_id})
    except NoReverseMatch:
        url = f"/compensation/households/{public_id}/"
    return f"{url}#{anchor}" if anchor else url


def _show_error(form: Any, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


class _UnitRights:
    """can_work_in per ward, asked once per ward on a page."""

    def __init__(self, user: Any, program: CompensationProgram) -> None:
        self.user, self.program, self.cache = user, program, dict[int, bool]()

    def __call__(self, unit: AdminUnit) -> bool:
        if unit.pk not in self.cache:
            self.cache[unit.pk] = can_work_in(self.user, self.program, unit)
        return self.cache[unit.pk]


# ---------------------------------------------------------------- postings


@login_required
def posting_list(request: HttpRequest, code: str) -> HttpResponse:
    program = _program(code)
    queryset = (
        filter_in_scope(Posting.objects.filter(program=program), request.user, **POSTING_SCOPE)
        .select_related("admin_unit")
        .annotate(households_count=Count("households"))
        .order_by("-posted_from", "-pk")
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    visible = _visible(request.user).filter(program=program)
    batches = (
        ApprovalBatch.objects.filter(program=program, households__in=visible)
        .annotate(households_count=Count("households", distinct=True))
        .order_by("-decided_on", "-pk")[:20]
    )
    return render(
        request,
        "compensation/postings/posting_list.html",
        {
            "program": program,
            "page_obj": page,
            "postings": list(page.object_list),
            "batches": list(batches),
            "today": timezone.localdate(),
        },
    )


def _areas(user: Any, program: CompensationProgram) -> tuple[dict[str, Any], bool]:
    """The (ward, village) pairs with verified households the user may post, by choice
    value, and whether there are any the user sees but may not post."""
    rows = (
        _visible(user)
        .filter(program=program, status=HouseholdStatus.VERIFIED)
        .order_by()
        .values("admin_unit_id", "village")
        .annotate(n=Count("pk"))
    )
    units = AdminUnit.objects.in_bulk({row["admin_unit_id"] for row in rows})
    rights = _UnitRights(user, program)
    areas: dict[str, Any] = {}
    hidden = False
    for row in sorted(rows, key=lambda r: (units[r["admin_unit_id"]].name, r["village"])):
        unit = units[row["admin_unit_id"]]
        if not rights(unit):
            hidden = True
            continue
        village = row["village"] or _("(không ghi thôn)")
        label = _("%(unit)s — %(village)s: %(n)d hộ đã xác nhận") % {
            "unit": unit.name,
            "village": village,
            "n": row["n"],
        }
        areas[f"{unit.pk}|{row['village']}"] = {
            "unit": unit,
            "village": row["village"],
            "label": label,
        }
    return areas, hidden


@login_required
def posting_create(request: HttpRequest, code: str) -> HttpResponse:
    program = _program(code)
    areas, hidden = _areas(request.user, program)
    if hidden and not areas:
        raise PermissionDenied
    choices = [(value, area["label"]) for value, area in areas.items()]
    form = PostingForm(request.POST or None, areas=choices, posting_days=program.posting_days)
    if request.method == "POST" and form.is_valid():
        area = areas[form.cleaned_data["area"]]
        try:
            posting = postings.posting_create(
                actor=request.user,
                program=program,
                admin_unit=area["unit"],
                village=area["village"],
                place=form.cleaned_data["place"],
                posted_from=form.cleaned_data["posted_from"],
                posted_to=form.cleaned_data["posted_to"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(
                request,
                _("Đã niêm yết %(n)d hộ.") % {"n": posting.households.count()},
            )
            return redirect("compensation:posting_detail", public_id=posting.public_id)
    return render(
        request,
        "compensation/postings/posting_form.html",
        {"program": program, "form": form, "has_areas": bool(areas)},
        status=400 if request.method == "POST" else 200,
    )


def _render_posting(
    request: HttpRequest, posting: Posting, form: TakeDownForm | None = None, status: int = 200
) -> HttpResponse:
    households = reconciliation.with_totals(
        posting.households.select_related("admin_unit")
    ).order_by("head_full_name", "pk")
    rows = list(households)
    can_take_down = posting.taken_down_on is None and can_work_in(
        request.user, posting.program, posting.admin_unit
    )
    return render(
        request,
        "compensation/postings/posting_detail.html",
        {
            "posting": posting,
            "program": posting.program,
            "households": rows,
            "total": sum((h.amount for h in rows), start=0),  # type: ignore[attr-defined]
            "days": (posting.posted_to - posting.posted_from).days + 1,
            "ended": posting.posted_to < timezone.localdate(),
            "form": form or (TakeDownForm() if can_take_down else None),
        },
        status=status,
    )


@login_required
def posting_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return _render_posting(request, _posting(request.user, public_id))


@login_required
@require_POST
def posting_take_down(request: HttpRequest, public_id: str) -> HttpResponse:
    posting = _posting(request.user, public_id)
    if not can_work_in(request.user, posting.program, posting.admin_unit):
        raise PermissionDenied
    form = TakeDownForm(request.POST)
    if form.is_valid():
        try:
            postings.posting_take_down(
                actor=request.user,
                posting=posting,
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(request, _("Đã ghi ngày gỡ danh sách niêm yết."))
            return redirect("compensation:posting_detail", public_id=posting.public_id)
    return _render_posting(request, posting, form, status=400)


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def posting_docx(request: HttpRequest, public_id: str) -> HttpResponse:
    posting = _posting(request.user, public_id)
    return _download(documents.posting_docx(posting), DOCX, f"niem-yet-{posting.public_id}.docx")


@login_required
def posting_pdf(request: HttpRequest, public_id: str) -> HttpResponse:
    posting = _posting(request.user, public_id)
    data = documents.posting_pdf(posting)
    return _download(data, "application/pdf", f"niem-yet-{posting.public_id}.pdf")


# ---------------------------------------------------------------- approval by batch


@login_required
def batch_approve(request: HttpRequest, code: str) -> HttpResponse:
    program = _program(code)
    candidates = list(
        reconciliation.with_totals(
            _visible(request.user)
            .filter(program=program, status__in=[HouseholdStatus.POSTED, HouseholdStatus.OBJECTING])
            .select_related("admin_unit", "posting", "program")
        ).order_by("admin_unit__name", "village", "head_full_name", "pk")
    )
    rights = _UnitRights(request.user, program)
    form = BatchApprovalForm(request.POST or None, households=candidates)
    if request.method == "POST":
        chosen = set(request.POST.getlist("households"))
        selected = [h for h in candidates if h.public_id in chosen]
        if any(not can_change(request.user, h) for h in selected):
            raise PermissionDenied
        if form.is_valid():
            try:
                batch = postings.batch_approve(
                    actor=request.user,
                    program=program,
                    decision_number=form.cleaned_data["decision_number"],
                    decided_on=form.cleaned_data["decided_on"],
                    households=selected,
                    signer=form.cleaned_data["signer"],
                    note=form.cleaned_data["note"],
                )
            except DomainError as error:
                _show_error(form, error)
            else:
                messages.success(
                    request,
                    _("Đã phê duyệt %(n)d hộ theo quyết định số %(number)s.")
                    % {"n": len(selected), "number": batch.decision_number},
                )
                return redirect("compensation:approval_detail", public_id=batch.public_id)
    on = timezone.localdate()
    if form.is_bound and form.is_valid():
        on = form.cleaned_data["decided_on"]
    rows = []
    for household in candidates:
        blocker = postings.approval_blocker(None, program, household, on)
        if blocker is None and not rights(household.admin_unit):
            blocker = _("ngoài phạm vi bạn được thay đổi")
        rows.append({"household": household, "blocker": blocker})
    checked = set(request.POST.getlist("households")) if form.is_bound else set()
    return render(
        request,
        "compensation/postings/batch_approve.html",
        {
            "program": program,
            "form": form,
            "rows": rows,
            "checked": checked,
            "can_approve": any(rights(h.admin_unit) for h in candidates),
            "on": on,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def approval_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    batch = get_object_or_404(
        ApprovalBatch.objects.select_related("program", "created_by"), public_id=public_id
    )
    households = list(
        reconciliation.with_totals(
            _visible(request.user).filter(approval_batch=batch).select_related("admin_unit")
        ).order_by("admin_unit__name", "village", "head_full_name", "pk")
    )
    if not households:
        raise Http404
    return render(
        request,
        "compensation/postings/approval_detail.html",
        {
            "batch": batch,
            "program": batch.program,
            "households": households,
            "paid": sum((h.paid for h in households), start=0),  # type: ignore[attr-defined]
        },
    )


# ---------------------------------------------------------------- reconciliation


@login_required
def reconciliation_page(request: HttpRequest, code: str) -> HttpResponse:
    program = _program(code)
    return render(
        request,
        "compensation/postings/reconciliation.html",
        {
            "program": program,
            "figures": reconciliation.program_figures(program, request.user),
            "villages": reconciliation.village_figures(program, request.user),
            "anomalies": reconciliation.anomalies(program, request.user),
            "payment_days": program.payment_days,
            "payment_source": program.payment_basis,
        },
    )


@login_required
def reconciliation_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    program = _program(code)
    data = documents.reconciliation_xlsx(program, request.user)
    day = timezone.localdate()
    return _download(data, XLSX, f"doi-chieu-chi-tra-{program.code}-{day:%Y%m%d}.xlsx")


# ---------------------------------------------------------------- household sections


def _changeable(request: HttpRequest, household: Household) -> None:
    if not can_change(request.user, household):
        raise PermissionDenied


def _action_page(
    request: HttpRequest, household: Household, form: Any, title: str, action: str
) -> HttpResponse:
    """A household section's form with its errors, on its own page (status 400)."""
    return render(
        request,
        "compensation/postings/household_action.html",
        {
            "household": household,
            "form": form,
            "title": title,
            "action": action,
            "back": household_url(household.public_id),
        },
        status=400 if request.method == "POST" else 200,
    )


def _refused(request: HttpRequest, household: Household, error: DomainError, anchor: str) -> Any:
    messages.error(request, str(error.message))
    return redirect(household_url(household.public_id, anchor))


@login_required
def objection_raise(request: HttpRequest, public_id: str) -> HttpResponse:
    household = _household(request.user, public_id)
    _changeable(request, household)
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            objection = objections.objection_raise(
                actor=request.user,
                household=household,
                on=form.cleaned_data["on"],
                content=form.cleaned_data["content"],
                register_petition=form.cleaned_data["register_petition"],
                channel=form.cleaned_data["channel"],
            )
        except ValidationFailed as error:
            _show_error(form, error)
        except DomainError as error:
            return _refused(request, household, error, "objections")
        else:
            if objection.petition is not None:
                message = _("Đã ghi ý kiến không đồng ý và vào sổ đơn số %(number)s.") % {
                    "number": objection.petition.register_label
                }
            else:
                message = _("Đã ghi ý kiến không đồng ý.")
            messages.success(request, message)
            return redirect(household_url(household.public_id, "objections"))
    title = _("Ghi ý kiến không đồng ý")
    return _action_page(request, household, form, title, request.path)


@login_required
def objection_resolve(request: HttpRequest, public_id: str) -> HttpResponse:
    objection = get_object_or_404(
        Objection.objects.select_related("household__program", "household__admin_unit"),
        public_id=public_id,
        household__in=_visible(request.user),
    )
    household = objection.household
    _changeable(request, household)
    form = ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            objections.objection_resolve(
                actor=request.user,
                objection=objection,
                on=form.cleaned_data["on"],
                resolution=form.cleaned_data["resolution"],
            )
        except ValidationFailed as error:
            _show_error(form, error)
        except DomainError as error:
            return _refused(request, household, error, "objections")
        else:
            messages.success(request, _("Đã ghi kết quả giải quyết ý kiến."))
            return redirect(household_url(household.public_id, "objections"))
    title = _("Giải quyết ý kiến: %(content)s") % {"content": objection.content[:80]}
    return _action_page(request, household, form, title, request.path)


@login_required
def payment_record(request: HttpRequest, public_id: str) -> HttpResponse:
    household = _household(request.user, public_id)
    _changeable(request, household)
    form = PaymentForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.household_pay(
                actor=request.user,
                household=household,
                on=data["on"],
                amount=data["amount"],
                receiver=data["receiver"],
                method=data["method"],
                receipt_number=data["receipt_number"],
                evidence=data["evidence"],
                recorded_by=request.user,
            )
        except ValidationFailed as error:
            _show_error(form, error)
        except DomainError as error:
            return _refused(request, household, error, "payments")
        else:
            messages.success(request, _("Đã ghi một lần chi trả."))
            return redirect(household_url(household.public_id, "payments"))
    return _action_page(request, household, form, _("Ghi một lần chi trả"), request.path)


urlpatterns: list[URLPattern] = [
    path("programs/<slug:code>/postings/", posting_list, name="posting_list"),
    path("programs/<slug:code>/postings/new/", posting_create, name="posting_create"),
    path("programs/<slug:code>/approve/", batch_approve, name="batch_approve"),
    path("programs/<slug:code>/payments/", reconciliation_page, name="reconciliation"),
    path("programs/<slug:code>/payments.xlsx", reconciliation_xlsx, name="reconciliation_xlsx"),
    path("postings/<str:public_id>/", posting_detail, name="posting_detail"),
    path("postings/<str:public_id>/list.docx", posting_docx, name="posting_docx"),
    path("postings/<str:public_id>/list.pdf", posting_pdf, name="posting_pdf"),
    path("postings/<str:public_id>/take-down/", posting_take_down, name="posting_take_down"),
    path("approvals/<str:public_id>/", approval_detail, name="approval_detail"),
    path("households/<str:public_id>/objections/", objection_raise, name="objection_raise"),
    path("objections/<str:public_id>/resolve/", objection_resolve, name="objection_resolve"),
    path("households/<str:public_id>/payments/", payment_record, name="payment_record"),
]
