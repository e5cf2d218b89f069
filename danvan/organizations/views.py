from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from danvan.organizations import selectors
from danvan.organizations.models import Organization


@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    params = request.GET
    kind = params.get("kind", "")
    level = params.get("level", "")
    organizations = selectors.organization_list(
        q=params.get("q", "")[:100],
        kind=kind if kind in Organization.Kind.values else "",
        level=level if level in Organization.Level.values else "",
        include_former=params.get("include_former") == "1",
    )
    page = Paginator(organizations, 50).get_page(params.get("page"))
    return render(
        request,
        "organizations/organization_list.html",
        {
            "page_obj": page,
            "kinds": Organization.Kind.choices,
            "levels": Organization.Level.choices,
            "filters": params,
        },
    )


@login_required
def organization_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        organization = selectors.organization_detail(code=code)
    except Organization.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "organizations/organization_detail.html",
        {
            "organization": organization,
            "can_manage": request.user.has_perm("organizations.manage_organization", organization),
        },
    )
