"""The backlog board: what a leader reads in ten seconds — counters, open deadlines by
step, the on-time rate and the ranking of communes and wards by it, the most overdue cases.

Every figure is an aggregate query over the reader's scope; former units count under the
wards that succeeded them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Min, Q

from danvan.deadlines.models import LegalRule
from danvan.organizations.scope import scope_for
from danvan.petitions import selectors
from danvan.petitions.deadlines import due_soon_limit
from danvan.petitions.models import OPEN_STATUSES, CitizenRating, Petition, PetitionDeadline
from danvan.places.models import AdminUnit
from danvan.places.selectors import current_successors, unit_ids_within

BOARD_MOST_OVERDUE = 10
SMALL_SCOPE_COMMUNES = 10


@dataclass
class UnitLine:
    unit: AdminUnit
    open: int = 0
    overdue: int = 0
    met: int = 0
    on_time: int = 0
    late_open: int = 0

    @property
    def judged(self) -> int:
        return self.met + self.late_open

    @property
    def rate(self) -> float | None:
        return on_time_rate(self.on_time, self.judged)


def on_time_rate(on_time: int, judged: int) -> float | None:
    """Steps done on time, over the steps done in the last 12 months plus the steps still open
    past their deadline (an unanswered overdue case counts against the rate until answered)."""
    return round(100 * on_time / judged, 1) if judged else None


@dataclass
class SatisfactionLine:
    organization: str
    satisfied: int = 0
    partly: int = 0
    unsatisfied: int = 0

    @property
    def total(self) -> int:
        return self.satisfied + self.partly + self.unsatisfied

    @property
    def rate(self) -> float | None:
        """Share of ratings that are "satisfied" (partly satisfied counts half)."""
        if not self.total:
            return None
        return round(100 * (self.satisfied + self.partly / 2) / self.total, 1)


def satisfaction_by_organization(
    petition_ids: Any, since: dt.date, today: dt.date
) -> list[SatisfactionLine]:
    """Citizens' ratings of the answers over a period, per organisation that answered."""
    rows = (
        CitizenRating.objects.filter(
            petition__in=petition_ids, rated_on__gte=since, rated_on__lte=today
        )
        .values("petition__organization__name")
        .annotate(
            satisfied=Count("id", filter=Q(value=CitizenRating.Value.SATISFIED)),
            partly=Count("id", filter=Q(value=CitizenRating.Value.PARTLY)),
            unsatisfied=Count("id", filter=Q(value=CitizenRating.Value.UNSATISFIED)),
        )
        .order_by("petition__organization__name")
    )
    lines = [
        SatisfactionLine(
            organization=row["petition__organization__name"],
            satisfied=row["satisfied"],
            partly=row["partly"],
            unsatisfied=row["unsatisfied"],
        )
        for row in rows
    ]
    return sorted(lines, key=lambda line: (-(line.rate or 0), line.organization))


@dataclass
class Board:
    counters: dict[str, int]
    by_step: list[dict[str, Any]]
    met: int
    on_time: int
    late_open: int = 0
    units: list[UnitLine] = field(default_factory=list)
    most_overdue: list[Any] = field(default_factory=list)
    satisfaction: list[SatisfactionLine] = field(default_factory=list)

    @property
    def judged(self) -> int:
        return self.met + self.late_open

    @property
    def rate(self) -> float | None:
        return on_time_rate(self.on_time, self.judged)


def _current_communes(units: list[AdminUnit]) -> set[AdminUnit]:
    """The current commune each unit counts under (former units: under their successors)."""
    found: set[AdminUnit] = set()
    for unit in units:
        candidates = [unit] if unit.is_current else current_successors(unit)
        for current in candidates:
            if current.level == AdminUnit.Level.COMMUNE:
                found.add(current)
            elif current.level == AdminUnit.Level.VILLAGE and current.parent is not None:
                found.add(current.parent)
    return found


def board_wards(user: Any, petition_ids: Any) -> list[AdminUnit]:
    """The communes/wards to rank: those the cases are filed under, and every commune of a
    small scope (a ward officer always sees their ward)."""
    used = AdminUnit.objects.filter(
        pk__in=Petition.objects.filter(pk__in=petition_ids).values("admin_unit_id")
    ).select_related("parent")
    wards = _current_communes(list(used))
    scope = scope_for(user)
    if not scope.everything:
        in_scope = AdminUnit.objects.current().filter(
            pk__in=scope.unit_ids, level=AdminUnit.Level.COMMUNE
        )
        scoped = set(in_scope)
        wards = {w for w in wards if w in scoped}
        if len(scoped) <= SMALL_SCOPE_COMMUNES:
            wards |= scoped
    return sorted(wards, key=lambda unit: unit.name)


