"""Pages on administrative units (read-only): the searchable list and a unit's sheet."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from danvan.audit.selectors import events_for
from danvan.places import selectors
from danvan.places.models import AdminUnit, AdminUnitSuccession

PAGE_SIZE = 50


def _successor_links() -> Prefetch:
    return Prefetch(
        "successor_links",
        queryset=AdminUnitSuccession.objects.select_related("successor").order_by(
            "effective_on", "pk"
        ),
    )


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    params = request.GET
    level = params.get("level", "")
    level = level if level in AdminUnit.Level.values else ""
    provinces = list(
        AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE).current().order_by("search_name")
    )
    province = next((p for p in provinces if p.code == params.get("province")), None)
    include_former = params.get("include_former") == "1"
    units = selectors.search_units(
        params.get("q", "")[:100],
        level=level or None,
        parent=province,
        include_former=include_former,
    ).prefetch_related(_successor_links())
    page = Paginator(units, PAGE_SIZE).get_page(params.get("page"))
    return render(
        request,
        "places/unit_list.html",
        {
            "page_obj": page,
            "levels": AdminUnit.Level.choices,
            "provinces": provinces,
            "filters": params,
            "include_former": include_former,
        },
    )


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(AdminUnit.objects.select_related("parent"), pk=pk)
    children = unit.children.order_by(selectors.level_rank(), "search_name", "code")
    predecessor_links = unit.predecessor_links.select_related("predecessor").order_by(
        "effective_on", "pk"
    )
    successor_links = unit.successor_links.select_related("successor").order_by(
        "effective_on", "pk"
    )
    return render(
        request,
        "places/unit_detail.html",
        {
            "unit": unit,
            "ancestors": list(reversed(selectors.unit_ancestors(unit))),
            "children": list(children),
            "predecessor_links": list(predecessor_links),
            "successor_links": list(successor_links),
            "current_successors": [] if unit.is_current else selectors.current_successors(unit),
            "label": selectors.unit_label(unit),
            "events": events_for(unit),
        },
    )
