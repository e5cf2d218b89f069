"""Reads on petitions: scoped, searchable lists and case files, already joined.

Confidentiality (Law on Denunciations Arts. 8(3), 9(1)(b), 47): a denouncer's identity is
shown only to the officers assigned to the case. Search never finds a denunciation by its
denouncer's name for anyone else, because the identity is not in `search_text` and the name
filter on petitioners applies only where the reader may see them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connections, router
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone

from danvan.core.text import fold
from danvan.organizations.scope import (
    filter_in_scope,
    record_in_scope,
    scope_condition,
    scope_for,
    scope_ids,
)
from danvan.petitions import search
from danvan.petitions.models import (
    OPEN_STATUSES,
    Assignment,
    Attachment,
    DuplicateCandidate,
    Kind,
    Petition,
    PetitionDeadline,
    Petitioner,
)

SCOPE = {"forwarded_field": "forwarded_to"}


@dataclass(frozen=True)
class PetitionFilters:
    status: str = ""
    kind: str = ""
    topic: str = ""
    channel: str = ""
    admin_unit_ids: frozenset[int] | None = None
    overdue: bool = False
    open_only: bool = False
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    q: str = ""
    assigned_to_me: bool = False


def visible_petitions(user: Any) -> QuerySet[Petition]:
    """Every petition the user may see: owned, forwarded to them, in their territory, or
    assigned to them (an officer of another body may be assigned to a case)."""
    scope = scope_for(user)
    if scope.everything or not getattr(user, "is_authenticated", False):
        return filter_in_scope(Petition.objects.all(), user, **SCOPE)
    return Petition.objects.filter(scope_condition(Petition, scope, **_scope_lists(user)))


def _scope_lists(user: Any) -> dict[str, Any]:
    """What a petition's scope adds to its units and organisations: the petitions forwarded
    to the reader's organisations and those assigned to the reader."""
    assigned = Assignment.objects.filter(user=user).values("petition_id")
    return {"forwarded_field": "forwarded_to", "also": [assigned]}


def visible_petition_ids(user: Any) -> QuerySet[Any]:
    """The ids of `visible_petitions(user)`, as a subquery for `petition__in=`. For a ward's
    scope it is the union of the scope's id lists itself (`scope_ids`), so a query over the
    scope's deadlines or ratings does not first look every id up in the petition table."""
    scope = scope_for(user)
    if not scope.everything and getattr(user, "is_authenticated", False):
        ids = scope_ids(Petition, scope, **_scope_lists(user))
        if ids is not None:
            return ids
    return visible_petitions(user).values("pk")


def overdue_q(today: dt.date | None = None) -> Q:
    """Petitions with a step open past its deadline: one lookup of the open, late deadlines
    (index `deadline_met_due_petition`), not a test per petition."""
    today = today or timezone.localdate()
    late = PetitionDeadline.objects.filter(met_on__isnull=True, due_on__lt=today)
    return Q(pk__in=late.values("petition_id"))


def _search_q(user: Any, q: str) -> Q:
    """Every word of `q`, accents ignored, through the search index (`danvan.petitions.search`,
    ADR 0010). Petitioners' names are in `search_text` except a denouncer's: those are matched
    on `name_key` only among the denunciations assigned to the reader, looked up first so the
    main condition stays a plain index lookup (an OR with a correlated subquery would make the
    database scan every petition). Words that match few petitions anywhere
    (`search.FEW_MATCHES`) become those petitions' ids, read from the index first, so the
    list never walks the whole table looking for a rare word."""
    if not fold(q):
        return Q()
    using = router.db_for_read(Petition)
    vendor = connections[using].vendor
    condition = search.words_q(q, vendor)
    if condition is None:
        return Q(pk__in=[])
    few = search.matching_ids(q, vendor, using, limit=search.FEW_MATCHES)
    if few is not None:
        condition = Q(pk__in=few)
    names = search.name_matches(q)
    if names is not None and getattr(user, "is_authenticated", False):
        # The reader's denunciations first (an index read of their assignments), then the
        # names of those cases' petitioners only: a pattern on every petitioner's name would
        # make the database read them all.
        mine = sorted(
            Assignment.objects.filter(user=user, petition__kind=Kind.DENUNCIATION)
            .order_by()
            .values_list("petition_id", flat=True)
        )
        protected = (
            Petitioner.objects.filter(names, petition_id__in=mine)
            .order_by()
            .values_list("petition_id", flat=True)
            if mine
            else []
        )
        ids = sorted(set(protected))
        if ids:
            condition |= Q(pk__in=ids)
    return condition


