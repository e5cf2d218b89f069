"""Reads on compensation programmes and households: scoped, filtered, already joined.

Which programmes a user sees follows the scope rule of `danvan.organizations.scope`: a
programme is listed when its area meets the user's territory (the units of the scope, and
the units above or below the jurisdiction of the user's organisations, so a provincial body
sees the programmes of its communes), when the user belongs to its responsible organisation,
or when the user's scope covers one of its households. A system administrator sees all.

Households are filtered by `filter_in_scope`; the amounts of a list row (the lines' total or,
once approved, the frozen total, and what was paid) are annotated by subqueries: no N+1.

Search is accent-insensitive ("nguyen van" finds "Nguyễn Văn"): every word must occur in
the household's folded `search_text`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from danvan.compensation.models import (
    AssetLine,
    CompensationProgram,
    Household,
    HouseholdAttachment,
    HouseholdStatus,
    Payment,
    Rate,
)
from danvan.core.text import fold
from danvan.organizations.scope import filter_in_scope, scope_for
from danvan.organizations.selectors import active_memberships

MONEY = DecimalField(max_digits=18, decimal_places=2)
ZERO = Value(Decimal("0"), output_field=MONEY)
FINISHED = frozenset({HouseholdStatus.PAID, HouseholdStatus.REFUSED})
MAX_SEARCH_WORDS = 8


# ---------------------------------------------------------------- programmes


def _ancestor_paths(path: str) -> list[str]:
    """ "/1/7/42/" → ["/1/", "/1/7/"]: the paths of the units above."""
    parts = [part for part in path.split("/") if part]
    return ["/" + "/".join(parts[:end]) + "/" for end in range(1, len(parts))]


def _territory_q(user: Any) -> Q:
    """Programmes whose area meets the user's territory."""
    scope = scope_for(user)
    condition = Q(pk__in=[])
    if scope.unit_ids:
        condition |= Q(area__in=sorted(scope.unit_ids))
    for membership in active_memberships(user):
        # compute_scope prefetched the jurisdictions of these very membership objects.
        for unit in membership.organization.jurisdiction.all():
            condition |= Q(area__path__startswith=unit.path)
            ancestors = _ancestor_paths(unit.path)
            if ancestors:
                condition |= Q(area__path__in=ancestors)
    return condition


def programs_for(user: Any) -> QuerySet[CompensationProgram]:
    """The programmes the user may open, with the organisation joined and the area
    prefetched."""
    queryset = CompensationProgram.objects.select_related("organization").prefetch_related("area")
    scope = scope_for(user)
    if scope.everything:
        return queryset.order_by("-start_on", "code")
    if scope.is_empty:
        return queryset.none()
    households = filter_in_scope(Household.objects.all(), user).filter(program=OuterRef("pk"))
    condition = _territory_q(user) | Q(Exists(households))
    if scope.organization_ids:
        condition |= Q(organization_id__in=sorted(scope.organization_ids))
    ids = CompensationProgram.objects.filter(condition).values("pk")
    return queryset.filter(pk__in=ids).order_by("-start_on", "code")


def program_for(user: Any, code: str) -> CompensationProgram:
    """One programme with its phases, groups and rates; Http404 if the user may not see it."""
    program = (
        programs_for(user).prefetch_related("phases", "groups", "rates").filter(code=code).first()
    )
    if program is None:
        raise Http404
    return program


@dataclass
class ProgramSummary:
    """Households of a programme within the reader's scope: counts and money."""

    counts: dict[str, int] = field(default_factory=dict)
    total: Decimal = Decimal("0")
    paid: Decimal = Decimal("0")

    @property
    def households(self) -> int:
        return sum(self.counts.values())


def program_summaries(user: Any, programs: list[CompensationProgram]) -> dict[int, ProgramSummary]:
    """Per programme: households per status, amount (frozen total once approved, else the
    lines' total; refused households excluded) and amount paid. Four queries in all."""
    ids = [program.pk for program in programs]
    summaries = {pk: ProgramSummary() for pk in ids}
    if not ids:
        return summaries
    scoped = filter_in_scope(Household.objects.filter(program_id__in=ids), user)
    rows = scoped.order_by().values_list("program_id", "status").annotate(n=Count("pk"))
    for program_id, status, number in rows:
        summaries[program_id].counts[status] = number
    approved = (
        scoped.filter(approved_total__isnull=False)
        .order_by()
        .values_list("program_id")
        .annotate(total=Sum("approved_total"))
    )
    for program_id, total in approved:
        summaries[program_id].total += Decimal(total or 0)
    pending = scoped.filter(approved_total__isnull=True).exclude(status=HouseholdStatus.REFUSED)
    lines = (
        AssetLine.objects.filter(household__in=pending.values("pk"))
        .order_by()
        .values_list("household__program_id")
        .annotate(total=Sum("amount"))
    )
    for program_id, total in lines:
        summaries[program_id].total += Decimal(total or 0)
    paid = (
        Payment.objects.filter(household__in=scoped.values("pk"))
        .order_by()
        .values_list("household__program_id")
        .annotate(total=Sum("amount"))
    )
    for program_id, total in paid:
        summaries[program_id].paid += Decimal(total or 0)
    return summaries


