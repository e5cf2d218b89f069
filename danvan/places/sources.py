"""Where the units come from: the `vietnam-provinces` package (today's 34 provinces and their
communes/wards) and our own history file of the demo area (data/ky_anh_history.json).

Both are read into plain specs here; `services.admin_units_load` writes them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from danvan.places.models import AdminUnit

# Today's communes exist since the reorganisation of 1 July 2025: districts abolished and
# communes merged (Law 72/2025/QH15 on local government organisation; Resolution
# 76/2025/UBTVQH15 and the per-province resolutions of the NA Standing Committee).
REORGANISATION_DATE = dt.date(2025, 7, 1)
PACKAGE_NAME = "vietnam-provinces"
HISTORY_PATH = Path(__file__).resolve().parent / "data" / "ky_anh_history.json"

# A unit's natural key: its official code and the day it came into being.
UnitKey = tuple[str, dt.date | None]


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    short_name: str
    division_type: str
    level: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    parent: UnitKey | None = None

    @property
    def key(self) -> UnitKey:
        return (self.code, self.valid_from)

    @property
    def reference_day(self) -> dt.date | None:
        """A day on which the unit existed, to find its parent by code."""
        return self.valid_from or self.valid_to

    def is_valid_on(self, day: dt.date | None) -> bool:
        if day is None:
            return self.valid_to is None
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class SuccessionSpec:
    predecessor: UnitKey
    successor: UnitKey
    kind: str
    effective_on: dt.date
    legal_basis: str = ""
    note: str = ""


def package_version() -> str:
    try:
        return metadata.version(PACKAGE_NAME)
    except metadata.PackageNotFoundError:  # pragma: no cover - a dependency of the project
        return ""


def short_name_of(name: str, division_type: str) -> str:
    """ "Phường Hoành Sơn", "phường" → "Hoành Sơn"."""
    prefix = f"{division_type} "
    if division_type and name.lower().startswith(prefix.lower()):
        return name[len(prefix) :].strip()
    return name


def province_names(raw_name: str, division_type: str) -> tuple[str, str]:
    """The package gives "Hà Tĩnh" and "Thành phố Hà Nội": (full name, short name)."""
    short = raw_name.removeprefix("Thành phố ").removeprefix("Tỉnh ").strip()
    prefix = "Thành phố" if division_type.startswith("thành phố") else "Tỉnh"
    return f"{prefix} {short}", short


def package_specs(provinces: Collection[str] | None = None) -> list[UnitSpec]:
    """Today's provinces and communes/wards from the installed package, parents first."""
    import vietnam_provinces

    with open(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as handle:
        data: list[dict[str, Any]] = json.load(handle)
    specs: list[UnitSpec] = []
    for province in data:
        code = str(province["code"])
        if provinces is not None and code not in provinces:
            continue
        name, short = province_names(province["name"], province["division_type"])
        province_spec = UnitSpec(
            code=code,
            name=name,
            short_name=short,
            division_type=province["division_type"],
            level=AdminUnit.Level.PROVINCE,
        )
        specs.append(province_spec)
        for ward in province.get("wards", []):
            specs.append(
                UnitSpec(
                    code=str(ward["code"]),
                    name=ward["name"],
                    short_name=short_name_of(ward["name"], ward["division_type"]),
                    division_type=ward["division_type"],
                    level=AdminUnit.Level.COMMUNE,
                    valid_from=REORGANISATION_DATE,
                    parent=province_spec.key,
                )
            )
    return specs


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


class HistoryError(ValueError):
    """The history file refers to a unit it does not define."""


def _find(specs_by_code: dict[str, list[UnitSpec]], code: str, day: dt.date | None) -> UnitKey:
    for spec in specs_by_code.get(code, []):
        if spec.is_valid_on(day):
            return spec.key
    raise HistoryError(f"No unit with code {code!r} valid on {day}.")


@dataclass(frozen=True)
class History:
    province: str
    units: list[UnitSpec]
    successions: list[SuccessionSpec]


def history_specs(known: Iterable[UnitSpec], path: Path = HISTORY_PATH) -> History:
    """The history file's units and succession links, resolved against `known` specs."""
    with open(path, encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    specs_by_code: dict[str, list[UnitSpec]] = {}
    for spec in known:
        specs_by_code.setdefault(spec.code, []).append(spec)

    units: list[UnitSpec] = []
    for row in data.get("units", []):
        valid_from, valid_to = _date(row.get("valid_from")), _date(row.get("valid_to"))
        parent: UnitKey | None = None
        if row.get("parent"):
            parent = _find(specs_by_code, row["parent"], valid_from or valid_to)
        spec = UnitSpec(
            code=row["code"],
            name=row["name"],
            short_name=row.get("short_name") or short_name_of(row["name"], row["division_type"]),
            division_type=row["division_type"],
            level=row["level"],
            valid_from=valid_from,
            valid_to=valid_to,
            parent=parent,
        )
        units.append(spec)
        same_code = specs_by_code.setdefault(spec.code, [])
        same_code[:] = [other for other in same_code if other.key != spec.key] + [spec]

    default_basis = data.get("legal_basis", "")
    successions: list[SuccessionSpec] = []
    for row in data.get("successions", []):
        effective_on = dt.date.fromisoformat(row["effective_on"])
        day_before = effective_on - dt.timedelta(days=1)
        predecessors = row.get("predecessors") or [row["predecessor"]]
        successors = row.get("successors") or [row["successor"]]
        for predecessor in predecessors:
            for successor in successors:
                successions.append(
                    SuccessionSpec(
                        predecessor=_find(specs_by_code, predecessor, day_before),
                        successor=_find(specs_by_code, successor, effective_on),
                        kind=row["kind"],
                        effective_on=effective_on,
                        legal_basis=row.get("legal_basis", default_basis),
                        note=row.get("note", ""),
                    )
                )
    return History(province=str(data["province"]), units=units, successions=successions)
