"""The households workbook of a programme (danvan.compensation.spreadsheets): the template to
fill in, and the export of the households a reader may see, which re-imports as it is.

Both open on a "Hướng dẫn" sheet: how to fill in each column, the programme's rate table,
the codes of its communes and groups; drop-down lists (Excel data validations) offer those
codes in the cells. The export adds computed columns the import ignores (status, amount,
explanation, totals) and a summary sheet. Written in streaming mode: memory stays flat
whatever the number of households."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils import timezone
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
from danvan.compensation.spreadsheets import Column
from danvan.organizations.scope import filter_in_scope
from danvan.places.models import AdminUnit
from danvan.places.selectors import unit_ids_within

MONEY = "#,##0"
HEADER_FILL = "E8EDF6"
REQUIRED_FILL = "FCE8C8"
COMPUTED_FILL = "EDEDED"
HOUSEHOLD_ORDER = ("admin_unit__code", "village", "head_full_name", "pk")


# ---------------------------------------------------------------- what is exported


def households_for_export(
    user: Any,
    program: CompensationProgram,
    *,
    admin_unit: str = "",
    village: str = "",
    status: str = "",
) -> QuerySet[Household]:
    """The programme's households the user may see, filtered, in the order of the file."""
    queryset = filter_in_scope(Household.objects.filter(program=program), user)
    if admin_unit:
        queryset = queryset.filter(admin_unit__code=admin_unit.strip())
    if village:
        queryset = queryset.filter(village__iexact=village.strip())
    if status in HouseholdStatus.values:
        queryset = queryset.filter(status=status)
    return queryset.order_by(*HOUSEHOLD_ORDER)


def _rows_of(households: QuerySet[Household]) -> QuerySet[Household]:
    return households.select_related("admin_unit", "group").annotate(
        lines_total=Sum("assets__amount")
    )


def _lines_of(households: QuerySet[Household]) -> QuerySet[Any]:
    return (
        AssetLine.objects.filter(household__in=households.values("pk"))
        .order_by(*(f"household__{name}" for name in HOUSEHOLD_ORDER), "pk")
        .values_list(
            "household__public_id",
            "asset_category",
            "quantity",
            "attributes",
            "source",
            "rate__code",
            "amount",
            "explanation",
        )
    )


# ---------------------------------------------------------------- writing cells


def _cell(sheet: Any, value: Any, *, bold: bool = False, fill: str = "", fmt: str = "") -> Any:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    cell = WriteOnlyCell(sheet, value=value)
    if bold:
        cell.font = Font(bold=True)
    if fill:
        cell.fill = PatternFill("solid", fgColor=fill)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    if fmt:
        cell.number_format = fmt
    return cell


def _money(sheet: Any, value: Decimal | None) -> Any:
    return _cell(sheet, value if value is not None else Decimal(0), fmt=MONEY)


def _number(value: Any) -> Any:
    """A Decimal as Excel shows it: 1 rather than 1.0000."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value.normalize()
    return value


def _header(sheet: Any, columns: list[Column]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.utils import get_column_letter

    cells = []
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.kind == "text" and not column.computed:
            sheet.column_dimensions[letter].number_format = "@"
        fill = COMPUTED_FILL if column.computed else REQUIRED_FILL if column.required else ""
        cell = _cell(sheet, column.header, bold=True, fill=fill or HEADER_FILL)
        note = str(column.help) if column.help else ""
        if column.computed:
            note = _("Tính tự động; không cần ghi khi nhập, hệ thống bỏ qua cột này.")
        if note:
            cell.comment = Comment(note, "Dân Vận", width=260, height=110)
        cells.append(cell)
    sheet.freeze_panes = "A2"
    sheet.append(cells)


def _list_validation(sheet: Any, column_index: int, formula: str, error: str) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    letter = get_column_letter(column_index)
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        error=error,
    )
    validation.add(f"{letter}2:{letter}{sheets.MAX_ROWS + 1}")
    sheet.data_validations.append(validation)


# ---------------------------------------------------------------- the guide sheet


def conditions_text(conditions: Mapping[str, Any]) -> str:
    """A rate's conditions in words: "có động cơ dưới 20 CV; tối đa 6 tháng"."""
    parts: list[str] = []
    if conditions.get("no_engine"):
        parts.append(_("tàu không động cơ (ghi công suất 0)"))
    low = conditions.get("engine_power_cv_min")
    high = conditions.get("engine_power_cv_max")
    if low and high is not None:
        parts.append(
            _("công suất máy từ %(low)s CV đến dưới %(high)s CV") % {"low": low, "high": high}
        )
    elif high is not None:
        parts.append(_("có động cơ dưới %(high)s CV") % {"high": high})
    elif low:
        parts.append(_("công suất máy từ %(low)s CV") % {"low": low})
    if conditions.get("max_months") is not None:
        parts.append(_("tối đa %(n)s tháng") % {"n": conditions["max_months"]})
    parts += [
        f"{key} = {value}"
        for key, value in sorted(conditions.items())
        if key not in pricing.SPECIAL_CONDITIONS
    ]
    return "; ".join(parts)