# ---------------------------------------------------------------- households


@dataclass(frozen=True)
class HouseholdFilters:
    status: str = ""
    admin_unit_id: int | None = None
    village: str = ""
    group: str = ""
    q: str = ""
    stuck_days: int | None = None


def visible_households(user: Any) -> QuerySet[Household]:
    return filter_in_scope(Household.objects.all(), user)


def with_amounts(queryset: QuerySet[Household]) -> QuerySet[Household]:
    """`amount_total` (approved total, else the lines' sum) and `paid_total`, per row."""
    lines = (
        AssetLine.objects.filter(household=OuterRef("pk"))
        .order_by()
        .values("household")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    payments = (
        Payment.objects.filter(household=OuterRef("pk"))
        .order_by()
        .values("household")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return queryset.annotate(
        lines_total=Coalesce(Subquery(lines, output_field=MONEY), ZERO),
        amount_total=Coalesce("approved_total", Subquery(lines, output_field=MONEY), ZERO),
        paid_total=Coalesce(Subquery(payments, output_field=MONEY), ZERO),
    )


def _search_words(q: str) -> list[str]:
    return fold(q).split()[:MAX_SEARCH_WORDS]


def _search(queryset: QuerySet[Household], q: str) -> QuerySet[Household]:
    for word in _search_words(q):
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def _filtered(
    user: Any, program: CompensationProgram, filters: HouseholdFilters, *, status: bool = True
) -> QuerySet[Household]:
    f = filters
    qs = visible_households(user).filter(program=program)
    if status and f.status:
        qs = qs.filter(status=f.status)
    if f.admin_unit_id is not None:
        qs = qs.filter(admin_unit_id=f.admin_unit_id)
    if f.village:
        qs = qs.filter(village=f.village)
    if f.group:
        qs = qs.filter(group__code=f.group)
    if f.stuck_days is not None:
        since = timezone.now() - dt.timedelta(days=f.stuck_days)
        qs = qs.filter(status_changed_at__lt=since).exclude(status__in=FINISHED)
    if f.q:
        qs = _search(qs, f.q)
    return qs


def households_for(
    user: Any, program: CompensationProgram, filters: HouseholdFilters | None = None
) -> QuerySet[Household]:
    """The programme's households the user may see, filtered, with amounts, ordered by
    place (ward, village) then head of household."""
    qs = _filtered(user, program, filters or HouseholdFilters())
    return with_amounts(qs.select_related("admin_unit", "group")).order_by(
        "admin_unit__name", "village", "head_full_name", "pk"
    )


def status_counts(
    user: Any, program: CompensationProgram, filters: HouseholdFilters | None = None
) -> dict[str, int]:
    """Households per status under every filter but the status (the filter chips)."""
    qs = _filtered(user, program, filters or HouseholdFilters(), status=False)
    rows = qs.order_by().values_list("status").annotate(n=Count("pk"))
    return dict(rows)


def filter_options(user: Any, program: CompensationProgram) -> dict[str, list[Any]]:
    """The wards and villages where the user has households of the programme."""
    qs = visible_households(user).filter(program=program).order_by()
    units = qs.values_list("admin_unit_id", "admin_unit__name").distinct()
    villages = qs.exclude(village="").values_list("village", flat=True).distinct()
    return {
        "units": sorted(units, key=lambda row: fold(row[1])),
        "villages": sorted(villages, key=fold),
    }


def household_for(user: Any, public_id: str) -> Household:
    """The household file with what its page shows; Http404 outside the user's scope."""
    qs = (
        with_amounts(visible_households(user))
        .select_related(
            "program__organization",
            "admin_unit",
            "group",
            "inventoried_by",
            "verified_by",
            "posting",
            "approval_batch",
            "organization",
        )
        .prefetch_related(
            Prefetch("assets", queryset=AssetLine.objects.select_related("rate", "recorded_by")),
            Prefetch(
                "attachments",
                queryset=HouseholdAttachment.objects.select_related("uploaded_by"),
            ),
            Prefetch("program__rates", queryset=Rate.objects.order_by("asset_category", "code")),
            "payments",
        )
    )
    household = qs.filter(public_id=public_id).first()
    if household is None:
        raise Http404
    return household


def attachment_for(user: Any, public_id: str, attachment_id: str) -> HouseholdAttachment:
    """A household's file if the user may see the household; Http404 otherwise."""
    households = visible_households(user).filter(public_id=public_id).values("pk")
    attachment = (
        HouseholdAttachment.objects.filter(household__in=households, public_id=attachment_id)
        .select_related("household")
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment


def members_by_status(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    """(status, label, count) in pipeline order, for the chips."""
    return [(value, str(label), counts.get(value, 0)) for value, label in HouseholdStatus.choices]
