"""Writes on administrative units: loading the official list and its history, and the few
edits an administrator makes by hand. Every write is atomic and audited."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.audit.services import audit_record, snapshot
from danvan.core.errors import ValidationFailed
from danvan.core.text import fold
from danvan.core.validation import validate_model
from danvan.places.models import AdminUnit, AdminUnitSuccession
from danvan.places.selectors import LEVEL_ORDER, former_units
from danvan.places.sources import (
    HISTORY_PATH,
    SuccessionSpec,
    UnitKey,
    UnitSpec,
    history_specs,
    package_specs,
    package_version,
    short_name_of,
)

UNIT_FIELDS = ("code", "name", "short_name", "division_type", "level", "parent")
UNIT_AUDIT_FIELDS = (*UNIT_FIELDS, "valid_from", "valid_to")
SUCCESSION_FIELDS = ("predecessor", "successor", "kind", "effective_on", "legal_basis", "note")
_SYNCED_FIELDS = ("name", "short_name", "division_type", "level", "valid_to", "parent_id")
BATCH_SIZE = 500


@dataclass
class LoadResult:
    """What `admin_units_load` did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    successions_created: int = 0
    successions_updated: int = 0
    package_version: str = ""
    history_loaded: bool = False
    # Units valid today, and all units (with former ones), per level after the load.
    current_by_level: dict[str, int] = field(default_factory=dict)
    total_by_level: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(
            self.created or self.updated or self.successions_created or self.successions_updated
        )


def _path_of(unit: AdminUnit, by_id: dict[int, AdminUnit], memo: dict[int, str]) -> str:
    if unit.pk in memo:
        return memo[unit.pk]
    parent = by_id.get(unit.parent_id) if unit.parent_id else None
    prefix = _path_of(parent, by_id, memo) if parent is not None else "/"
    memo[unit.pk] = f"{prefix}{unit.pk}/"
    return memo[unit.pk]


