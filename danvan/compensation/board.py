"""The progress board of a programme: per commune and village, how far the households have
come (declared, verified, posted, approved), the money paid against the money planned, the
mobilisation under way, the progress over time, and the households stuck longest.

Reads only, within the user's scope. The number of queries is constant: grouped queries
per table, never one per household.

- A household counts as declared (verified, posted, approved) once the date of that step is
  set or its status is that step or a later one; percentages are over all its households.
- Planned = the approved totals of approved households + the priced lines of households not
  yet approved (refused households excluded); paid = the sum of payments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from danvan.compensation import behind
from danvan.compensation.models import (
    AssetLine,
    CompensationProgram,
    Household,
    HouseholdStatus,
    MobilizationTask,
    MobilizationVisit,
    Payment,
)
from danvan.compensation.rates import vn_number
from danvan.core.text import fold
from danvan.organizations.scope import filter_in_scope
from danvan.places.models import AdminUnit

S = HouseholdStatus
STEPS = ("declared", "verified", "posted", "approved")
REACHED: dict[str, tuple[str, list[str]]] = {
    "declared": (
        "declared_on",
        [S.DECLARED, S.INVENTORIED, S.VERIFIED, S.POSTED, S.OBJECTING, S.APPROVED, S.PAID],
    ),
    "verified": ("verified_on", [S.VERIFIED, S.POSTED, S.OBJECTING, S.APPROVED, S.PAID]),
    "posted": ("posted_on", [S.POSTED, S.OBJECTING, S.APPROVED, S.PAID]),
    "approved": ("approved_on", [S.APPROVED, S.PAID]),
}
RECENT_DAYS = 30
STUCK_LIMIT = 20
WEEKLY_UP_TO_DAYS = 182
Key = tuple[int, str]


def reached_q(step: str) -> Q:
    date_field, statuses = REACHED[step]
    return Q(**{f"{date_field}__isnull": False}) | Q(status__in=statuses)


def percent(part: int | Decimal, whole: int | Decimal) -> float | None:
    """`part` of `whole` in per cent, one decimal; None when `whole` is zero."""
    if not whole:
        return None
    return round(float(Decimal(part) * 100 / Decimal(whole)), 1)


def millions(amount: Decimal) -> str:
    """An amount in millions of đồng, one decimal ("1.254,4")."""
    return vn_number((amount / 1_000_000).quantize(Decimal("0.1")))


@dataclass
class BoardRow:
    admin_unit: AdminUnit | None
    village: str
    households: int = 0
    declared: int = 0
    verified: int = 0
    posted: int = 0
    approved: int = 0
    paid_households: int = 0
    planned: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)
    open_tasks: int = 0
    recent_visits: int = 0

    @property
    def declared_pct(self) -> float | None:
        return percent(self.declared, self.households)

    @property
    def verified_pct(self) -> float | None:
        return percent(self.verified, self.households)

    @property
    def posted_pct(self) -> float | None:
        return percent(self.posted, self.households)

    @property
    def approved_pct(self) -> float | None:
        return percent(self.approved, self.households)

    @property
    def paid_pct(self) -> float | None:
        return percent(self.paid, self.planned)

    @property
    def planned_text(self) -> str:
        return vn_number(self.planned.quantize(Decimal(1)))

    @property
    def paid_text(self) -> str:
        return vn_number(self.paid.quantize(Decimal(1)))

    @property
    def planned_millions(self) -> str:
        return millions(self.planned)

    @property
    def paid_millions(self) -> str:
        return millions(self.paid)

    def add(self, other: BoardRow) -> None:
        for name in (
            "households",
            "declared",
            "verified",
            "posted",
            "approved",
            "paid_households",
            "planned",
            "paid",
            "open_tasks",
            "recent_visits",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class SeriesPoint:
    on: dt.date
    declared: int
    verified: int
    posted: int
    approved: int
    paid: Decimal


@dataclass
class Series:
    period: str  # "week" or "month"
    points: list[SeriesPoint] = field(default_factory=list)


@dataclass
class UnitGroup:
    """A commune's villages and their subtotal."""

    total: BoardRow
    rows: list[BoardRow]


@dataclass
class Board:
    program: CompensationProgram
    today: dt.date
    rows: list[BoardRow]
    total: BoardRow
    series: Series
    stuck: list[Household]

    @property
    def units(self) -> list[UnitGroup]:
        groups: dict[int | None, UnitGroup] = {}
        for row in self.rows:
            key = row.admin_unit.pk if row.admin_unit else None
            if key not in groups:
                groups[key] = UnitGroup(BoardRow(admin_unit=row.admin_unit, village=""), [])
            groups[key].rows.append(row)
            groups[key].total.add(row)
        return list(groups.values())


def board_households(
    program: CompensationProgram,
    user: Any,
    *,
    admin_unit: AdminUnit | None = None,
    village: str = "",
) -> QuerySet[Household]:
    queryset = filter_in_scope(Household.objects.filter(program=program), user)
    if admin_unit is not None:
        queryset = queryset.filter(admin_unit=admin_unit)
        if village:
            queryset = queryset.filter(village=village)
    return queryset