@dataclass
class _Lists:
    """Where the guide sheet lists the codes the drop-downs offer (first, last row)."""

    categories: tuple[int, int] | None = None
    units: tuple[int, int] | None = None
    groups: tuple[int, int] | None = None
    sources: tuple[int, int] | None = None


@dataclass
class _Guide:
    sheet: Any
    row: int = 0
    lists: _Lists = field(default_factory=_Lists)

    def line(self, *values: Any, bold: bool = False, fill: str = "") -> int:
        self.row += 1
        self.sheet.append([_cell(self.sheet, v, bold=bold, fill=fill) for v in values])
        return self.row

    def title(self, text: str) -> None:
        self.line()
        self.line(text, bold=True)

    def table(self, headers: list[str], rows: Iterable[list[Any]]) -> tuple[int, int] | None:
        self.line(*headers, bold=True, fill=HEADER_FILL)
        first = self.row + 1
        for row in rows:
            self.sheet.append(row)
            self.row += 1
        return (first, self.row) if self.row >= first else None


def _area_units(program: CompensationProgram) -> list[AdminUnit]:
    area = list(program.area.all())
    if not area:
        return []
    return list(
        AdminUnit.objects.current()
        .filter(pk__in=unit_ids_within(area), level=AdminUnit.Level.COMMUNE)
        .order_by("code")
    )