def _apply_units(specs: list[UnitSpec], result: LoadResult) -> dict[UnitKey, AdminUnit]:
    """Create the missing units and update the changed ones, level by level (parents first),
    then set every unit's materialised path. A fixed number of queries per level."""
    by_key: dict[UnitKey, AdminUnit] = {
        (unit.code, unit.valid_from): unit for unit in AdminUnit.objects.all()
    }
    wanted: dict[UnitKey, UnitSpec] = {spec.key: spec for spec in specs}  # the last one wins
    now = timezone.now()
    changed: dict[int, AdminUnit] = {}
    created: list[AdminUnit] = []
    for level in LEVEL_ORDER:
        new_units: list[AdminUnit] = []
        for spec in wanted.values():
            if spec.level != level:
                continue
            parent_id = by_key[spec.parent].pk if spec.parent else None
            values: dict[str, Any] = {
                "name": spec.name,
                "short_name": spec.short_name,
                "division_type": spec.division_type,
                "level": spec.level,
                "valid_to": spec.valid_to,
                "parent_id": parent_id,
            }
            unit = by_key.get(spec.key)
            if unit is None:
                unit = AdminUnit(
                    code=spec.code,
                    valid_from=spec.valid_from,
                    search_name=fold(spec.name),
                    path="",
                    **values,
                )
                new_units.append(unit)
                by_key[spec.key] = unit
                continue
            if any(getattr(unit, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(unit, name, value)
                unit.search_name = fold(unit.name)
                unit.updated_at = now
                changed[unit.pk] = unit
            else:
                result.unchanged += 1
        AdminUnit.objects.bulk_create(new_units, batch_size=BATCH_SIZE)
        created.extend(new_units)

    by_id = {unit.pk: unit for unit in by_key.values()}
    memo: dict[int, str] = {}
    moved: list[AdminUnit] = []
    for unit in by_id.values():
        path = _path_of(unit, by_id, memo)
        if unit.path != path:
            unit.path = path
            if unit.pk not in changed:
                moved.append(unit)
    if created:
        AdminUnit.objects.bulk_update(created, ["path"], batch_size=BATCH_SIZE)
    created_ids = {unit.pk for unit in created}
    updates = [*changed.values(), *(unit for unit in moved if unit.pk not in created_ids)]
    if updates:
        AdminUnit.objects.bulk_update(
            updates,
            [*_SYNCED_FIELDS, "search_name", "path", "updated_at"],
            batch_size=BATCH_SIZE,
        )
    result.created = len(created)
    result.updated = len(changed)
    return by_key


def _apply_successions(
    specs: list[SuccessionSpec], by_key: dict[UnitKey, AdminUnit], result: LoadResult
) -> None:
    existing = {
        (link.predecessor_id, link.successor_id): link for link in AdminUnitSuccession.objects.all()
    }
    new_links: list[AdminUnitSuccession] = []
    changed: list[AdminUnitSuccession] = []
    now = timezone.now()
    for spec in specs:
        predecessor, successor = by_key[spec.predecessor], by_key[spec.successor]
        values = {
            "kind": spec.kind,
            "effective_on": spec.effective_on,
            "legal_basis": spec.legal_basis,
            "note": spec.note,
        }
        link = existing.get((predecessor.pk, successor.pk))
        if link is None:
            link = AdminUnitSuccession(predecessor=predecessor, successor=successor, **values)
            existing[(predecessor.pk, successor.pk)] = link
            new_links.append(link)
        elif any(getattr(link, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(link, name, value)
            link.updated_at = now
            changed.append(link)
    AdminUnitSuccession.objects.bulk_create(new_links, batch_size=BATCH_SIZE)
    if changed:
        AdminUnitSuccession.objects.bulk_update(
            changed, ["kind", "effective_on", "legal_basis", "note", "updated_at"]
        )
    result.successions_created = len(new_links)
    result.successions_updated = len(changed)


def _level_counts(result: LoadResult) -> None:
    rows = AdminUnit.objects.values_list("level", "valid_to")
    total: Counter[str] = Counter()
    current: Counter[str] = Counter()
    for level, valid_to in rows:
        total[level] += 1
        if valid_to is None:
            current[level] += 1
    result.total_by_level = {level: total[level] for level in LEVEL_ORDER}
    result.current_by_level = {level: current[level] for level in LEVEL_ORDER}


@transaction.atomic
def admin_units_load(
    *,
    actor: Any = None,
    provinces: Collection[str] | None = None,
    with_history: bool = True,
) -> LoadResult:
    """Load today's provinces and communes/wards from `vietnam-provinces` and the history of
    the demo area (data/ky_anh_history.json). Idempotent: a second run creates nothing and
    updates only what changed. `provinces` limits the load to these province codes (the
    history is loaded only with its province). One audit event when anything changed."""
    result = LoadResult(package_version=package_version())
    specs = package_specs(provinces)
    successions: list[SuccessionSpec] = []
    history_province: UnitKey | None = None
    if with_history:
        history = history_specs(specs, HISTORY_PATH)
        if provinces is None or history.province in provinces:
            specs = [*specs, *history.units]
            successions = history.successions
            history_province = (history.province, None)
            result.history_loaded = True
    before = _counts_snapshot()
    by_key = _apply_units(specs, result)
    _apply_successions(successions, by_key, result)
    _level_counts(result)
    if result.changed and specs:
        target = by_key[history_province] if history_province else by_key[specs[0].key]
        audit_record(
            actor=actor,
            action="admin_units.load",
            target=target,
            changes={
                **{
                    f"units.{level}": {"before": before.get(level, 0), "after": count}
                    for level, count in result.total_by_level.items()
                },
                "units.created": {"before": None, "after": result.created},
                "units.updated": {"before": None, "after": result.updated},
                "successions.created": {"before": None, "after": result.successions_created},
                "successions.updated": {"before": None, "after": result.successions_updated},
            },
            note=_load_note(result),
        )
    return result


def _load_note(result: LoadResult) -> str:
    if result.history_loaded:
        return _(
            "Nạp danh mục đơn vị hành chính từ gói vietnam-provinces %(version)s "
            "và lịch sử địa bàn Kỳ Anh."
        ) % {"version": result.package_version}
    return _("Nạp danh mục đơn vị hành chính từ gói vietnam-provinces %(version)s.") % {
        "version": result.package_version
    }


def _counts_snapshot() -> dict[str, int]:
    return dict(Counter(AdminUnit.objects.values_list("level", flat=True)))


# --- Hand edits (the admin site) -------------------------------------------------------------


def check_parent(*, level: str, parent: AdminUnit | None, unit: AdminUnit | None = None) -> None:
    """Raise ValidationFailed unless `parent` may hold a unit of `level` (and is not below
    `unit` itself)."""
    if level == AdminUnit.Level.PROVINCE:
        if parent is not None:
            raise ValidationFailed(
                _("Tỉnh, thành phố không có đơn vị cấp trên."),
                code="invalid_parent",
                field="parent",
            )
        return
    if parent is None:
        raise ValidationFailed(
            _("Cần chọn đơn vị cấp trên."), code="parent_required", field="parent"
        )
    if LEVEL_ORDER.index(parent.level) >= LEVEL_ORDER.index(level):
        raise ValidationFailed(
            _("Đơn vị cấp trên phải ở cấp cao hơn."), code="invalid_parent", field="parent"
        )
    if unit is not None and unit.pk and parent.path.startswith(unit.path):
        raise ValidationFailed(
            _("Không thể đặt đơn vị dưới chính nó."), code="invalid_parent", field="parent"
        )


@transaction.atomic
def admin_unit_create(
    *,
    actor: Any,
    code: str,
    name: str,
    division_type: str,
    level: str,
    parent: AdminUnit | None = None,
    short_name: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> AdminUnit:
    """Add a unit by hand (a village, a unit the package lacks); `short_name` defaults to
    the name without its type ("Tổ dân phố Mới" → "Mới")."""
    check_parent(level=level, parent=parent)
    unit = AdminUnit(
        code=code.strip(),
        name=name.strip(),
        short_name=(short_name or short_name_of(name.strip(), division_type.strip())).strip(),
        division_type=division_type.strip(),
        level=level,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
        search_name=fold(name),
        path="/",
    )
    validate_model(unit, exclude=["path"])
    unit.save()
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    audit_record(
        actor=actor,
        action="admin_unit.create",
        target=unit,
        after=snapshot(unit, UNIT_AUDIT_FIELDS),
    )
    return unit


@transaction.atomic
def admin_unit_update(*, actor: Any, unit: AdminUnit, **changes: Any) -> AdminUnit:
    """Change a unit's fields; moving it under another parent moves its whole subtree."""
    allowed = set(UNIT_AUDIT_FIELDS)
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationFailed(
            _("Không thể sửa trường %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
            code="invalid_field",
        )
    unit = AdminUnit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(unit, UNIT_AUDIT_FIELDS)
    old_path = unit.path
    for name, value in changes.items():
        setattr(unit, name, value.strip() if isinstance(value, str) else value)
    check_parent(level=unit.level, parent=unit.parent, unit=unit)
    unit.short_name = unit.short_name or short_name_of(unit.name, unit.division_type)
    unit.search_name = fold(unit.name)
    new_path = f"{unit.parent.path if unit.parent else '/'}{unit.pk}/"
    unit.path = new_path
    validate_model(unit, exclude=["path"])
    unit.save()
    if new_path != old_path:
        descendants = list(AdminUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk))
        for descendant in descendants:
            descendant.path = new_path + descendant.path[len(old_path) :]
        AdminUnit.objects.bulk_update(descendants, ["path"], batch_size=BATCH_SIZE)
    after = snapshot(unit, UNIT_AUDIT_FIELDS)
    if after != before:
        audit_record(
            actor=actor, action="admin_unit.update", target=unit, before=before, after=after
        )
    return unit


@transaction.atomic
def admin_unit_succession_create(
    *,
    actor: Any,
    predecessor: AdminUnit,
    successor: AdminUnit,
    kind: str,
    effective_on: dt.date,
    legal_basis: str = "",
    note: str = "",
) -> AdminUnitSuccession:
    """Record that `successor` took over (part of) `predecessor` on `effective_on`."""
    if predecessor.pk == successor.pk:
        raise ValidationFailed(
            _("Một đơn vị không thể kế thừa chính nó."), code="invalid_succession"
        )
    if any(unit.pk == successor.pk for unit in former_units(predecessor)):
        raise ValidationFailed(
            _("Liên kết này tạo thành vòng lặp kế thừa."), code="succession_cycle"
        )
    if predecessor.valid_from and effective_on < predecessor.valid_from:
        raise ValidationFailed(
            _("Ngày hiệu lực phải sau ngày thành lập đơn vị trước."),
            code="invalid_succession",
            field="effective_on",
        )
    link = AdminUnitSuccession(
        predecessor=predecessor,
        successor=successor,
        kind=kind,
        effective_on=effective_on,
        legal_basis=legal_basis.strip(),
        note=note.strip(),
    )
    validate_model(link)
    link.save()
    audit_record(
        actor=actor,
        action="admin_unit_succession.create",
        target=successor,
        after=snapshot(link, SUCCESSION_FIELDS),
    )
    return link
