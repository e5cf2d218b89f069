from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from danvan.audit import exports, selectors
from danvan.audit.forms import AuditFilterForm

EXPORT_LIMIT = 100_000


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, Any]:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = selectors.event_list(
        actor=filters.get("actor") or "",
        action=filters.get("action") or "",
        target_type=filters.get("target_type") or "",
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    return form, events


@login_required
@permission_required("audit.view_trail", raise_exception=True)
def event_list(request: HttpRequest) -> HttpResponse:
    form, events = _filtered(request)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/event_list.html",
        {"form": form, "page_obj": page, "target_types": selectors.target_types()},
    )


@login_required
@permission_required("audit.view_trail", raise_exception=True)
def event_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _form, events = _filtered(request)
    events = events[:EXPORT_LIMIT]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        response = HttpResponse(
            exports.to_xlsx(events),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(exports.to_csv(events), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="nhat-ky-thao-tac-{stamp}.{fmt}"'
    return response
