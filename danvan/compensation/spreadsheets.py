"""The workbook format of a programme's households and their asset lines, and reading it.

A workbook has a households sheet (one row per household, keyed by a "household key" the
office chooses) and an asset-lines sheet (one row per line, naming its household by that key).
Each header reads "Vietnamese label [code]": sheets and columns are recognised by the code in
brackets, so a translated or reordered header still reads; columns with an unknown code are
ignored, and so are the computed columns an export adds (status, amounts, explanation).

Cells are read as Excel stores them or as typed text: "18" and 18 are the same number, and a
Vietnamese decimal comma ("152,5", "1.234,5") is understood. `imports` validates and saves;
`exports` writes the template and the export in this format."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.compensation import rates as pricing
from danvan.compensation.models import Rate
from danvan.core.errors import ValidationFailed

MAX_ROWS = 60_000  # data rows per sheet
MAX_FILE_BYTES = 30 * 1024 * 1024
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMERIC_ATTRIBUTES = ("engine_power_cv", "months", "length_m", "house_grade")
SOURCE_ALIASES = {
    "declaration": "declaration",
    "ke khai": "declaration",
    "ho ke khai": "declaration",
    "inventory": "inventory",
    "kiem dem": "inventory",
    "can bo kiem dem": "inventory",
}
_CODE_IN_HEADER = re.compile(r"\[\s*([A-Za-z][A-Za-z0-9_]*)\s*\]\s*$")
_VN_THOUSANDS_COMMA = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+,\d+$")
_VN_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(\.\d{3}){2,}$")
_AMBIGUOUS_DOT = re.compile(r"^[-+]?\d{1,3}\.\d{3}$")
_PLAIN = re.compile(r"^[-+]?\d+([.,]\d+)?$")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


@dataclass(frozen=True)
class Column:
    code: str
    label: str | Promise
    width: float = 14
    required: bool = False
    kind: str = "text"  # text, number, integer
    help: str | Promise = ""
    computed: bool = False  # written by the export, ignored by the import

    @property
    def header(self) -> str:
        return f"{self.label} [{self.code}]"


KEY = Column(
    "household_key",
    gettext_lazy("Mã hộ trong tệp"),
    16,
    required=True,
    help=gettext_lazy(
        "Mã do cơ quan tự đặt (ví dụ HS-001), mỗi hộ một mã; trang “Kiểm đếm” dùng mã này "
        "để ghi tài sản của hộ. Mã chỉ có nghĩa trong tệp."
    ),
)
HOUSEHOLD_COLUMNS = [
    KEY,
    Column("head_full_name", gettext_lazy("Chủ hộ"), 26, required=True),
    Column(
        "id_number",
        gettext_lazy("Số định danh"),
        16,
        help=gettext_lazy("12 chữ số (CMND cũ: 9 chữ số). Để ô ở dạng văn bản để giữ số 0 đầu."),
    ),
    Column(
        "admin_unit",
        gettext_lazy("Mã xã, phường"),
        12,
        required=True,
        help=gettext_lazy("Mã xã, phường nơi hộ cư trú (danh sách ở trang “Hướng dẫn”)."),
    ),
    Column("village", gettext_lazy("Thôn, tổ dân phố"), 20),
    Column("address", gettext_lazy("Địa chỉ"), 28),
    Column(
        "members",
        gettext_lazy("Số nhân khẩu"),
        10,
        kind="integer",
        help=gettext_lazy("Số người trong hộ (số nguyên, từ 0 đến 200)."),
    ),
    Column(
        "group",
        gettext_lazy("Nhóm đối tượng"),
        16,
        help=gettext_lazy("Mã nhóm đối tượng (danh sách ở trang “Hướng dẫn”); có thể để trống."),
    ),
    Column(
        "note",
        gettext_lazy("Ghi chú"),
        28,
        help=gettext_lazy("Ghi vào phần ghi chú trạng thái của hồ sơ hộ."),
    ),
]
HOUSEHOLD_COMPUTED = [
    Column("status", gettext_lazy("Trạng thái"), 18, computed=True),
    Column("amount_total", gettext_lazy("Tổng tiền (đồng)"), 16, kind="number", computed=True),
]
LINE_BASE_COLUMNS = [
    KEY,
    Column(
        "asset_category",
        gettext_lazy("Nhóm tài sản"),
        22,
        required=True,
        help=gettext_lazy("Mã nhóm tài sản, thiệt hại trong bảng đơn giá (trang “Hướng dẫn”)."),
    ),
    Column(
        "quantity",
        gettext_lazy("Số lượng"),
        10,
        required=True,
        kind="number",
        help=gettext_lazy(
            "Theo đơn vị tính của đơn giá (số người, ha, m²...); tối đa 4 chữ số thập phân."
        ),
    ),
]
ATTRIBUTE_COLUMNS = [
    Column(
        "engine_power_cv",
        gettext_lazy("Công suất máy (CV)"),
        12,
        kind="number",
        help=gettext_lazy("Tàu không động cơ ghi 0."),
    ),
    Column(
        "months",
        gettext_lazy("Số tháng"),
        9,
        kind="number",
        help=gettext_lazy(
            "Với đơn giá theo tháng. Để trống: số tháng tối đa của đơn giá (nếu có)."
        ),
    ),
    Column("length_m", gettext_lazy("Chiều dài (m)"), 10, kind="number"),
    Column("registration_number", gettext_lazy("Số đăng ký tàu"), 14),
    Column("map_sheet", gettext_lazy("Tờ bản đồ số"), 10),
    Column("parcel_number", gettext_lazy("Thửa đất số"), 10),
    Column("land_class", gettext_lazy("Loại đất"), 9),
    Column("house_grade", gettext_lazy("Cấp nhà"), 8, kind="number"),
    Column("species", gettext_lazy("Loài cây, con"), 14),
]
SOURCE = Column(
    "source",
    gettext_lazy("Nguồn"),
    12,
    help=gettext_lazy(
        "declaration: hộ kê khai; inventory: cán bộ kiểm đếm. Để trống: cán bộ kiểm đếm."
    ),
)
LINE_COMPUTED = [
    Column("rate", gettext_lazy("Mã đơn giá"), 20, computed=True),
    Column("amount", gettext_lazy("Thành tiền (đồng)"), 16, kind="number", computed=True),
    Column("explanation", gettext_lazy("Diễn giải"), 48, computed=True),
]


def line_columns(rates: Iterable[Rate]) -> list[Column]:
    """The asset-line columns: the standard attributes, then any other attribute a rate of
    the programme is conditioned on (so that rate can be chosen), then the source."""
    known = {column.code for column in ATTRIBUTE_COLUMNS}
    extra = sorted(
        {
            key
            for rate in rates
            for key in (rate.conditions or {})
            if key not in pricing.SPECIAL_CONDITIONS and key not in known
        }
    )
    extra_columns = [
        Column(key, key, 12, kind="text" if key in pricing.TEXT_ATTRIBUTES else "number")
        for key in extra
        if _CODE_IN_HEADER.match(f"[{key}]")
    ]
    return [*LINE_BASE_COLUMNS, *ATTRIBUTE_COLUMNS, *extra_columns, SOURCE]


# ---------------------------------------------------------------- cells


def _error(column: Column, message: str, code: str = "invalid") -> ValidationFailed:
    return ValidationFailed(message, code=code, field=column.code)


def cell_text(value: Any, column: Column, *, max_length: int = 255) -> str:
    """A text cell (a number typed in it reads as its digits); "" when blank."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise _error(column, _("Ô này phải ghi chữ hoặc số, không phải TRUE/FALSE."))
    if isinstance(value, dt.date | dt.time):
        raise _error(
            column,
            _("Excel đã đổi ô này thành ngày giờ; hãy định dạng cột là văn bản (Text)."),
        )
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else str(value)
    else:
        text = _SPACES.sub(" ", str(value)).strip()
    if not pricing.is_storable_text(text):
        raise _error(column, _("Ô có ký tự không hợp lệ."))
    if len(text) > max_length:
        raise _error(column, _("Tối đa %(max)s ký tự.") % {"max": max_length}, code="too_long")
    return text