def petition_list(user: Any, filters: PetitionFilters | None = None) -> QuerySet[Petition]:
    """The user's petitions, filtered, with what a list row shows joined or prefetched."""
    f = filters or PetitionFilters()
    qs = visible_petitions(user)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.topic:
        qs = qs.filter(topic__code=f.topic)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.admin_unit_ids is not None:
        qs = qs.filter(admin_unit_id__in=f.admin_unit_ids)
    if f.open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if f.overdue:
        qs = qs.filter(overdue_q())
    if f.received_from:
        qs = qs.filter(received_on__gte=f.received_from)
    if f.received_to:
        qs = qs.filter(received_on__lte=f.received_to)
    if f.assigned_to_me and getattr(user, "is_authenticated", False):
        qs = qs.filter(assignments__user=user)
    if f.q:
        qs = qs.filter(_search_q(user, f.q))
    return with_list_data(qs).order_by("-received_on", "-id")


def list_prefetches() -> list[Prefetch]:
    """What a list row or case file shows beside the petition, one query each."""
    return [
        Prefetch(
            "deadlines",
            queryset=PetitionDeadline.objects.select_related("rule").order_by("starts_on", "id"),
        ),
        Prefetch("petitioners", queryset=Petitioner.objects.order_by("position", "id")),
        Prefetch("assignments", queryset=Assignment.objects.select_related("user")),
        Prefetch(
            "duplicate_candidates",
            queryset=DuplicateCandidate.objects.order_by("-score", "id"),
        ),
    ]


def with_list_data(qs: QuerySet[Petition]) -> QuerySet[Petition]:
    return qs.select_related("organization", "admin_unit", "topic").prefetch_related(
        *list_prefetches()
    )


def petition_for(user: Any, public_id: str) -> Petition:
    """The case file if the user may see it; Http404 otherwise (existence not confirmed)."""
    petition = (
        Petition.objects.select_related(
            "organization",
            "admin_unit",
            "topic",
            "suggested_topic",
            "previous_round",
            "parent",
            "duplicate_of",
            "created_by",
        )
        .filter(public_id=public_id)
        .first()
    )
    # The one row, then the reader's scope tested on it: cheaper than the scope's id lists
    # (thousands of ids for a ward officer) joined to find one case.
    if petition is None or not may_see(user, petition):
        raise Http404
    prefetch_related_objects([petition], *list_prefetches())
    return petition


def may_see(user: Any, petition: Petition) -> bool:
    """Whether `petition` is among `visible_petitions(user)`, tested on the row."""
    if not getattr(user, "is_authenticated", False):
        return False
    if record_in_scope(user, petition):
        return True
    return Assignment.objects.filter(petition=petition, user=user).exists()


def identity_visible(user: Any, petition: Petition) -> bool:
    """Whether `user` may see who submitted `petition`.

    Anyone who may see the case sees the petitioners, except for a denunciation: then only
    the officers assigned to it (Law on Denunciations Arts. 8(3), 47)."""
    if petition.kind != Kind.DENUNCIATION:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return any(a.user_id == user.pk for a in petition.assignments.all())


def attachments_for(user: Any, petition: Petition) -> list[Attachment]:
    """The case's files the reader may open. A denunciation's own letter and papers carry the
    denouncer's identity: they are listed only for readers who may see it."""
    files = list(petition.attachments.order_by("created_at", "id"))
    if identity_visible(user, petition):
        return files
    return [f for f in files if f.purpose != Attachment.Purpose.PETITION]
