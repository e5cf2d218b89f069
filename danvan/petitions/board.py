"""The backlog board: what a leader reads in ten seconds — counters, open deadlines by
step, the on-time rate and the ranking of communes and wards by it, the most overdue cases.

Every figure comes from a few aggregate queries over the reader's scope, grouped by
administrative unit and summed in Python; former units count under the wards that succeeded
them."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count, F, Q
from django.utils import timezone

from danvan.deadlines.models import LegalRule
from danvan.organizations.models import Membership
from danvan.organizations.scope import WIDE_ROLES, is_wide, scope_for
from danvan.petitions import selectors
from danvan.petitions.deadlines import due_soon_limit
from danvan.petitions.models import OPEN_STATUSES, CitizenRating, PetitionDeadline
from danvan.places.models import AdminUnit
from danvan.places.selectors import current_successors_each, unit_ids_within_each

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
    # When the figures were counted; `cached` when read from the board cache (wide scopes).
    computed_at: dt.datetime | None = None
    cached: bool = False

    @property
    def judged(self) -> int:
        return self.met + self.late_open

    @property
    def rate(self) -> float | None:
        return on_time_rate(self.on_time, self.judged)


def _current_communes(units: list[AdminUnit]) -> set[AdminUnit]:
    """The current commune each unit counts under (former units: under their successors).
    Two queries for the former units' history, whatever their number."""
    successors = current_successors_each(unit for unit in units if not unit.is_current)
    found: set[AdminUnit] = set()
    for unit in units:
        candidates = [unit] if unit.is_current else successors[unit.pk]
        for current in candidates:
            if current.level == AdminUnit.Level.COMMUNE:
                found.add(current)
            elif current.level == AdminUnit.Level.VILLAGE and current.parent is not None:
                found.add(current.parent)
    return found


def board_wards(user: Any, used_unit_ids: Collection[int]) -> list[AdminUnit]:
    """The communes/wards to rank: those the cases are filed under (`used_unit_ids`), and
    every commune of a small scope (a ward officer always sees their ward)."""
    used = (
        AdminUnit.objects.filter(pk__in=sorted(used_unit_ids)).select_related("parent")
        if used_unit_ids
        else AdminUnit.objects.none()
    )
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


def _most_overdue(ids: Any, today: dt.date) -> list[Any]:
    """The petitions whose oldest open deadline is the most overdue (then by id), each with
    `days_late`, in one query: the open late deadlines in due order through the index
    `deadline_met_due_petition`, with their petitions, as many as can hold BOARD_MOST_OVERDUE
    petitions (a petition has at most one deadline per step)."""
    late = (
        PetitionDeadline.objects.filter(petition__in=ids, met_on__isnull=True, due_on__lt=today)
        .select_related("petition__admin_unit")
        .order_by("due_on", "petition_id")[: BOARD_MOST_OVERDUE * len(LegalRule.Step)]
    )
    petitions: dict[int, Any] = {}
    for deadline in late:
        if deadline.petition_id in petitions or deadline.due_on is None:
            continue
        petition = deadline.petition
        petition.days_late = (today - deadline.due_on).days  # type: ignore[attr-defined]
        petitions[petition.pk] = petition
        if len(petitions) == BOARD_MOST_OVERDUE:
            break
    return list(petitions.values())