def parse_number_text(text: str, column: Column) -> Decimal:
    """A number typed as text: "18", "152,5", "1.234,5", "1.234.567", "0.5"."""
    compact = _SPACES.sub("", text)
    if _VN_THOUSANDS_COMMA.match(compact):
        compact = compact.replace(".", "").replace(",", ".")
    elif _VN_THOUSANDS.match(compact):
        compact = compact.replace(".", "")
    elif _AMBIGUOUS_DOT.match(compact):
        raise _error(
            column,
            _(
                "“%(text)s” không rõ là số thập phân hay hàng nghìn: ghi “%(whole)s” nếu là "
                "số nguyên, hoặc dùng dấu phẩy cho phần thập phân."
            )
            % {"text": text, "whole": compact.replace(".", "")},
            code="ambiguous_number",
        )
    elif _PLAIN.match(compact):
        compact = compact.replace(",", ".")
    else:
        raise _error(
            column, _("“%(field)s” phải là một số.") % {"field": column.label}, "not_a_number"
        )
    try:
        return Decimal(compact)
    except InvalidOperation as error:  # pragma: no cover - the patterns admit digits only
        raise _error(
            column, _("“%(field)s” phải là một số.") % {"field": column.label}, "not_a_number"
        ) from error


def cell_number(value: Any, column: Column, *, places: int = 4) -> Decimal | None:
    """A number cell (or a number typed as text), checked like the API's numbers: finite,
    not negative, not too large, at most `places` decimals. None when blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.date | dt.time):
        raise _error(
            column,
            _("Excel đã đổi ô này thành ngày giờ; hãy định dạng cột là số (Number)."),
        )
    if isinstance(value, str):
        value = parse_number_text(value.strip(), column)
    elif isinstance(value, float) and math.isfinite(value):
        value = Decimal(repr(value))
    try:
        number = pricing.to_decimal(value, field=column.code)
    except ValidationFailed:
        # Again, for the message naming the column as the reader sees it.
        try:
            pricing.to_decimal(value, field=str(column.label))
        except ValidationFailed as error:
            raise _error(column, str(error.message), error.code) from error
        raise  # pragma: no cover - the same value fails the same way
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise _error(
            column,
            _("“%(field)s” có tối đa %(places)s chữ số thập phân.")
            % {"field": column.label, "places": places},
        )
    return number


def json_number(number: Decimal) -> int | float:
    """How an attribute is stored in the JSON of a line (as the API stores it)."""
    return int(number) if number == number.to_integral_value() else float(number)


# ---------------------------------------------------------------- reading a workbook


@dataclass
class SheetRows:
    title: str
    headers: dict[str, str]  # column code → the header as written in the file
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (Excel row, cells)

    def header(self, column: Column) -> str:
        return self.headers.get(column.code, column.header)


@dataclass
class ParsedFile:
    households: SheetRows
    lines: SheetRows


def header_code(value: Any) -> str:
    match = _CODE_IN_HEADER.search(str(value or "").strip())
    return match.group(1) if match else ""


def _headers(row: tuple[Any, ...]) -> dict[int, tuple[str, str]]:
    """Column index → (code, header text), for the headers carrying a code; first wins."""
    found: dict[int, tuple[str, str]] = {}
    seen: set[str] = set()
    for index, value in enumerate(row):
        code = header_code(value)
        if code and code not in seen:
            seen.add(code)
            found[index] = (code, str(value).strip())
    return found


def _read_sheet(sheet: Any, columns: dict[int, tuple[str, str]]) -> SheetRows:
    result = SheetRows(title=sheet.title, headers=dict(columns.values()))
    width = max(columns) + 1
    count = 0
    for number, row in enumerate(
        sheet.iter_rows(min_row=2, max_col=width, values_only=True), start=2
    ):
        cells: dict[str, Any] = {}
        for index, (code, _text) in columns.items():
            value = row[index] if index < len(row) else None
            if value is not None and not (isinstance(value, str) and not value.strip()):
                cells[code] = value
        if not cells:
            continue
        count += 1
        if count > MAX_ROWS:
            raise ValidationFailed(
                _(
                    "Trang “%(sheet)s” có quá nhiều dòng (tối đa %(max)s dòng dữ liệu); hãy "
                    "chia thành nhiều tệp."
                )
                % {"sheet": sheet.title, "max": pricing.vn_number(Decimal(MAX_ROWS))},
                code="too_many_rows",
                field="file",
            )
        result.rows.append((number, cells))
    return result


def _missing(sheet: SheetRows, columns: list[Column]) -> list[str]:
    return [c.header for c in columns if c.required and c.code not in sheet.headers]


def read_workbook(content: bytes) -> ParsedFile:
    """The households and asset-line rows of an .xlsx file; ValidationFailed (a Vietnamese
    message naming the sheet) for a file that is not one, or lacks a sheet or a column."""
    from openpyxl import load_workbook

    if len(content) > MAX_FILE_BYTES:
        raise ValidationFailed(
            _("Tệp quá lớn (tối đa %(mb)d MB).") % {"mb": MAX_FILE_BYTES // (1024 * 1024)},
            code="too_large",
            field="file",
        )
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # a zip that is no workbook raises many kinds of errors
        raise ValidationFailed(
            _("Tệp không phải là tệp Excel (.xlsx) hợp lệ. Hãy dùng tệp mẫu tải về từ hệ thống."),
            code="not_xlsx",
            field="file",
        ) from error
    try:
        households: SheetRows | None = None
        lines: SheetRows | None = None
        for sheet in workbook.worksheets:
            first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
            columns = _headers(tuple(first))
            codes = {code for code, _text in columns.values()}
            if households is None and "head_full_name" in codes:
                households = _read_sheet(sheet, columns)
            elif lines is None and "asset_category" in codes:
                lines = _read_sheet(sheet, columns)
    finally:
        workbook.close()
    if households is None:
        raise ValidationFailed(
            _(
                "Không tìm thấy trang danh sách hộ (có cột “%(head)s” ở dòng đầu). Hãy dùng tệp "
                "mẫu tải về từ hệ thống."
            )
            % {"head": HOUSEHOLD_COLUMNS[1].header},
            code="no_households_sheet",
            field="file",
        )
    lines = lines or SheetRows(title=str(_("Kiểm đếm")), headers={})
    problems = [
        _("Trang “%(sheet)s” thiếu cột %(columns)s.")
        % {"sheet": sheet.title, "columns": ", ".join(f"“{name}”" for name in missing)}
        for sheet, missing in (
            (households, _missing(households, HOUSEHOLD_COLUMNS)),
            (lines, _missing(lines, LINE_BASE_COLUMNS) if lines.rows else []),
        )
        if missing
    ]
    if problems:
        raise ValidationFailed(" ".join(problems), code="missing_columns", field="file")
    if not households.rows:
        raise ValidationFailed(
            _("Trang “%(sheet)s” chưa có hộ nào.") % {"sheet": households.title},
            code="empty",
            field="file",
        )
    return ParsedFile(households=households, lines=lines)
