from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from danvan.places.models import AdminUnit

_MEMBERSHIPS_ATTR = "_danvan_memberships"


def user_memberships(request: HttpRequest) -> list[Any]:
    """The user's memberships active today, with their organisation; cached on the request.

    The header (through `{% current_memberships %}`) and the home page share this list, so
    every page pays one query for it at most.
    """
    cached = getattr(request, _MEMBERSHIPS_ATTR, None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None)
    memberships: list[Any] = []
    if user is not None and user.is_authenticated:
        memberships = list(
            user.memberships.active(timezone.localdate())
            .select_related("organization")
            .order_by("organization__name", "role")
        )
    setattr(request, _MEMBERSHIPS_ATTR, memberships)
    return memberships


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The officer's start page: who they are, where they work, which modules they can open."""
    memberships = user_memberships(request)
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