def _write_guide(
    guide: _Guide,
    program: CompensationProgram,
    rates: list[Rate],
    groups: list[EligibleGroup],
    line_columns: list[Column],
) -> None:
    sheet = guide.sheet
    for letter, width in zip("ABCDEF", (24, 30, 42, 14, 16, 48), strict=True):
        sheet.column_dimensions[letter].width = width
    guide.line(_("MẪU DANH SÁCH HỘ VÀ KIỂM ĐẾM TÀI SẢN, THIỆT HẠI"), bold=True)
    guide.line(program.name, bold=True)
    guide.line(_("Mã chương trình: %(code)s") % {"code": program.code})
    guide.title(_("Cách ghi"))
    for text in (
        _("1. Trang “Hộ”: mỗi hộ một dòng, với một mã hộ do cơ quan tự đặt (cột đầu tiên)."),
        _("2. Trang “Kiểm đếm”: mỗi tài sản, thiệt hại một dòng, ghi mã hộ của trang “Hộ”."),
        _("3. Cột nền cam là bắt buộc. Số thập phân ghi dấu phẩy (152,5) hoặc dạng số của Excel."),
        _("4. Giữ nguyên dòng tiêu đề: hệ thống nhận cột theo mã trong ngoặc vuông [ ]."),
        _(
            "5. Khi nhập, có thể chọn: không lưu gì nếu tệp còn lỗi, hoặc chỉ lưu những hộ không "
            "có lỗi. Một hộ luôn được lưu trọn vẹn cùng các dòng kiểm đếm, hoặc không lưu."
        ),
        _(
            "6. Hộ có dòng kiểm đếm được ghi là “Đã kê khai” (ngày kê khai là ngày nhập); hộ chưa "
            "có dòng nào là “Chưa kê khai”. Việc kiểm đếm, xác nhận... ghi tiếp trên hệ thống."
        ),
        _("7. Thành tiền do hệ thống tính theo bảng đơn giá dưới đây; không cần ghi."),
    ):
        guide.line(text)
    for title, columns in (
        (_("Hộ"), sheets.HOUSEHOLD_COLUMNS),
        (_("Kiểm đếm"), line_columns),
    ):
        guide.title(_("Các cột của trang “%(sheet)s”") % {"sheet": title})
        guide.table(
            [_("Cột"), _("Bắt buộc"), _("Cách ghi")],
            ([c.header, _("có") if c.required else "", str(c.help)] for c in columns),
        )
    guide.title(_("Bảng đơn giá"))
    guide.table(
        [
            _("Mã đơn giá"),
            _("Nhóm tài sản"),
            _("Mô tả"),
            _("Đơn vị tính"),
            _("Đơn giá (đồng)"),
            _("Điều kiện áp dụng"),
        ],
        (
            [
                r.code,
                r.asset_category,
                r.description,
                r.unit,
                _money(sheet, r.amount),
                conditions_text(r.conditions or {}),
            ]
            for r in rates
        ),
    )
    categories: dict[str, list[str]] = {}
    for rate in rates:
        categories.setdefault(rate.asset_category, []).append(rate.description or rate.code)
    guide.title(_("Nhóm tài sản (cột “Nhóm tài sản” của trang “Kiểm đếm”)"))
    guide.lists.categories = guide.table(
        [_("Mã nhóm tài sản"), _("Các mức đơn giá")],
        ([code, "; ".join(names)] for code, names in categories.items()),
    )
    units = _area_units(program)
    guide.title(_("Xã, phường thuộc địa bàn chương trình (cột “Mã xã, phường”)"))
    if units:
        guide.lists.units = guide.table(
            [_("Mã"), _("Tên")], ([unit.code, unit.name] for unit in units)
        )
    else:
        guide.line(_("Chương trình không giới hạn địa bàn: ghi mã xã, phường hiện nay."))
    guide.title(_("Nhóm đối tượng (cột “Nhóm đối tượng”, có thể để trống)"))
    guide.lists.groups = guide.table(
        [_("Mã nhóm"), _("Tên nhóm")], ([group.code, group.name] for group in groups)
    )
    guide.title(_("Nguồn (cột “Nguồn” của trang “Kiểm đếm”)"))
    guide.lists.sources = guide.table(
        [_("Mã"), _("Ý nghĩa")],
        [
            [AssetLine.Source.DECLARATION.value, str(AssetLine.Source.DECLARATION.label)],
            [AssetLine.Source.INVENTORY.value, str(AssetLine.Source.INVENTORY.label)],
        ],
    )


def _validations(guide: _Guide, households: Any, lines: Any, line_columns: list[Column]) -> None:
    def ref(span: tuple[int, int] | None) -> str | None:
        if span is None:
            return None
        return f"'{guide.sheet.title}'!$A${span[0]}:$A${span[1]}"

    household_positions = {c.code: i for i, c in enumerate(sheets.HOUSEHOLD_COLUMNS, start=1)}
    line_positions = {c.code: i for i, c in enumerate(line_columns, start=1)}
    lists = guide.lists
    for sheet, position, span in (
        (households, household_positions["admin_unit"], lists.units),
        (households, household_positions["group"], lists.groups),
        (lines, line_positions["asset_category"], lists.categories),
        (lines, line_positions["source"], lists.sources),
    ):
        formula = ref(span)
        if formula:
            message = _("Giá trị không có trong danh sách ở trang “%(sheet)s”.")
            _list_validation(sheet, position, formula, message % {"sheet": guide.sheet.title})
    keys = f"'{households.title}'!$A$2:$A${sheets.MAX_ROWS + 1}"
    message = _("Mã hộ chưa có ở trang “%(sheet)s”.") % {"sheet": households.title}
    _list_validation(lines, line_positions["household_key"], keys, message)


# ---------------------------------------------------------------- the workbook


@dataclass
class _Totals:
    households: int = 0
    lines: int = 0
    amount: Decimal = Decimal(0)
    by_status: dict[str, tuple[int, Decimal]] = field(default_factory=dict)