def _grouped(queryset: QuerySet[Any], prefix: str, **aggregates: Any) -> dict[Key, dict[str, Any]]:
    rows = (
        queryset.order_by()
        .values(f"{prefix}admin_unit_id", f"{prefix}village")
        .annotate(**aggregates)
    )
    return {
        (row[f"{prefix}admin_unit_id"], row[f"{prefix}village"]): row for row in rows.iterator()
    }


def board_rows(households: QuerySet[Household], today: dt.date) -> list[BoardRow]:
    """One row per commune and village, ordered by commune then village."""
    counts = _grouped(
        households,
        "",
        n=Count("pk"),
        paid_households=Count("pk", filter=Q(status=S.PAID)),
        approved_sum=Sum("approved_total"),
        **{step: Count("pk", filter=reached_q(step)) for step in STEPS},
    )
    ids = households.values("pk")
    prefix = "household__"
    lines = _grouped(
        AssetLine.objects.filter(
            household__in=households.filter(approved_total__isnull=True)
            .exclude(status=S.REFUSED)
            .values("pk")
        ),
        prefix,
        total=Sum("amount"),
    )
    payments = _grouped(Payment.objects.filter(household__in=ids), prefix, total=Sum("amount"))
    tasks = _grouped(
        MobilizationTask.objects.filter(household__in=ids, status=MobilizationTask.Status.OPEN),
        prefix,
        n=Count("pk"),
    )
    visits = _grouped(
        MobilizationVisit.objects.filter(
            household__in=ids,
            visited_on__gt=today - dt.timedelta(days=RECENT_DAYS),
            visited_on__lte=today,
        ),
        prefix,
        n=Count("pk"),
    )
    units = AdminUnit.objects.in_bulk({key[0] for key in counts})
    rows = []
    for key, row in counts.items():
        rows.append(
            BoardRow(
                admin_unit=units.get(key[0]),
                village=key[1],
                households=row["n"],
                paid_households=row["paid_households"],
                planned=Decimal(row["approved_sum"] or 0)
                + Decimal(lines.get(key, {}).get("total") or 0),
                paid=Decimal(payments.get(key, {}).get("total") or 0),
                open_tasks=tasks.get(key, {}).get("n", 0),
                recent_visits=visits.get(key, {}).get("n", 0),
                **{step: row[step] for step in STEPS},
            )
        )
    rows.sort(key=_row_order)
    return rows


def _row_order(row: BoardRow) -> tuple[str, bool, str]:
    """Communes then villages in Vietnamese alphabetical order; no village last."""
    return (fold(row.admin_unit.name if row.admin_unit else ""), not row.village, fold(row.village))


def _period_end(day: dt.date, period: str) -> dt.date:
    if period == "week":
        return day + dt.timedelta(days=6 - day.weekday())
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def _period_ends(first: dt.date, last: dt.date, period: str) -> list[dt.date]:
    ends = [_period_end(first, period)]
    while ends[-1] < last:
        ends.append(_period_end(ends[-1] + dt.timedelta(days=1), period))
    return ends


def _cumulative(events: dict[dt.date, Any], ends: list[dt.date], zero: Any) -> list[Any]:
    days = sorted(events)
    values, running, index = [], zero, 0
    for end in ends:
        while index < len(days) and days[index] <= end:
            running += events[days[index]]
            index += 1
        values.append(running)
    return values


def board_series(households: QuerySet[Household], today: dt.date) -> Series:
    """Cumulative households declared, verified, posted, approved and the amount paid, at
    the end of each week (spans up to six months) or month. Five queries."""
    events: dict[str, dict[dt.date, Any]] = {}
    for step in STEPS:
        date_field = REACHED[step][0]
        rows = (
            households.filter(**{f"{date_field}__isnull": False, f"{date_field}__lte": today})
            .order_by()
            .values_list(date_field)
            .annotate(n=Count("pk"))
        )
        events[step] = dict(rows.iterator())
    paid_rows = (
        Payment.objects.filter(household__in=households.values("pk"), paid_on__lte=today)
        .order_by()
        .values_list("paid_on")
        .annotate(total=Sum("amount"))
    )
    paid = {day: Decimal(total or 0) for day, total in paid_rows.iterator()}
    days = [day for found in (*events.values(), paid) for day in found]
    if not days:
        return Series(period="week")
    first, last = min(days), max(days)
    period = "week" if (last - first).days <= WEEKLY_UP_TO_DAYS else "month"
    ends = _period_ends(first, last, period)
    columns = {step: _cumulative(events[step], ends, 0) for step in STEPS}
    paid_column = _cumulative(paid, ends, Decimal(0))
    points = [
        SeriesPoint(
            on=end,
            paid=paid_column[index],
            **{step: columns[step][index] for step in STEPS},
        )
        for index, end in enumerate(ends)
    ]
    return Series(period=period, points=points)