def backlog_board(user: Any, today: dt.date) -> Board:
    """Every figure from a few grouped queries over the reader's scope, whatever the number
    of wards: petitions and deadlines are counted per administrative unit, then summed for
    the board and for each ward over the units within it (a former commune's cases count
    under every ward that succeeded it)."""
    visible = selectors.visible_petitions(user)
    ids = selectors.visible_petition_ids(user)
    month_start = today.replace(day=1)
    soon = due_soon_limit(today)
    year_ago = today - dt.timedelta(days=365)

    # Overdue and due-soon petitions: those among the open deadlines found through the index
    # `deadline_met_due_petition`, read once (an uncorrelated subquery, not a test per petition).
    late_q = Q(met_on__isnull=True, due_on__lt=today)
    late = PetitionDeadline.objects.filter(late_q).values("petition_id")
    due_soon = PetitionDeadline.objects.filter(
        met_on__isnull=True, due_on__gte=today, due_on__lte=soon
    ).values("petition_id")
    per_unit_petitions: dict[int | None, Any] = {
        row["admin_unit_id"]: row
        for row in visible.values("admin_unit_id")
        .annotate(
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            received_month=Count(
                "pk", filter=Q(received_on__gte=month_start, received_on__lte=today)
            ),
            resolved_month=Count(
                "pk", filter=Q(resolved_on__gte=month_start, resolved_on__lte=today)
            ),
            overdue=Count("pk", filter=Q(pk__in=late)),
            due_soon=Count("pk", filter=Q(pk__in=due_soon)),
        )
        .order_by()
    }
    # Deadlines by unit and step: the board's steps, and each unit's steps met or late. Only
    # open deadlines and those met in the last year count, so the older ones of the archive
    # are left out before grouping.
    met_q = Q(met_on__gte=year_ago, met_on__lte=today)
    per_unit_steps = list(
        PetitionDeadline.objects.filter(Q(met_on__isnull=True) | met_q)
        .filter(petition__in=ids, due_on__isnull=False)
        .values("petition__admin_unit_id", "step")
        .annotate(
            open=Count("id", filter=Q(met_on__isnull=True)),
            late_open=Count("id", filter=late_q),
            met=Count("id", filter=met_q),
            on_time=Count("id", filter=met_q & Q(met_on__lte=F("due_on"))),
        )
        .order_by()
    )
    per_unit_deadlines: dict[int | None, Counter[str]] = {}
    per_step: dict[str, Counter[str]] = {}
    for row in per_unit_steps:
        figures = Counter({name: row[name] for name in ("open", "late_open", "met", "on_time")})
        per_unit_deadlines.setdefault(row["petition__admin_unit_id"], Counter()).update(figures)
        per_step.setdefault(row["step"], Counter()).update(figures)
    everywhere: Counter[str] = sum(per_unit_deadlines.values(), Counter())

    # A petition is under one unit: per-unit counts of petitions add up.
    counters = {
        name: sum(row[name] for row in per_unit_petitions.values())
        for name in ("open", "received_month", "resolved_month", "overdue", "due_soon")
    }
    steps = dict(LegalRule.Step.choices)
    by_step: list[dict[str, Any]] = sorted(
        (
            {
                "step": step,
                "total": figures["open"],
                "overdue": figures["late_open"],
                "label": steps.get(step, step),
            }
            for step, figures in per_step.items()
            if figures["open"]
        ),
        key=lambda row: (-row["overdue"], -row["total"], row["step"]),
    )

    lines = [
        UnitLine(unit=ward)
        for ward in board_wards(user, {pk for pk in per_unit_petitions if pk is not None})
    ]
    if lines:
        within = unit_ids_within_each(line.unit for line in lines)
        for line in lines:
            for unit_id in within[line.unit.pk]:
                if unit_id in per_unit_petitions:
                    line.open += per_unit_petitions[unit_id]["open"]
                    line.overdue += per_unit_petitions[unit_id]["overdue"]
                if unit_id in per_unit_deadlines:
                    figures = per_unit_deadlines[unit_id]
                    line.met += figures["met"]
                    line.on_time += figures["on_time"]
                    line.late_open += figures["late_open"]
        lines.sort(
            key=lambda line: (line.rate is None, -(line.rate or 0), line.overdue, line.unit.name)
        )

    return Board(
        counters=counters,
        by_step=by_step,
        met=everywhere["met"],
        on_time=everywhere["on_time"],
        late_open=everywhere["late_open"],
        units=lines,
        most_overdue=_most_overdue(ids, today),
        satisfaction=satisfaction_by_organization(ids, year_ago, today),
        computed_at=timezone.now(),
    )


# ------------------------------------------------------------- the board of a wide scope
#
# A district's or province's board counts most of the archive: hundreds of thousands of
# petitions and their deadlines, seconds of database work at a million. Those boards are
# counted in the background (`danvan warm-boards`, every few minutes) and kept in the cache
# (Redis when `CACHE_URL` is set, so every web worker reads the same copy); the page says when
# its figures were counted and offers to count again. A ward's board stays live: it is small,
# and its officers want to see their own work at once.


def _board_key(user: Any, today: dt.date) -> str:
    return f"petitions:board:{user.pk}:{today.isoformat()}"


def board_cache_seconds() -> int:
    return int(getattr(settings, "PETITION_BOARD_CACHE_SECONDS", 300))


def board_refresh_seconds() -> int:
    return int(getattr(settings, "PETITION_BOARD_REFRESH_SECONDS", 60))


def board_for(user: Any, today: dt.date, *, refresh: bool = False) -> Board:
    """The reader's backlog board: live for a small scope; for a wide one from the cache
    when counted less than `PETITION_BOARD_CACHE_SECONDS` ago. `refresh` (the page's
    "Tổng hợp lại ngay") counts again unless the cached figures are younger than
    `PETITION_BOARD_REFRESH_SECONDS`: a count of a province takes seconds of the database's
    time, and a reader pressing the link again and again must not start one each time."""
    if not is_wide(scope_for(user)) or not getattr(user, "is_authenticated", False):
        return backlog_board(user, today)
    board = cache.get(_board_key(user, today))
    if isinstance(board, Board):
        counted = board.computed_at or timezone.now()
        if not refresh or timezone.now() - counted < dt.timedelta(seconds=board_refresh_seconds()):
            board.cached = True
            return board
    return _count_and_keep(user, today)


def _count_and_keep(user: Any, today: dt.date) -> Board:
    board = backlog_board(user, today)
    cache.set(_board_key(user, today), board, board_cache_seconds())
    return board


def wide_scope_readers() -> list[Any]:
    """Active users whose scope is wide: superusers, and specialists and administrators of
    organisations (the readers of a district's or province's board)."""
    users = get_user_model().objects.filter(is_active=True)
    wide_members = (
        Membership.objects.active(timezone.localdate())
        .filter(role__in=sorted(WIDE_ROLES))
        .values("user_id")
    )
    candidates = users.filter(Q(is_superuser=True) | Q(pk__in=wide_members)).order_by("pk")
    return [user for user in candidates if is_wide(scope_for(user))]


def warm_boards(today: dt.date | None = None) -> int:
    """Count the board of every wide-scope reader now and keep it in the cache; the number
    of boards counted."""
    day = today or timezone.localdate()
    readers = wide_scope_readers()
    for user in readers:
        _count_and_keep(user, day)
    return len(readers)
