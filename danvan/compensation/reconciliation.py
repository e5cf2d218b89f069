"""Payments reconciled against the approved totals (đối chiếu chi trả): per programme and
per ward and village, in the reader's scope, with the anomalies an accountant must explain.

Every figure comes from database aggregates: each household's paid amount is a subquery, so
a page costs the same few queries whatever the number of households."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.compensation.models import (
    AssetLine,
    CompensationProgram,
    Household,
    HouseholdStatus,
    Payment,
)
from danvan.organizations.scope import filter_in_scope

# The payment deadline after approval is the programme's own (`payment_days`, with its legal
# basis: 30 days in the Land Law, Art. 94(1) of Law 31/2024/QH15, Art. 93(1) of Law
# 45/2013/QH13); a programme without one has no "late" anomaly.

S = HouseholdStatus
MONEY = DecimalField(max_digits=18, decimal_places=2)
ZERO = Decimal(0)

ANOMALY_LABELS = {
    "paid_mismatch": _("Đã ghi “đã chi trả” nhưng số đã chi khác số được phê duyệt"),
    "overpaid": _("Số đã chi vượt số được phê duyệt"),
    "undocumented": _("Có lần chi trả không có số biên nhận và không có chứng từ"),
    "late": _("Quá %(days)d ngày kể từ ngày phê duyệt chưa chi trả đủ (%(source)s)"),
    "paid_before_approval": _("Có chi trả khi hộ chưa được phê duyệt"),
}


def _paid() -> Coalesce:
    sums = (
        Payment.objects.filter(household=OuterRef("pk"))
        .order_by()
        .values("household")
        .annotate(total=Sum("amount"))
        .values("total")[:1]
    )
    return Coalesce(Subquery(sums, output_field=MONEY), Value(ZERO), output_field=MONEY)


def _undocumented() -> Coalesce:
    counts = (
        Payment.objects.filter(household=OuterRef("pk"), receipt_number="", evidence__isnull=True)
        .order_by()
        .values("household")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def with_totals(queryset: QuerySet[Household]) -> QuerySet[Household]:
    """Each household with `amount` (its approved total, else the sum of its lines) and
    `paid` (the sum of its payments), by subqueries."""
    lines = (
        AssetLine.objects.filter(household=OuterRef("pk"))
        .order_by()
        .values("household")
        .annotate(total=Sum("amount"))
        .values("total")[:1]
    )
    return queryset.annotate(
        amount=Coalesce(
            "approved_total", Subquery(lines, output_field=MONEY), Value(ZERO), output_field=MONEY
        ),
        paid=_paid(),
    )


def households_for(program: CompensationProgram, user: Any = None) -> QuerySet[Household]:
    """The programme's households in `user`'s scope (all of them when user is None), each
    with `paid` (the sum of its payments) and `undocumented` (payments without receipt)."""
    queryset = Household.objects.filter(program=program)
    if user is not None:
        queryset = filter_in_scope(queryset, user)
    return queryset.annotate(paid=_paid(), undocumented=_undocumented())


@dataclass
class Figures:
    approved_total: Decimal = ZERO
    paid_total: Decimal = ZERO
    approved_count: int = 0
    paid_count: int = 0
    partly_paid_count: int = 0
    unpaid_count: int = 0
    admin_unit_id: int | None = None
    admin_unit_name: str = ""
    village: str = ""

    @property
    def remaining(self) -> Decimal:
        return self.approved_total - self.paid_total


AGGREGATES = {
    "approved_sum": Coalesce(Sum("approved_total"), Value(ZERO), output_field=MONEY),
    "paid_sum": Coalesce(Sum("paid"), Value(ZERO), output_field=MONEY),
    "approved_n": Count("pk", filter=Q(approved_total__isnull=False)),
    "paid_n": Count("pk", filter=Q(status=S.PAID)),
    "partly_n": Count("pk", filter=Q(status=S.APPROVED, paid__gt=0)),
    "unpaid_n": Count("pk", filter=Q(status=S.APPROVED, paid=0)),
}


def _figures(row: Mapping[str, Any]) -> Figures:
    return Figures(
        approved_total=row["approved_sum"],
        paid_total=row["paid_sum"],
        approved_count=row["approved_n"],
        paid_count=row["paid_n"],
        partly_paid_count=row["partly_n"],
        unpaid_count=row["unpaid_n"],
        admin_unit_id=row.get("admin_unit_id"),
        admin_unit_name=row.get("admin_unit__name", ""),
        village=row.get("village", ""),
    )


def program_figures(program: CompensationProgram, user: Any = None) -> Figures:
    """The programme's totals (in `user`'s scope): one query."""
    return _figures(households_for(program, user).aggregate(**AGGREGATES))


def village_figures(program: CompensationProgram, user: Any = None) -> list[Figures]:
    """One row per ward and village with approved households: one query."""
    rows = (
        households_for(program, user)
        .filter(approved_total__isnull=False)
        .values("admin_unit_id", "admin_unit__name", "village")
        .annotate(**AGGREGATES)
        .order_by("admin_unit__name", "village")
    )
    return [_figures(row) for row in rows]


@dataclass
class Anomaly:
    household: Household
    code: str
    label: str


def anomaly_codes(
    household: Household, *, today: dt.date, payment_days: int | None = None
) -> list[str]:
    """What is wrong with a household annotated by households_for."""
    codes = []
    paid: Decimal = household.paid  # type: ignore[attr-defined]
    approved = household.approved_total
    if household.status == S.PAID and (approved is None or paid != approved):
        codes.append("paid_mismatch")
    if approved is not None and paid > approved:
        codes.append("overpaid")
    if household.undocumented:  # type: ignore[attr-defined]
        codes.append("undocumented")
    if (
        payment_days is not None
        and household.status == S.APPROVED
        and household.approved_on is not None
        and (today - household.approved_on).days > payment_days
    ):
        codes.append("late")
    if household.status not in (S.APPROVED, S.PAID) and paid > 0:
        codes.append("paid_before_approval")
    return codes


def anomaly_label(code: str, program: CompensationProgram | None = None) -> str:
    label = str(ANOMALY_LABELS[code])
    if code == "late" and program is not None:
        label %= {"days": program.payment_days, "source": program.payment_basis or "-"}
    return label


def anomalies(
    program: CompensationProgram, user: Any = None, *, today: dt.date | None = None
) -> list[Anomaly]:
    """Every anomaly of the programme's households in `user`'s scope: one query."""
    today = today or timezone.localdate()
    days = program.payment_days
    late = Q(pk__in=[])
    if days is not None:
        late = Q(status=S.APPROVED, approved_on__lt=today - dt.timedelta(days=days))
    suspicious = (
        Q(status=S.PAID, approved_total__isnull=True)
        | (Q(status=S.PAID) & ~Q(paid=F("approved_total")))
        | Q(approved_total__isnull=False, paid__gt=F("approved_total"))
        | Q(undocumented__gt=0)
        | late
        | (~Q(status__in=[S.APPROVED, S.PAID]) & Q(paid__gt=0))
    )
    households = (
        households_for(program, user)
        .filter(suspicious)
        .select_related("admin_unit")
        .order_by("admin_unit__name", "village", "head_full_name", "pk")
    )
    found = []
    for household in households:
        for code in anomaly_codes(household, today=today, payment_days=days):
            found.append(
                Anomaly(household=household, code=code, label=anomaly_label(code, program))
            )
    return found


def approved_households(program: CompensationProgram, user: Any = None) -> QuerySet[Household]:
    """Approved (and paid) households with their paid amount and number of payments, for
    the reconciliation workbook."""
    payments = (
        Payment.objects.filter(household=OuterRef("pk"))
        .order_by()
        .values("household")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return (
        households_for(program, user)
        .filter(approved_total__isnull=False)
        .annotate(payments_count=Coalesce(Subquery(payments, output_field=IntegerField()), 0))
        .select_related("admin_unit")
        .order_by("admin_unit__name", "village", "head_full_name", "pk")
    )
