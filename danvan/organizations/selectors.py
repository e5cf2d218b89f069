"""Reads on organisations and officers, already joined."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from danvan.core.text import fold
from danvan.organizations.models import Membership, Organization

_MEMBERSHIPS_ATTR = "_danvan_memberships"


def organization_list(
    *, q: str = "", kind: str = "", level: str = "", include_former: bool = False
) -> QuerySet[Organization]:
    qs = Organization.objects.select_related("parent").annotate(
        members_count=Count("memberships", filter=Q(memberships__is_active=True))
    )
    if not include_former:
        qs = qs.filter(valid_to__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    if level:
        qs = qs.filter(level=level)
    if q:
        folded = fold(q)
        qs = qs.filter(Q(search_name__contains=folded) | Q(code__icontains=q.strip()))
    return qs.order_by("level", "name")


def organization_detail(*, code: str) -> Organization:
    return (
        Organization.objects.select_related("parent")
        .prefetch_related(
            "jurisdiction",
            "children",
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(is_active=True).select_related("user"),
                to_attr="active_memberships",
            ),
        )
        .get(code=code)
    )


def active_memberships(user: Any) -> list[Membership]:
    """The user's memberships in force today, with their organisation.

    Cached on the user object, so the page header, the home page, the scope and the
    permission rules of one request share one query."""
    cached = getattr(user, _MEMBERSHIPS_ATTR, None)
    if cached is not None:
        return cached
    memberships: list[Membership] = []
    if user is not None and user.is_authenticated:
        memberships = list(
            Membership.objects.active(timezone.localdate())
            .filter(user=user)
            .select_related("organization")
            .order_by("organization__name", "role")
        )
        setattr(user, _MEMBERSHIPS_ATTR, memberships)
    return memberships