def backlog_board(user: Any, today: dt.date) -> Board:
    ids = selectors.visible_petitions(user).values("pk")
    month_start = today.replace(day=1)
    soon = due_soon_limit(today)
    year_ago = today - dt.timedelta(days=365)
    counters = Petition.objects.filter(pk__in=ids).aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        received_month=Count("pk", filter=Q(received_on__gte=month_start, received_on__lte=today)),
        resolved_month=Count("pk", filter=Q(resolved_on__gte=month_start, resolved_on__lte=today)),
    )
    open_deadlines = PetitionDeadline.objects.filter(
        petition__in=ids, met_on__isnull=True, due_on__isnull=False
    )
    counters |= open_deadlines.aggregate(
        overdue=Count("petition", distinct=True, filter=Q(due_on__lt=today)),
        due_soon=Count("petition", distinct=True, filter=Q(due_on__gte=today, due_on__lte=soon)),
    )
    steps = dict(LegalRule.Step.choices)
    by_step = [
        {**row, "label": steps.get(row["step"], row["step"])}
        for row in open_deadlines.values("step")
        .annotate(total=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)))
        .order_by("-overdue", "-total", "step")
    ]
    met = PetitionDeadline.objects.filter(
        petition__in=ids, met_on__gte=year_ago, met_on__lte=today, due_on__isnull=False
    )
    rate = met.aggregate(met=Count("id"), on_time=Count("id", filter=Q(met_on__lte=F("due_on"))))
    late_open = open_deadlines.filter(due_on__lt=today).count()

    lines = [UnitLine(unit=ward) for ward in board_wards(user, ids)]
    if lines:
        within = {line.unit.pk: sorted(unit_ids_within([line.unit])) for line in lines}
        petition_counts: dict[str, Any] = {}
        deadline_counts: dict[str, Any] = {}
        for pk, unit_ids in within.items():
            here = Q(admin_unit_id__in=unit_ids)
            petition_counts[f"open_{pk}"] = Count("pk", filter=here & Q(status__in=OPEN_STATUSES))
            there = Q(petition__admin_unit_id__in=unit_ids)
            deadline_counts[f"overdue_{pk}"] = Count(
                "petition", distinct=True, filter=there & Q(met_on__isnull=True, due_on__lt=today)
            )
            deadline_counts[f"late_{pk}"] = Count(
                "id", filter=there & Q(met_on__isnull=True, due_on__lt=today)
            )
            deadline_counts[f"met_{pk}"] = Count(
                "id", filter=there & Q(met_on__gte=year_ago, met_on__lte=today)
            )
            deadline_counts[f"ontime_{pk}"] = Count(
                "id",
                filter=there
                & Q(met_on__gte=year_ago, met_on__lte=today)
                & Q(met_on__lte=F("due_on")),
            )
        by_petition = Petition.objects.filter(pk__in=ids).aggregate(**petition_counts)
        by_deadline = PetitionDeadline.objects.filter(
            petition__in=ids, due_on__isnull=False
        ).aggregate(**deadline_counts)
        for line in lines:
            pk = line.unit.pk
            line.open = by_petition[f"open_{pk}"]
            line.overdue = by_deadline[f"overdue_{pk}"]
            line.met = by_deadline[f"met_{pk}"]
            line.on_time = by_deadline[f"ontime_{pk}"]
            line.late_open = by_deadline[f"late_{pk}"]
        lines.sort(
            key=lambda line: (line.rate is None, -(line.rate or 0), line.overdue, line.unit.name)
        )

    most_overdue = list(
        Petition.objects.filter(pk__in=ids)
        .filter(selectors.overdue_q(today))
        .annotate(
            oldest_due=Min(
                "deadlines__due_on",
                filter=Q(deadlines__met_on__isnull=True, deadlines__due_on__lt=today),
            )
        )
        .select_related("admin_unit")
        .order_by("oldest_due", "id")[:BOARD_MOST_OVERDUE]
    )
    for petition in most_overdue:
        oldest = getattr(petition, "oldest_due", None)
        petition.days_late = (today - oldest).days if oldest else 0  # type: ignore[attr-defined]
    return Board(
        counters=counters,
        by_step=by_step,
        met=rate["met"],
        on_time=rate["on_time"],
        late_open=late_open,
        units=lines,
        most_overdue=most_overdue,
        satisfaction=satisfaction_by_organization(ids, year_ago, today),
    )