def stuck_longest(households: QuerySet[Household], limit: int = STUCK_LIMIT) -> list[Household]:
    """Households not finished (nor refused), longest in their current status first, with
    their open mobilisation tasks."""
    open_tasks = MobilizationTask.objects.filter(
        status=MobilizationTask.Status.OPEN
    ).select_related("assignee", "organization")
    queryset = (
        behind.with_behind_data(households)
        .exclude(behind.finished_q())
        .exclude(status=S.REFUSED)
        .select_related("admin_unit", "program")
        .prefetch_related(Prefetch("mobilization_tasks", open_tasks, to_attr="open_task_list"))
        .order_by(F("since").asc(), "pk")
    )
    return list(queryset[:limit])


def program_board(
    program: CompensationProgram,
    user: Any,
    *,
    admin_unit: AdminUnit | None = None,
    village: str = "",
    today: dt.date | None = None,
) -> Board:
    today = today or timezone.localdate()
    households = board_households(program, user, admin_unit=admin_unit, village=village)
    rows = board_rows(households, today)
    total = BoardRow(admin_unit=None, village="")
    for row in rows:
        total.add(row)
    stuck = stuck_longest(households)
    for household in stuck:
        household.days_in_status = behind.days_since(household.since, today)  # type: ignore[attr-defined]
    return Board(
        program=program,
        today=today,
        rows=rows,
        total=total,
        series=board_series(households, today),
        stuck=stuck,
    )


def board_units(program: CompensationProgram, user: Any) -> QuerySet[AdminUnit]:
    """The communes of the programme's households the user sees (for the filter)."""
    households = board_households(program, user)
    return AdminUnit.objects.filter(pk__in=households.values("admin_unit")).order_by(
        "search_name", "pk"
    )


def board_villages(program: CompensationProgram, user: Any, admin_unit: AdminUnit) -> list[str]:
    households = board_households(program, user, admin_unit=admin_unit)
    villages: Iterable[str] = (
        households.exclude(village="").order_by().values_list("village", flat=True).distinct()
    )
    return sorted(villages, key=fold)


# ---------------------------------------------------------------- the chart (inline SVG)

CHART_WIDTH, CHART_HEIGHT = 1040, 300
CHART_MARGIN = {"left": 48, "right": 20, "top": 16, "bottom": 40}
CHART_LINES = (
    ("declared", "#1b2f55", ""),
    ("verified", "#2f6db5", ""),
    ("posted", "#9a6700", "6 4"),
    ("approved", "#2e7d32", ""),
    ("paid", "#a11d21", ""),
)
MAX_X_LABELS = 12


def series_chart(series: Series, *, households: int, planned: Decimal) -> dict[str, Any]:
    """Geometry of a line chart, 0–100 %: each step's households over all households, and
    the amount paid over the amount planned. The template draws it as SVG."""
    points = series.points
    left, top = CHART_MARGIN["left"], CHART_MARGIN["top"]
    plot_w = CHART_WIDTH - left - CHART_MARGIN["right"]
    plot_h = CHART_HEIGHT - top - CHART_MARGIN["bottom"]
    bottom = top + plot_h

    def x_at(index: int) -> float:
        if len(points) == 1:
            return left + plot_w / 2
        return left + plot_w * index / (len(points) - 1)

    def y_at(value: float | None) -> float:
        return bottom - plot_h * min(max(value or 0.0, 0.0), 100.0) / 100

    lines = []
    for key, colour, dash in CHART_LINES:
        if key == "paid":
            values = [percent(point.paid, planned) for point in points]
        else:
            values = [percent(getattr(point, key), households) for point in points]
        coordinates = [(_n(x_at(i)), _n(y_at(v))) for i, v in enumerate(values)]
        lines.append(
            {
                "key": key,
                "colour": colour,
                "dash": dash,
                "points": " ".join(f"{x},{y}" for x, y in coordinates),
                "last": coordinates[-1] if coordinates else None,
                "last_value": values[-1] if values else None,
            }
        )
    step = max(1, -(-len(points) // MAX_X_LABELS))
    label_format = "%d/%m" if series.period == "week" else "%m/%Y"
    shown = [i for i in range(len(points)) if i % step == 0]
    last = len(points) - 1
    if points and last not in shown:
        if shown and last - shown[-1] <= step / 2:
            shown.pop()
        shown.append(last)
    x_ticks = [{"x": _n(x_at(i)), "label": points[i].on.strftime(label_format)} for i in shown]
    y_ticks = [{"y": _n(y_at(v)), "label": f"{v}%"} for v in (0, 25, 50, 75, 100)]
    return {
        "width": str(CHART_WIDTH),
        "height": str(CHART_HEIGHT),
        "left": _n(left),
        "label_x": _n(left - 8),
        "right": _n(left + plot_w),
        "top": _n(top),
        "bottom": _n(bottom),
        "tick_bottom": _n(bottom + 5),
        "label_y": _n(bottom + 22),
        "lines": lines,
        "x_ticks": x_ticks,
        "y_ticks": y_ticks,
    }


def _n(value: float) -> str:
    """An SVG coordinate: a dot before decimals whatever the language."""
    return f"{value:.1f}".removesuffix(".0")
