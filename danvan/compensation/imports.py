"""Importing a programme's households and their asset lines from a workbook (the format of
danvan.compensation.spreadsheets): every row is checked in memory, then the households are
saved in bulk in one transaction.

- A batch is one household with its asset lines: it is saved completely or not at all.
- `strict` (default): one error anywhere and nothing is saved; every error is reported.
  `valid_only`: the households whose rows are all valid are saved, the others not at all.
- The checks (danvan.compensation.import_checks) are those of `household_create` and of
  `asset_add` (pricing by rates.price), plus the actor's right to work in each commune.
- Status: a household imported with asset lines is `declared`, declared on the day of the
  import; one without lines is `not_declared`. The later steps (inventory, verification...)
  are recorded as usual, each with its officer and date.
- Audit: one event per household (its fields and its lines), one on the programme (the file
  name, its SHA-256, the counts)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.audit.context import current_source
from danvan.audit.models import AuditEvent
from danvan.audit.services import audit_record, diff, json_value, snapshot
from danvan.compensation import import_checks
from danvan.compensation import spreadsheets as sheets
from danvan.compensation.import_checks import RowError
from danvan.compensation.models import AssetLine, CompensationProgram, Household, HouseholdStatus
from danvan.compensation.search import search_text
from danvan.compensation.services import AUDIT_FIELDS
from danvan.compensation.spreadsheets import ParsedFile
from danvan.core.errors import InvalidTransition, ValidationFailed
from danvan.core.models import PUBLIC_ID_ALPHABET

STRICT = "strict"
VALID_ONLY = "valid_only"
MODES = (STRICT, VALID_ONLY)
BATCH_SIZE = 500
__all__ = ["MODES", "STRICT", "VALID_ONLY", "ImportResult", "RowError", "households_import"]


@dataclass
class ImportResult:
    mode: str
    file_name: str = ""
    sha256: str = ""
    households_read: int = 0
    lines_read: int = 0
    households_created: int = 0
    lines_created: int = 0
    households_rejected: int = 0
    total_amount: Decimal = Decimal(0)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# ---------------------------------------------------------------- the service


def _check_program(program: CompensationProgram) -> None:
    if program.status != CompensationProgram.Status.ACTIVE:
        raise InvalidTransition(
            _("Chương trình không ở trạng thái đang thực hiện; không thể thêm hộ."),
            code="program_not_active",
        )


def _public_ids(count: int) -> Iterator[str]:
    """`count` public ids as core.models.new_public_id makes them (12 characters of the
    32-letter alphabet, from `secrets`), drawn in one call: 8 random bytes give 12 letters."""
    raw = secrets.token_bytes(8 * count)
    for index in range(count):
        value = int.from_bytes(raw[8 * index : 8 * index + 8], "big")
        yield "".join(PUBLIC_ID_ALPHABET[(value >> (5 * k)) & 31] for k in range(12))


def _line_audit(line: AssetLine) -> dict[str, Any]:
    return {
        "asset_category": line.asset_category,
        "quantity": json_value(line.quantity),
        "attributes": line.attributes,
        "rate": line.rate.code,
        "amount": json_value(line.amount),
        "source": line.source,
    }


def _save(
    *,
    actor: Any,
    program: CompensationProgram,
    households: list[import_checks.CheckedHousehold],
    file_name: str,
) -> tuple[int, int, Decimal]:
    user = actor if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    today = timezone.localdate()
    ids = _public_ids(len(households) + sum(len(item.lines) for item in households))
    objects = [
        Household(
            public_id=next(ids),
            program=program,
            organization_id=program.organization_id,
            status=HouseholdStatus.DECLARED if item.lines else HouseholdStatus.NOT_DECLARED,
            declared_on=today if item.lines else None,
            status_changed_at=now,
            **item.values,
        )
        for item in households
    ]
    for household in objects:
        household.search_text = search_text(household)
    Household.objects.bulk_create(objects, batch_size=BATCH_SIZE)
    lines: list[AssetLine] = []
    by_household: list[list[AssetLine]] = []
    for item, household in zip(households, objects, strict=True):
        own = [
            AssetLine(
                public_id=next(ids),
                household=household,
                asset_category=line.priced.rate.asset_category,
                quantity=line.quantity,
                attributes=line.attributes,
                rate=line.priced.rate,
                amount=line.priced.amount,
                explanation=line.priced.explanation,
                source=line.source,
                recorded_by=user,
            )
            for line in item.lines
        ]
        lines.extend(own)
        by_household.append(own)
    AssetLine.objects.bulk_create(lines, batch_size=BATCH_SIZE)
    target_type = ContentType.objects.get_for_model(Household, for_concrete_model=True)
    source = current_source()
    events = []
    for item, household, own in zip(households, objects, by_household, strict=True):
        changes = diff(None, snapshot(household, AUDIT_FIELDS))
        if own:
            changes["assets"] = {"before": None, "after": [_line_audit(line) for line in own]}
        events.append(
            AuditEvent(
                actor=user,
                actor_label=user.username if user else "",
                action="compensation.household_import",
                source=source,
                target_type=target_type,
                target_id=str(household.pk),
                target_label=str(household)[:255],
                changes=changes,
                note=_("Nhập từ tệp “%(file)s”, dòng %(row)d.")
                % {"file": file_name or "-", "row": item.row},
            )
        )
    AuditEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)
    total = sum((line.amount for line in lines), Decimal(0))
    return len(objects), len(lines), total


@transaction.atomic
def households_import(
    *,
    actor: Any,
    program: CompensationProgram,
    data: ParsedFile,
    mode: str = STRICT,
    file_name: str = "",
    sha256: str = "",
) -> ImportResult:
    """Check every row, then save: in `strict` mode all households or none; in `valid_only`
    mode the households without any error. A household is never saved in part."""
    _check_program(program)
    if mode not in MODES:
        raise ValidationFailed(
            _("Chế độ nhập không hợp lệ: chọn “strict” hoặc “valid_only”."),
            code="invalid",
            field="mode",
        )
    errors, listed = import_checks.check_rows(actor=actor, program=program, data=data)
    bad = sum(1 for household in listed if household.bad)
    result = ImportResult(
        mode=mode,
        file_name=file_name,
        sha256=sha256,
        households_read=len(data.households.rows),
        lines_read=len(data.lines.rows),
        households_rejected=bad,
        errors=errors,
    )
    if mode == STRICT and errors:
        result.households_rejected = len(listed)
        return result
    good = [household for household in listed if not household.bad]
    if not good:
        return result
    created, lines, total = _save(
        actor=actor, program=program, households=good, file_name=file_name
    )
    result.households_created, result.lines_created, result.total_amount = created, lines, total
    summary = {
        "file_name": file_name,
        "sha256": sha256,
        "mode": mode,
        "households": created,
        "lines": lines,
        "households_rejected": result.households_rejected,
        "errors": len(errors),
        "total_amount": json_value(total),
    }
    audit_record(
        actor=actor,
        action="compensation.households_import",
        target=program,
        changes={"import": {"before": None, "after": summary}},
        note=_(
            "Nhập %(households)d hộ, %(lines)d dòng kiểm đếm từ tệp “%(file)s” (SHA-256 %(sha)s); "
            "%(rejected)d hộ có lỗi không được nhập."
        )
        % {
            "households": created,
            "lines": lines,
            "file": file_name or "-",
            "sha": sha256 or "-",
            "rejected": result.households_rejected,
        },
    )
    return result


def households_import_file(
    *,
    actor: Any,
    program: CompensationProgram,
    content: bytes,
    file_name: str = "",
    mode: str = STRICT,
) -> ImportResult:
    """Read an uploaded .xlsx file and import it (households_import). A file that cannot be
    read raises ValidationFailed with a Vietnamese message naming the sheet or column."""
    _check_program(program)
    data = sheets.read_workbook(content)
    return households_import(
        actor=actor,
        program=program,
        data=data,
        mode=mode,
        file_name=file_name,
        sha256=hashlib.sha256(content).hexdigest(),
    )
