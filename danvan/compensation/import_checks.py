"""Checking the rows of a households workbook (danvan.compensation.spreadsheets) against a
programme, in memory and without writing: each household as `household_create` checks it (a
commune in the programme's area, the format of the id number, the members), each line as
`asset_add` prices it (rates.price, with the rate table loaded once), and the actor's right
to work in each household's commune (permissions.can_work_in; no actor: a system import).
Every error names its sheet, row and column, in Vietnamese."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.utils.translation import gettext as _

from danvan.compensation import rates as pricing
from danvan.compensation import spreadsheets as sheets
from danvan.compensation.models import (
    AssetLine,
    CompensationProgram,
    EligibleGroup,
    Household,
    HouseholdStatus,
    Rate,
)
from danvan.compensation.permissions import can_work_in
from danvan.compensation.services import clean_members
from danvan.compensation.spreadsheets import KEY, Column, ParsedFile, SheetRows
from danvan.core.errors import ValidationFailed
from danvan.core.text import fold
from danvan.places.models import AdminUnit
from danvan.places.selectors import unit_ids_within

T = TypeVar("T")
H = {column.code: column for column in sheets.HOUSEHOLD_COLUMNS}


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str
    message: str
    key: str = ""


@dataclass
class CheckedLine:
    row: int
    quantity: Decimal
    attributes: dict[str, Any]
    source: str
    priced: pricing.Priced


@dataclass
class CheckedHousehold:
    row: int
    key: str
    values: dict[str, Any]
    lines: list[CheckedLine] = field(default_factory=list)
    bad: bool = False


@dataclass(frozen=True)
class _Where:
    sheet: SheetRows
    order: int  # 0 households, 1 lines: errors are listed sheet by sheet, row by row
    row: int
    key: str = ""


class _Checker:
    """Validates the rows against the programme, loaded once."""

    def __init__(self, *, actor: Any, program: CompensationProgram, data: ParsedFile) -> None:
        self.actor = actor
        self.program = program
        rates = list(program.rates.all())
        self.rates: dict[str, list[Rate]] = {}
        for rate in rates:
            self.rates.setdefault(rate.asset_category, []).append(rate)
        self.line_columns = sheets.line_columns(rates)
        ordered = [*sheets.HOUSEHOLD_COLUMNS, *self.line_columns]
        self.columns = {column.code: column for column in ordered}
        self.positions = {column.code: index for index, column in enumerate(ordered)}
        self.groups = {group.code: group for group in EligibleGroup.objects.filter(program=program)}
        area = list(program.area.all())
        self.area_ids = unit_ids_within(area) if area else None
        self.household_sheet_title = data.households.title
        self.units = self._units(data.households)
        self.allowed: dict[int, bool] = {}
        self.errors: list[tuple[int, int, int, RowError]] = []
        # ID numbers already listed in the programme (a household listed twice would be paid
        # twice), and those seen earlier in this file.
        self.listed_ids = set(
            Household.objects.filter(program=program)
            .exclude(id_number="")
            .exclude(status=HouseholdStatus.REFUSED)
            .values_list("id_number", flat=True)
        )
        self.file_ids: dict[str, int] = {}

    def _units(self, sheet: SheetRows) -> dict[str, AdminUnit]:
        codes = set()
        for _row, cells in sheet.rows:
            try:
                codes.add(sheets.cell_text(cells.get("admin_unit"), H["admin_unit"]))
            except ValidationFailed:
                continue
        found: dict[str, AdminUnit] = {}
        units = AdminUnit.objects.current().filter(code__in=codes - {""}).order_by("path")
        for unit in units:
            known = found.get(unit.code)
            if known is None or (
                unit.level == AdminUnit.Level.COMMUNE and known.level != AdminUnit.Level.COMMUNE
            ):
                found[unit.code] = unit
        return found

    def add(self, where: _Where, code: str, message: str) -> None:
        column = self.columns.get(code)
        header = where.sheet.header(column) if column else ""
        error = RowError(where.sheet.title, where.row, header, message, where.key)
        self.errors.append((where.order, where.row, self.positions.get(code, 99), error))

    def cell(self, where: _Where, column: Column, parse: Callable[[], T]) -> T | None:
        try:
            return parse()
        except ValidationFailed as error:
            self.add(where, error.field or column.code, str(error.message))
            return None

    # ------------------------------------------------------------ households

    def household(self, row: int, cells: dict[str, Any], sheet: SheetRows) -> CheckedHousehold:
        where = _Where(sheet, 0, row)
        before = len(self.errors)
        key = self.cell(
            where, KEY, lambda: sheets.cell_text(cells.get(KEY.code), KEY, max_length=64)
        )
        if key == "":
            self.add(where, KEY.code, _("Hãy ghi mã hộ trong tệp."))
        where = _Where(sheet, 0, row, key or "")
        text = self._texts(where, cells)
        if text.get("head_full_name") == "":
            self.add(where, "head_full_name", _("Hãy ghi họ tên chủ hộ."))
        values: dict[str, Any] = {
            name: text.get(name, "")
            for name in ("head_full_name", "id_number", "village", "address")
        }
        values["status_note"] = text.get("note", "")
        values["admin_unit"] = self._unit(where, text.get("admin_unit"))
        values["members"] = self._members(where, cells.get("members"))
        values["group"] = self._group(where, text.get("group", ""))
        self._id_number(where, values["id_number"], cells.get("id_number"))
        return CheckedHousehold(row, key or "", values, bad=len(self.errors) > before)

    def _texts(self, where: _Where, cells: dict[str, Any]) -> dict[str, str | None]:
        limits = {
            "head_full_name": 150,
            "id_number": 20,
            "admin_unit": 20,
            "village": 150,
            "address": 255,
            "group": 64,
            "note": 2000,
        }
        texts: dict[str, str | None] = {}
        for name, size in limits.items():
            try:
                texts[name] = sheets.cell_text(cells.get(name), H[name], max_length=size)
            except ValidationFailed as error:
                self.add(where, name, str(error.message))
                texts[name] = None
        return texts

    def _id_number(self, where: _Where, id_number: str | None, raw: Any) -> None:
        if id_number and id_number in self.listed_ids:
            self.add(
                where,
                "id_number",
                _("Chủ hộ có số định danh này đã có trong danh sách của chương trình."),
            )
        elif id_number and id_number in self.file_ids:
            self.add(
                where,
                "id_number",
                _("Số định danh này đã ghi ở dòng %(row)d của tệp.")
                % {"row": self.file_ids[id_number]},
            )
        elif id_number:
            self.file_ids[id_number] = where.row
        if id_number and not (id_number.isdigit() and len(id_number) in (9, 12)):
            message = _("Số định danh cá nhân gồm 12 chữ số (CMND cũ: 9 chữ số).")
            if isinstance(raw, int | float):
                message += " " + _(
                    "Excel có thể đã bỏ số 0 ở đầu: hãy định dạng cột là văn bản (Text)."
                )
            self.add(where, "id_number", message)

    def _unit(self, where: _Where, code: str | None) -> AdminUnit | None:
        if code is None:
            return None
        if not code:
            self.add(where, "admin_unit", _("Hãy ghi mã xã, phường nơi hộ cư trú."))
            return None
        unit = self.units.get(code)
        if unit is None:
            message = _("Không tìm thấy đơn vị hành chính có mã “%(code)s”.") % {"code": code}
        elif unit.level != AdminUnit.Level.COMMUNE:
            message = _("Hãy ghi mã xã, phường nơi hộ cư trú.")
        elif self.area_ids is not None and unit.pk not in self.area_ids:
            message = _("Xã, phường này không thuộc địa bàn của chương trình.")
        elif self.actor is not None and not self._may_work_in(unit):
            message = _("Bạn không công tác tại cơ quan chủ trì hoặc tại xã, phường này.")
        else:
            return unit
        self.add(where, "admin_unit", message)
        return None

    def _may_work_in(self, unit: AdminUnit) -> bool:
        if unit.pk not in self.allowed:
            self.allowed[unit.pk] = can_work_in(self.actor, self.program, unit)
        return self.allowed[unit.pk]

    def _members(self, where: _Where, raw: Any) -> int | None:
        column = H["members"]
        number = self.cell(where, column, lambda: sheets.cell_number(raw, column))
        if number is None:
            return 0 if raw is None or str(raw).strip() == "" else None
        if number != number.to_integral_value():
            self.add(
                where, "members", _("“%(field)s” phải là số nguyên.") % {"field": column.label}
            )
            return None
        try:
            members = clean_members(int(number))
        except ValidationFailed as error:
            self.add(where, "members", str(error.message))
            return None
        return int(members) if isinstance(members, int) else None

    def _group(self, where: _Where, code: str | None) -> EligibleGroup | None:
        if not code:
            return None
        group = self.groups.get(code)
        if group is None:
            self.add(
                where,
                "group",
                _("Chương trình không có nhóm đối tượng “%(code)s”.") % {"code": code},
            )
        return group

    # ------------------------------------------------------------ asset lines

    def line(
        self,
        row: int,
        cells: dict[str, Any],
        sheet: SheetRows,
        households: dict[str, CheckedHousehold],
    ) -> CheckedLine | None:
        where = _Where(sheet, 1, row)
        before = len(self.errors)
        key = self.cell(
            where, KEY, lambda: sheets.cell_text(cells.get(KEY.code), KEY, max_length=64)
        )
        household = households.get(key) if key else None
        where = _Where(sheet, 1, row, key or "")
        if key == "":
            self.add(where, KEY.code, _("Hãy ghi mã hộ trong tệp."))
        elif key is not None and household is None:
            self.add(
                where,
                KEY.code,
                _("Trang “%(sheet)s” không có hộ nào mang mã “%(key)s”.")
                % {"sheet": self.household_sheet_title, "key": key},
            )
        columns = {c.code: c for c in self.line_columns}
        category_column, quantity_column = columns["asset_category"], columns["quantity"]
        category = self.cell(
            where,
            category_column,
            lambda: sheets.cell_text(cells.get("asset_category"), category_column, max_length=64),
        )
        if category == "":
            self.add(where, "asset_category", _("Hãy ghi nhóm tài sản, thiệt hại."))
        quantity = self.cell(
            where,
            quantity_column,
            lambda: sheets.cell_number(cells.get("quantity"), quantity_column),
        )
        if quantity is None and cells.get("quantity") is None:
            self.add(where, "quantity", _("Hãy ghi số lượng."))
        attributes = self._attributes(where, cells)
        source = self._source(where, cells.get("source"))
        line: CheckedLine | None = None
        if len(self.errors) == before and category and quantity is not None:
            try:
                priced = pricing.price(
                    self.rates.get(category, []),
                    category=category,
                    quantity=quantity,
                    attributes=pricing.clean_all(attributes),
                )
            except ValidationFailed as error:
                self.add(where, self._column_of(error.field), str(error.message))
            else:
                line = CheckedLine(row, quantity, attributes, source or "", priced)
        if household is not None:
            if line is None:
                household.bad = True
            else:
                household.lines.append(line)
        return line

    def _attributes(self, where: _Where, cells: dict[str, Any]) -> dict[str, Any]:
        attributes: dict[str, Any] = {}
        for column in self.line_columns[len(sheets.LINE_BASE_COLUMNS) : -1]:
            raw = cells.get(column.code)
            if raw is None:
                continue
            try:
                if column.kind == "number":
                    number = sheets.cell_number(raw, column)
                    if number is not None:
                        attributes[column.code] = sheets.json_number(number)
                else:
                    text = sheets.cell_text(raw, column, max_length=64)
                    if text:
                        attributes[column.code] = text
            except ValidationFailed as error:
                self.add(where, column.code, str(error.message))
        return attributes

    def _source(self, where: _Where, raw: Any) -> str | None:
        text = self.cell(where, sheets.SOURCE, lambda: sheets.cell_text(raw, sheets.SOURCE))
        if not text:
            return AssetLine.Source.INVENTORY if text == "" else None
        source = sheets.SOURCE_ALIASES.get(fold(text))
        if source is None:
            self.add(
                where,
                "source",
                _("Nguồn phải là “declaration” (hộ kê khai) hoặc “inventory” (cán bộ kiểm đếm)."),
            )
        return source

    @staticmethod
    def _column_of(field_name: str | None) -> str:
        name = field_name or "asset_category"
        return name.removeprefix("attributes.") if name.startswith("attributes.") else name

    def sorted_errors(self) -> list[RowError]:
        return [error for *_keys, error in sorted(self.errors, key=lambda e: e[:3])]


def check_rows(
    *, actor: Any, program: CompensationProgram, data: ParsedFile
) -> tuple[list[RowError], list[CheckedHousehold]]:
    """Every error of the file, sheet by sheet and row by row, and the households read
    (each with its priced lines; `bad` when one of its rows has an error)."""
    checker = _Checker(actor=actor, program=program, data=data)
    households: dict[str, CheckedHousehold] = {}
    listed: list[CheckedHousehold] = []
    first_row: dict[str, int] = {}
    for row, cells in data.households.rows:
        household = checker.household(row, cells, data.households)
        listed.append(household)
        if not household.key:
            continue
        if household.key in first_row:
            checker.add(
                _Where(data.households, 0, row, household.key),
                KEY.code,
                _("Mã hộ “%(key)s” đã có ở dòng %(row)d.")
                % {"key": household.key, "row": first_row[household.key]},
            )
            households[household.key].bad = True
            household.bad = True
            continue
        first_row[household.key] = row
        households[household.key] = household
    for row, cells in data.lines.rows:
        checker.line(row, cells, data.lines, households)
    return checker.sorted_errors(), listed
