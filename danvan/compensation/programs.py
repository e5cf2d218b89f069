"""Setting up a programme: its identity, area, phases, groups of beneficiaries and rate
table, in one audited write (the demo and imports of a council's decision use it; the
administration screens edit the same records row by row)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.audit.services import audit_record, snapshot
from danvan.compensation.models import CompensationProgram, EligibleGroup, ProgramPhase, Rate
from danvan.compensation.rates import to_decimal
from danvan.core.errors import ValidationFailed
from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit

PROGRAM_FIELDS = (
    "code",
    "name",
    "kind",
    "legal_basis",
    "status",
    "organization",
    "start_on",
    "end_on",
    "posting_days",
    "posting_basis",
    "payment_days",
    "payment_basis",
)


def _check_rates(rates: Sequence[dict[str, Any]]) -> list[Rate]:
    rows: list[Rate] = []
    codes: set[str] = set()
    for index, row in enumerate(rates):
        code = str(row.get("code", "")).strip()
        if not code or code in codes:
            raise ValidationFailed(
                _("Mã đơn giá bị trống hoặc trùng: “%(code)s”.") % {"code": code},
                code="invalid",
                field=f"rates[{index}].code",
            )
        codes.add(code)
        rows.append(
            Rate(
                code=code,
                asset_category=str(row["asset_category"]),
                unit=str(row["unit"]),
                amount=to_decimal(
                    row["amount"], field=f"rates[{index}].amount", maximum=Decimal("1e13")
                ),
                conditions=dict(row.get("conditions") or {}),
                description=str(row.get("description", "")),
            )
        )
    return rows


@transaction.atomic
def program_create(
    *,
    actor: Any,
    code: str,
    name: str,
    kind: str,
    organization: Organization,
    area: Sequence[AdminUnit],
    legal_basis: str = "",
    start_on: dt.date | None = None,
    end_on: dt.date | None = None,
    posting_days: int | None = None,
    posting_basis: str = "",
    payment_days: int | None = None,
    payment_basis: str = "",
    phases: Sequence[tuple[str, dt.date | None, dt.date | None]] = (),
    groups: Sequence[tuple[str, str]] = (),
    rates: Sequence[dict[str, Any]] = (),
    status: str = CompensationProgram.Status.ACTIVE,
) -> CompensationProgram:
    if CompensationProgram.objects.filter(code=code).exists():
        raise ValidationFailed(
            _("Đã có chương trình mã “%(code)s”.") % {"code": code}, code="duplicate", field="code"
        )
    if kind not in CompensationProgram.Kind.values:
        raise ValidationFailed(_("Loại chương trình không hợp lệ."), code="invalid", field="kind")
    if start_on and end_on and end_on < start_on:
        raise ValidationFailed(
            _("Ngày kết thúc không được trước ngày bắt đầu."), code="invalid", field="end_on"
        )
    if posting_days is not None and not 1 <= posting_days <= 365:
        raise ValidationFailed(
            _("Thời gian niêm yết phải từ 1 đến 365 ngày."), code="invalid", field="posting_days"
        )
    if payment_days is not None and not 1 <= payment_days <= 365:
        raise ValidationFailed(
            _("Thời hạn chi trả phải từ 1 đến 365 ngày."), code="invalid", field="payment_days"
        )
    rate_rows = _check_rates(rates)
    program = CompensationProgram.objects.create(
        code=code,
        name=name.strip(),
        kind=kind,
        legal_basis=legal_basis,
        status=status,
        organization=organization,
        start_on=start_on,
        end_on=end_on,
        posting_days=posting_days,
        posting_basis=posting_basis,
        payment_days=payment_days,
        payment_basis=payment_basis,
    )
    program.area.set(area)
    ProgramPhase.objects.bulk_create(
        ProgramPhase(program=program, position=i, name=n, start_on=s, end_on=e)
        for i, (n, s, e) in enumerate(phases, start=1)
    )
    EligibleGroup.objects.bulk_create(
        EligibleGroup(program=program, position=i, code=c, name=n)
        for i, (c, n) in enumerate(groups, start=1)
    )
    for rate in rate_rows:
        rate.program = program
    Rate.objects.bulk_create(rate_rows)
    audit_record(
        actor=actor,
        action="compensation.program_create",
        target=program,
        before=None,
        after={
            **snapshot(program, PROGRAM_FIELDS),
            "area": sorted(unit.code for unit in area),
            "phases": [n for n, _s, _e in phases],
            "groups": [c for c, _n in groups],
            "rates": {r.code: str(r.amount) for r in rate_rows},
        },
    )
    return program
