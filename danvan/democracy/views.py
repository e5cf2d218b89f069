"""Web screens of grassroots democracy (Law 10/2022/QH15): the publication register with the
law's warnings (and its Excel copy), and the villages' votes of households with their
recognition or cancellation.

Scope: a record outside the reader's area answers 404; a reader who sees it but may not change
it gets 403 on writes. Views parse input, call a service and render; a domain error becomes a
message on the form (400), never a 500, and nothing is saved."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.core.errors import DomainError
from danvan.democracy import publications as register
from danvan.democracy import services
from danvan.democracy.forms import (
    CancelForm,
    DecisionFilterForm,
    DecisionForm,
    PostingForm,
    PublicationFilterForm,
    PublicationForm,
    RecognizeForm,
    TakeDownForm,
    threshold_words,
)
from danvan.democracy.models import CommunityDecision, Publication
from danvan.democracy.permissions import can_write, require_write, writable_organizations
from danvan.organizations.scope import filter_in_scope, get_in_scope_or_404

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _show_error(form: Any, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


# ---------------------------------------------------------------- publications


def _filtered_publications(request: HttpRequest) -> tuple[PublicationFilterForm, Any, bool]:
    form = PublicationFilterForm(request.GET or None)
    queryset: QuerySet[Publication] = register.publications_for(request.user).order_by(
        "-decided_on", "-pk"
    )
    only_warnings = False
    if form.is_valid():
        if form.cleaned_data["q"]:
            queryset = queryset.filter(title__icontains=form.cleaned_data["q"].strip())
        if form.cleaned_data["category"]:
            queryset = queryset.filter(category=form.cleaned_data["category"])
        only_warnings = form.cleaned_data["warnings"]
    return form, queryset, only_warnings


def _rows(queryset: Any, only_warnings: bool) -> list[tuple[Publication, list[Any]]]:
    rows = register.register(queryset)
    return [row for row in rows if row[1]] if only_warnings else rows


@login_required
def publication_list(request: HttpRequest) -> HttpResponse:
    form, queryset, only_warnings = _filtered_publications(request)
    if only_warnings:
        page = Paginator(_rows(queryset, True), PAGE_SIZE).get_page(request.GET.get("page"))
        rows = list(page.object_list)
    else:
        page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = _rows(page.object_list, False)
    return render(
        request,
        "democracy/publication_list.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "can_record": bool(writable_organizations(request.user)),
        },
    )


@login_required
def publication_export(request: HttpRequest) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    _form, queryset, only_warnings = _filtered_publications(request)
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = _("Sổ công khai")[:31]
    header = [
        _("Nhóm nội dung"),
        _("Nội dung"),
        _("Số văn bản"),
        _("Ngày quyết định công khai"),
        _("Xã, phường"),
        _("Cơ quan"),
        _("Hình thức công khai"),
        _("Cảnh báo"),
    ]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for publication, warnings in _rows(queryset, only_warnings):
        postings = "\n".join(
            f"{p.get_channel_display()}"
            + (f" ({p.place})" if p.place else "")
            + f": {p.from_on:%d/%m/%Y}"
            + (f" – {p.to_on:%d/%m/%Y}" if p.to_on else "")
            for p in publication.postings.all()
        )
        sheet.append(
            [
                str(publication.category),
                publication.title,
                publication.document_number,
                publication.decided_on,
                publication.admin_unit.name,
                publication.organization.name,
                postings,
                "\n".join(w.message for w in warnings),
            ]
        )
        sheet.cell(row=sheet.max_row, column=4).number_format = "DD/MM/YYYY"
    for letter, width in zip("ABCDEFGH", (40, 60, 16, 14, 24, 30, 50, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    day = timezone.localdate()
    response["Content-Disposition"] = f'attachment; filename="so-cong-khai-{day:%Y%m%d}.xlsx"'
    return response


@login_required
def publication_create(request: HttpRequest) -> HttpResponse:
    organizations = writable_organizations(request.user)
    form = PublicationForm(request.POST or None, organizations=organizations)
    if not form.has_places:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            publication = register.publication_record(
                actor=request.user,
                organization=data["organization"],
                admin_unit=data["admin_unit"],
                category=data["category"],
                title=data["title"],
                document_number=data["document_number"],
                decided_on=data["decided_on"],
                summary=data["summary"],
            )
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(request, _("Đã vào sổ nội dung công khai."))
            return redirect("democracy:publication_detail", public_id=publication.public_id)
    return render(
        request,
        "democracy/publication_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _publication(request: HttpRequest, public_id: str) -> Publication:
    return get_in_scope_or_404(
        register.publications_for(request.user), request.user, public_id=public_id
    )


def _render_publication(
    request: HttpRequest,
    publication: Publication,
    *,
    posting_form: PostingForm | None = None,
    take_down_form: TakeDownForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "democracy/publication_detail.html",
        {
            "publication": publication,
            "postings": list(publication.postings.all()),
            "warnings": register.warnings_for(publication),
            "publish_by": register.publish_by(publication),
            "can_write": can_write(request.user, publication),
            "posting_form": posting_form or PostingForm(),
            "take_down_form": take_down_form,
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
def publication_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    publication = _publication(request, public_id)
    if request.method != "POST":
        return _render_publication(request, publication)
    require_write(request.user, publication)
    form = PostingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            register.publication_post(
                actor=request.user,
                publication=publication,
                channel=data["channel"],
                place=data["place"],
                from_on=data["from_on"],
                to_on=data["to_on"],
            )
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(request, _("Đã ghi hình thức công khai."))
            return redirect("democracy:publication_detail", public_id=publication.public_id)
    return _render_publication(request, publication, posting_form=form, status=400)


@login_required
@require_POST
def publication_take_down(request: HttpRequest, public_id: str) -> HttpResponse:
    publication = _publication(request, public_id)
    require_write(request.user, publication)
    form = TakeDownForm(request.POST)
    if form.is_valid():
        posting = next(
            (p for p in publication.postings.all() if p.pk == form.cleaned_data["posting"]), None
        )
        if posting is None:
            form.add_error("posting", _("Không tìm thấy hình thức công khai này."))
        else:
            try:
                register.publication_take_down(
                    actor=request.user, posting=posting, on=form.cleaned_data["on"]
                )
            except DomainError as error:
                _show_error(form, error)
            else:
                messages.success(request, _("Đã ghi ngày kết thúc công khai."))
                return redirect("democracy:publication_detail", public_id=publication.public_id)
    return _render_publication(request, publication, take_down_form=form, status=400)


# ---------------------------------------------------------------- community decisions


def _decisions(user: Any) -> QuerySet[CommunityDecision]:
    return filter_in_scope(
        CommunityDecision.objects.select_related("rule", "admin_unit", "organization"), user
    )


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    form = DecisionFilterForm(request.GET or None)
    queryset = _decisions(request.user).order_by("-held_on", "-pk")
    if form.is_valid() and form.cleaned_data["status"]:
        queryset = queryset.filter(status=form.cleaned_data["status"])
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(d, threshold_words(d.rule)) for d in page.object_list]
    return render(
        request,
        "democracy/decision_list.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "can_record": bool(writable_organizations(request.user)),
        },
    )


@login_required
def decision_create(request: HttpRequest) -> HttpResponse:
    form = DecisionForm(request.POST or None, organizations=writable_organizations(request.user))
    if not form.has_places:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decision_record(
                actor=request.user,
                organization=data["organization"],
                admin_unit=data["admin_unit"],
                village=data["village"],
                rule=data["rule"],
                subject=data["subject"],
                method=data["method"],
                noticed_on=data["noticed_on"],
                held_on=data["held_on"],
                households_total=data["households_total"],
                households_voting=data["households_voting"],
                votes_for=data["votes_for"],
                votes_against=data["votes_against"],
                note=data["note"],
            )
        except DomainError as error:
            _show_error(form, error)
        else:
            if decision.passed:
                messages.success(request, _("Đã ghi kết quả: nội dung được thông qua."))
            else:
                messages.warning(
                    request, _("Đã ghi kết quả: nội dung không đạt tỷ lệ hộ tán thành.")
                )
            return redirect("democracy:decision_detail", public_id=decision.public_id)
    return render(
        request,
        "democracy/decision_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _decision(request: HttpRequest, public_id: str) -> CommunityDecision:
    return get_in_scope_or_404(_decisions(request.user), request.user, public_id=public_id)


def _render_decision(
    request: HttpRequest,
    decision: CommunityDecision,
    *,
    recognize_form: RecognizeForm | None = None,
    cancel_form: CancelForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "democracy/decision_detail.html",
        {
            "decision": decision,
            "threshold": threshold_words(decision.rule),
            "can_write": can_write(request.user, decision),
            "recognize_form": recognize_form or RecognizeForm(initial={"on": timezone.localdate()}),
            "cancel_form": cancel_form or CancelForm(),
        },
        status=status,
    )


@login_required
def decision_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return _render_decision(request, _decision(request, public_id))


@login_required
@require_POST
def decision_recognize(request: HttpRequest, public_id: str) -> HttpResponse:
    decision = _decision(request, public_id)
    require_write(request.user, decision)
    form = RecognizeForm(request.POST)
    if form.is_valid():
        try:
            services.decision_recognize(
                actor=request.user,
                decision=decision,
                on=form.cleaned_data["on"],
                number=form.cleaned_data["number"],
            )
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(request, _("Đã ghi việc công nhận kết quả."))
            return redirect("democracy:decision_detail", public_id=decision.public_id)
    return _render_decision(request, decision, recognize_form=form, status=400)


@login_required
@require_POST
def decision_cancel(request: HttpRequest, public_id: str) -> HttpResponse:
    decision = _decision(request, public_id)
    require_write(request.user, decision)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.decision_cancel(
                actor=request.user, decision=decision, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(request, _("Đã hủy kết quả biểu quyết."))
            return redirect("democracy:decision_detail", public_id=decision.public_id)
    return _render_decision(request, decision, cancel_form=form, status=400)