def _household_row(sheet: Any, household: Any, totals: _Totals) -> list[Any]:
    total = household.approved_total
    if total is None:
        total = Decimal(household.lines_total or 0)
    totals.households += 1
    totals.amount += total
    count, amount = totals.by_status.get(household.status, (0, Decimal(0)))
    totals.by_status[household.status] = (count + 1, amount + total)
    return [
        household.public_id,
        household.head_full_name,
        household.id_number,
        household.admin_unit.code,
        household.village,
        household.address,
        household.members_count,
        household.group.code if household.group else "",
        household.status_note,
        household.get_status_display(),
        _money(sheet, total),
    ]


def _line_row(sheet: Any, line: tuple[Any, ...], attributes: list[Column]) -> list[Any]:
    key, category, quantity, values, source, rate, amount, explanation = line
    values = values if isinstance(values, dict) else {}
    return [
        key,
        category,
        _number(quantity),
        *(values.get(column.code, None) for column in attributes),
        source,
        rate,
        _money(sheet, amount),
        explanation,
    ]


def _write_summary(
    sheet: Any, program: CompensationProgram, totals: _Totals, filters: Mapping[str, str]
) -> None:
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 44
    sheet.column_dimensions["C"].width = 20
    described = ", ".join(f"{name} = {value}" for name, value in filters.items() if value)
    rows: list[list[Any]] = [
        [_cell(sheet, _("Chương trình"), bold=True), program.name],
        [_cell(sheet, _("Ngày xuất"), bold=True), timezone.localdate().strftime("%d/%m/%Y")],
        [_cell(sheet, _("Bộ lọc"), bold=True), described or _("Không")],
        [_cell(sheet, _("Số hộ"), bold=True), totals.households],
        [_cell(sheet, _("Số dòng kiểm đếm"), bold=True), totals.lines],
        [_cell(sheet, _("Tổng số tiền (đồng)"), bold=True), _money(sheet, totals.amount)],
        [],
        [
            _cell(sheet, _("Trạng thái"), bold=True, fill=HEADER_FILL),
            _cell(sheet, _("Số hộ"), bold=True, fill=HEADER_FILL),
            _cell(sheet, _("Số tiền (đồng)"), bold=True, fill=HEADER_FILL),
        ],
    ]
    for status in HouseholdStatus:
        if status.value in totals.by_status:
            count, amount = totals.by_status[status.value]
            rows.append([str(status.label), count, _money(sheet, amount)])
    for row in rows:
        sheet.append(row)


def households_xlsx(
    program: CompensationProgram,
    households: QuerySet[Household] | None = None,
    *,
    filters: Mapping[str, str] | None = None,
) -> bytes:
    """The template (`households` None) or the export of these households and their lines."""
    from openpyxl import Workbook

    rates = list(program.rates.order_by("asset_category", "code"))
    groups = list(EligibleGroup.objects.filter(program=program))
    line_columns = sheets.line_columns(rates)
    attributes = line_columns[len(sheets.LINE_BASE_COLUMNS) : -1]
    workbook = Workbook(write_only=True)
    guide = _Guide(workbook.create_sheet(_("Hướng dẫn")))
    household_sheet = workbook.create_sheet(_("Hộ"))
    line_sheet = workbook.create_sheet(_("Kiểm đếm"))
    exporting = households is not None
    _write_guide(guide, program, rates, groups, line_columns)
    _header(
        household_sheet,
        [*sheets.HOUSEHOLD_COLUMNS, *(sheets.HOUSEHOLD_COMPUTED if exporting else [])],
    )
    _header(line_sheet, [*line_columns, *(sheets.LINE_COMPUTED if exporting else [])])
    _validations(guide, household_sheet, line_sheet, line_columns)
    if households is not None:
        totals = _Totals()
        for household in _rows_of(households).iterator(chunk_size=2000):
            household_sheet.append(_household_row(household_sheet, household, totals))
        for line in _lines_of(households).iterator(chunk_size=2000):
            totals.lines += 1
            line_sheet.append(_line_row(line_sheet, line, attributes))
        _write_summary(workbook.create_sheet(_("Tổng hợp")), program, totals, filters or {})
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(program: CompensationProgram, *, template: bool = False) -> str:
    day: dt.date = timezone.localdate()
    if template:
        return f"mau-ho-{program.code}.xlsx"
    return f"ho-{program.code}-{day:%Y%m%d}.xlsx"
