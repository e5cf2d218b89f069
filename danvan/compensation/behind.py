"""Households behind in a programme's pipeline, and why (`MobilizationTask.Reason`).

- not_declared: has not declared (status `not_declared`);
- not_verified: declared, the inventory or its verification is not finished (`declared`,
  `inventoried`);
- objecting: disagrees with its posted line (`objecting`);
- refusing: refused (`refused`), or the latest mobilisation visit found it declining, unless
  it has finished;
- not_collected: approved and not fully paid (`approved`);
- not_handed_over: land recovery only, paid but the site is not handed over yet.

A household may be behind for several reasons; `behind_reason` names the first in that
order. Everything is annotated in SQL: a list costs the same number of queries whatever its
length."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from danvan.compensation.models import (
    CompensationProgram,
    Household,
    HouseholdStatus,
    MobilizationTask,
    MobilizationVisit,
)
from danvan.organizations.scope import filter_in_scope
from danvan.places.models import AdminUnit

Reason = MobilizationTask.Reason
S = HouseholdStatus
LAND_RECOVERY = CompensationProgram.Kind.LAND_RECOVERY
REASONS: tuple[str, ...] = tuple(Reason.values)


def not_handed_over_q() -> Q:
    return Q(program__kind=LAND_RECOVERY, status=S.PAID, handed_over_on__isnull=True)


def finished_q() -> Q:
    """Nothing left to do: paid, and for land recovery the site handed over too."""
    return Q(status=S.PAID) & ~not_handed_over_q()


def reason_q(reason: str) -> Q:
    """The condition for one reason (on a queryset annotated by `with_behind_data`)."""
    if reason == Reason.NOT_DECLARED:
        return Q(status=S.NOT_DECLARED)
    if reason == Reason.NOT_VERIFIED:
        return Q(status__in=[S.DECLARED, S.INVENTORIED])
    if reason == Reason.OBJECTING:
        return Q(status=S.OBJECTING)
    if reason == Reason.REFUSING:
        declined = Q(latest_visit_outcome=MobilizationVisit.Outcome.DECLINED) & ~finished_q()
        return Q(status=S.REFUSED) | declined
    if reason == Reason.NOT_COLLECTED:
        return Q(status=S.APPROVED)
    if reason == Reason.NOT_HANDED_OVER:
        return not_handed_over_q()
    raise ValueError(reason)


def behind_q(reasons: Iterable[str] | None = None) -> Q:
    condition = Q(pk__in=[])
    for reason in reasons or REASONS:
        condition |= reason_q(reason)
    return condition


def latest_visit_outcome() -> Subquery:
    visits = MobilizationVisit.objects.filter(household=OuterRef("pk")).order_by(
        "-visited_on", "-pk"
    )
    return Subquery(visits.values("outcome")[:1], output_field=CharField())


def open_task_exists(reason: str | None = None) -> Exists:
    tasks = MobilizationTask.objects.filter(
        household=OuterRef("pk"), status=MobilizationTask.Status.OPEN
    )
    if reason is not None:
        tasks = tasks.filter(reason=reason)
    return Exists(tasks)


def open_tasks_count() -> Coalesce:
    counts = (
        MobilizationTask.objects.filter(
            household=OuterRef("pk"), status=MobilizationTask.Status.OPEN
        )
        .order_by()
        .values("household")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def with_behind_data(queryset: QuerySet[Household]) -> QuerySet[Household]:
    """Annotate `latest_visit_outcome`, `since` (when the status last changed) and
    `behind_reason` (the first reason that applies, "" when none)."""
    annotated = queryset.annotate(
        latest_visit_outcome=latest_visit_outcome(),
        since=Coalesce("status_changed_at", "created_at"),
    )
    return annotated.annotate(
        behind_reason=Case(
            *(When(reason_q(reason), then=Value(str(reason))) for reason in REASONS),
            default=Value(""),
            output_field=CharField(),
        )
    )


def behind_households(
    *,
    program: CompensationProgram,
    user: Any = None,
    reasons: Sequence[str] | None = None,
    admin_unit: AdminUnit | None = None,
    village: str = "",
) -> QuerySet[Household]:
    """The programme's households behind for any of `reasons` (all when None), within the
    user's scope when a user is given, stuck longest first, with their open tasks."""
    queryset = Household.objects.filter(program=program)
    if user is not None:
        queryset = filter_in_scope(queryset, user)
    if admin_unit is not None:
        queryset = queryset.filter(admin_unit=admin_unit)
    if village:
        queryset = queryset.filter(village=village)
    open_tasks = MobilizationTask.objects.filter(
        status=MobilizationTask.Status.OPEN
    ).select_related("assignee", "organization")
    return (
        with_behind_data(queryset)
        .filter(behind_q(reasons))
        .annotate(open_tasks=open_tasks_count())
        .select_related("program", "admin_unit")
        .prefetch_related(Prefetch("mobilization_tasks", open_tasks, to_attr="open_task_list"))
        .order_by(F("since").asc(nulls_first=True), "pk")
    )


def reasons_of(household: Household) -> list[str]:
    """Every reason that applies to an annotated household (in Python, no query)."""
    found: list[str] = []
    status = household.status
    if status == S.NOT_DECLARED:
        found.append(Reason.NOT_DECLARED)
    if status in (S.DECLARED, S.INVENTORIED):
        found.append(Reason.NOT_VERIFIED)
    if status == S.OBJECTING:
        found.append(Reason.OBJECTING)
    land = household.program.kind == LAND_RECOVERY
    not_handed = land and status == S.PAID and household.handed_over_on is None
    finished = status == S.PAID and not not_handed
    declined = getattr(household, "latest_visit_outcome", None) == "declined"
    if status == S.REFUSED or (declined and not finished):
        found.append(Reason.REFUSING)
    if status == S.APPROVED:
        found.append(Reason.NOT_COLLECTED)
    if not_handed:
        found.append(Reason.NOT_HANDED_OVER)
    return [str(reason) for reason in found]


def days_since(moment: dt.datetime | dt.date | None, today: dt.date | None = None) -> int | None:
    """Whole days from `moment` to `today` (local time)."""
    if moment is None:
        return None
    today = today or timezone.localdate()
    day = timezone.localdate(moment) if isinstance(moment, dt.datetime) else moment
    return max((today - day).days, 0)
