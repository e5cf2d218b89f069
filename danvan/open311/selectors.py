"""Reads of the Open311 app: the services (topics), the wards a request may name, and the
public list of requests.

What is public: only requests submitted through Open311 (their senders chose a public
channel), only while the case is still a feedback or a recommendation. A case reclassified
as a denunciation (or a complaint) disappears from every list and lookup; the petitioner's
identity and contact details are never read here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db.models import Prefetch, Q, QuerySet

from danvan.open311.models import Open311Request, PartnerKey
from danvan.organizations.models import Organization
from danvan.petitions.models import Kind, PetitionDeadline, Topic
from danvan.places.models import AdminUnit
from danvan.places.selectors import current_successors, units_under

PUBLIC_KINDS = (Kind.FEEDBACK, Kind.RECOMMENDATION)
LIST_LIMIT = 1000


def active_services() -> QuerySet[Topic]:
    return Topic.objects.filter(is_active=True).order_by("position", "name")


def service_by_code(code: str) -> Topic | None:
    return active_services().filter(code=code).first()


# ---------------------------------------------------------------- wards


def _communes_for(unit: AdminUnit) -> list[AdminUnit]:
    """The current communes/wards covering `unit`'s territory."""
    if not unit.is_current:
        found: list[AdminUnit] = []
        for successor in current_successors(unit):
            if successor.pk != unit.pk:
                found += _communes_for(successor)
        return found
    if unit.level == AdminUnit.Level.COMMUNE:
        return [unit]
    if unit.level == AdminUnit.Level.VILLAGE:
        parent = unit.parent
        return _communes_for(parent) if parent is not None else []
    return list(units_under(unit).filter(level=AdminUnit.Level.COMMUNE, valid_to__isnull=True))


def ward_choices(organizations: Iterable[Organization]) -> list[AdminUnit]:
    """The current communes/wards in these organisations' jurisdictions, by name."""
    units = AdminUnit.objects.filter(organizations__in=list(organizations)).distinct()
    found: dict[int, AdminUnit] = {}
    for unit in units.select_related("parent"):
        for commune in _communes_for(unit):
            found[commune.pk] = commune
    return sorted(found.values(), key=lambda unit: (unit.search_name, unit.code))


def organizations_with_keys() -> QuerySet[Organization]:
    """Organisations that receive Open311 requests (they hold an active partner key)."""
    return Organization.objects.filter(pk__in=PartnerKey.objects.active().values("organization_id"))


def commune_by_code(code: str) -> AdminUnit | None:
    """The current commune/ward with this official code."""
    return (
        AdminUnit.objects.current()
        .filter(code=code, level=AdminUnit.Level.COMMUNE)
        .order_by("-valid_from")
        .first()
    )


# ---------------------------------------------------------------- requests


def public_requests() -> QuerySet[Open311Request]:
    """Requests that may be shown to anyone, with what a row shows joined (constant queries)."""
    open_deadlines = PetitionDeadline.objects.filter(
        met_on__isnull=True, due_on__isnull=False
    ).order_by("due_on", "id")
    return (
        Open311Request.objects.filter(petition__kind__in=PUBLIC_KINDS)
        .select_related("petition__organization", "petition__topic", "topic")
        .defer("petition__content", "petition__search_text", "email", "phone", "device_id")
        .prefetch_related(
            Prefetch("petition__deadlines", queryset=open_deadlines, to_attr="open_deadlines")
        )
    )


def request_list(
    *,
    ids: Sequence[str] | None = None,
    service_codes: Sequence[str] = (),
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    statuses: Sequence[str] = (),
    limit: int = LIST_LIMIT,
) -> list[Open311Request]:
    """The public requests matching the GeoReport filters, newest first. `ids` overrides
    every other filter (GeoReport v2)."""
    from danvan.petitions.models import OPEN_STATUSES

    qs = public_requests()
    if ids is not None:
        qs = qs.filter(petition__public_id__in=list(ids))
    else:
        if service_codes:
            qs = qs.filter(
                Q(petition__topic__code__in=service_codes)
                | Q(petition__topic__isnull=True, topic__code__in=service_codes)
            )
        if start is not None:
            qs = qs.filter(created_at__gte=start)
        if end is not None:
            qs = qs.filter(created_at__lte=end)
        wanted = set(statuses)
        if wanted == {"open"}:
            qs = qs.filter(petition__status__in=OPEN_STATUSES)
        elif wanted == {"closed"}:
            qs = qs.exclude(petition__status__in=OPEN_STATUSES)
    return list(qs.order_by("-created_at", "-id")[:limit])


def request_by_id(public_id: str) -> Open311Request | None:
    return public_requests().filter(petition__public_id=public_id).first()


def request_by_token(token: str) -> Open311Request | None:
    return public_requests().filter(petition__tracking_code=token).first()
