from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from danvan.organizations.selectors import active_memberships
from danvan.places.models import AdminUnit


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The officer's start page: who they are, where they work, which modules they can open."""
    memberships = active_memberships(request.user)
    prefetch_related_objects(
        memberships,
        Prefetch(
            "organization__jurisdiction",
            queryset=AdminUnit.objects.select_related("parent").order_by("path"),
        ),
    )
    return render(request, "core/home.html", {"memberships": memberships})


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
