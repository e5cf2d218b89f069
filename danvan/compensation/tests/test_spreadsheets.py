"""The households workbook: the template, the export read back, the import's validation
and atomicity (strict and valid_only), the command and the web pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from danvan.audit.models import AuditEvent
from danvan.compensation import exports, imports, services, spreadsheets
from danvan.compensation.models import (
    AssetLine,
    CompensationProgram,
    EligibleGroup,
    Household,
    Rate,
)
from danvan.core.errors import InvalidTransition, ValidationFailed
from danvan.places.models import AdminUnit

pytestmark = pytest.mark.django_db
COASTAL = ("18832", "18823", "18781")  # Hoành Sơn, Vũng Áng, Hải Ninh
SONG_TRI = "18754"
HOUSEHOLDS: list[dict[str, Any]] = [
    {
        "household_key": "HS-1",
        "head_full_name": "Nguyễn Văn An",
        "id_number": "042123456789",
        "admin_unit": "18832",
        "village": "Thôn Hải Phong",
        "address": "Số 5",
        "members": 5,
        "group": "fishing",
        "note": "Chủ tàu",
    },
    {
        "household_key": "HS-2",
        "head_full_name": "Trần Thị Hoa",
        "admin_unit": 18823,
        "members": "4",
    },
    {"household_key": "HS-3", "head_full_name": "Lê Văn Nam", "admin_unit": "18781"},
]
LINES: list[dict[str, Any]] = [
    {
        "household_key": "HS-1",
        "asset_category": "fishing_vessel_owner",
        "quantity": 1,
        "engine_power_cv": 18,
        "months": 6,
        "registration_number": "HT-90123-TS",
        "source": "inventory",
    },
    {
        "household_key": "HS-1",
        "asset_category": "fishing_vessel_worker",
        "quantity": "3",
        "engine_power_cv": "18",
        "months": 6,
    },
    {
        "household_key": "HS-2",
        "asset_category": "salt_production",
        "quantity": "0,5",
        "months": "6",
        "length_m": "152,5",
        "source": "kê khai",
    },
]
OWNER, WORKERS, SALT = Decimal("64020000"), Decimal("107280000"), Decimal("118110000")


@pytest.fixture
def program(marine: CompensationProgram) -> CompensationProgram:
    marine.area.set([AdminUnit.objects.get(code=c, valid_to__isnull=True) for c in COASTAL])
    return marine


def header_codes(sheet: Any) -> dict[str, int]:
    return {
        spreadsheets.header_code(cell.value): cell.column
        for cell in sheet[1]
        if spreadsheets.header_code(cell.value)
    }


def workbook(
    program: CompensationProgram,
    households: list[dict[str, Any]] = HOUSEHOLDS,
    lines: list[dict[str, Any]] = LINES,
) -> bytes:
    """The programme's template, filled in."""
    book = load_workbook(BytesIO(exports.households_xlsx(program)))
    for sheet, rows in ((book["Hộ"], households), (book["Kiểm đếm"], lines)):
        columns = header_codes(sheet)
        for number, row in enumerate(rows, start=2):
            for code, value in row.items():
                sheet.cell(number, columns[code], value)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(program: CompensationProgram, content: bytes, **kwargs: Any) -> imports.ImportResult:
    return imports.households_import_file(
        actor=kwargs.pop("actor", None),
        program=program,
        content=content,
        file_name="ds.xlsx",
        **kwargs,
    )


def counts() -> tuple[int, int, int]:
    return Household.objects.count(), AssetLine.objects.count(), AuditEvent.objects.count()


def read(content: bytes) -> Any:
    return load_workbook(BytesIO(content))


def records(sheet: Any) -> list[dict[str, Any]]:
    columns = header_codes(sheet)
    return [
        {code: row[index - 1] for code, index in columns.items()}
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if any(value is not None for value in row)
    ]


# ---------------------------------------------------------------- template and export


def test_template_opens_lists_rates_units_and_validations(program):
    book = read(exports.households_xlsx(program))
    assert book.sheetnames == ["Hướng dẫn", "Hộ", "Kiểm đếm"]
    guide = book["Hướng dẫn"]
    rows = list(guide.iter_rows(values_only=True))
    rate = next(row for row in rows if row[0] == "vessel-owner-under-20cv")
    assert rate[1:4] == ("fishing_vessel_owner", "Chủ tàu có động cơ dưới 20 CV", "tháng")
    assert rate[4] == 10_670_000
    assert "dưới 20 CV" in rate[5]
    assert "tối đa 6 tháng" in rate[5]
    listed = {row[0] for row in rows}
    assert set(COASTAL) <= listed
    assert SONG_TRI not in listed
    assert {"fishing", "salt_production", "declaration", "inventory"} <= listed
    households = book["Hộ"]
    assert households["A1"].value == "Mã hộ trong tệp [household_key]"
    assert households["B1"].value == "Chủ hộ [head_full_name]"
    assert households["A1"].comment is not None
    formulas = {dv.formula1 for dv in households.data_validations.dataValidation}
    assert any(f.startswith("'Hướng dẫn'!$A$") for f in formulas)
    lines = book["Kiểm đếm"]
    assert list(header_codes(lines))[:4] == [
        "household_key",
        "asset_category",
        "quantity",
        "engine_power_cv",
    ]
    assert "amount" not in header_codes(lines)
    assert any("'Hộ'!$A$2" in dv.formula1 for dv in lines.data_validations.dataValidation)


def test_import_prices_lines_in_decimal_and_sets_status(program):
    result = run(program, workbook(program))
    assert result.ok, result.errors
    assert (result.households_created, result.lines_created) == (3, 3)
    assert result.total_amount == OWNER + WORKERS + SALT
    one = Household.objects.get(head_full_name="Nguyễn Văn An")
    assert one.status == "declared"
    assert one.declared_on == timezone.localdate()
    assert one.id_number == "042123456789"
    assert one.group is not None
    assert one.group.code == "fishing"
    assert one.members == 5
    assert one.status_note == "Chủ tàu"
    assert one.organization_id == program.organization_id
    amounts = sorted(line.amount for line in AssetLine.objects.all())
    assert amounts == sorted([OWNER, WORKERS, SALT])
    assert all(isinstance(a, Decimal) for a in amounts)
    salt = AssetLine.objects.get(asset_category="salt_production")
    assert salt.quantity == Decimal("0.5")
    assert salt.attributes == {"months": 6, "length_m": 152.5}
    assert salt.source == "declaration"
    assert "39.370.000 đ/ha·tháng × 0,5 ha × 6 tháng = 118.110.000 đ" in salt.explanation
    owner = AssetLine.objects.get(asset_category="fishing_vessel_owner")
    assert owner.rate.code == "vessel-owner-under-20cv"
    assert owner.attributes["registration_number"] == "HT-90123-TS"
    assert owner.source == "inventory"
    assert services.amount_total(one) == OWNER + WORKERS
    assert Household.objects.get(head_full_name="Lê Văn Nam").status == "not_declared"
    assert Household.objects.get(head_full_name="Trần Thị Hoa").members == 4


def test_import_audits_each_household_and_the_file(program):
    before = AuditEvent.objects.count()
    result = run(program, workbook(program))
    assert AuditEvent.objects.count() == before + 4
    event = AuditEvent.objects.get(action="compensation.households_import")
    assert event.target_id == str(program.pk)
    assert event.source == "system"
    summary = event.changes["import"]["after"]
    assert summary["households"] == 3
    assert summary["lines"] == 3
    assert summary["sha256"] == result.sha256
    assert len(result.sha256) == 64
    assert summary["file_name"] == "ds.xlsx"
    household = Household.objects.get(head_full_name="Nguyễn Văn An")
    own = AuditEvent.objects.get(
        action="compensation.household_import", target_id=str(household.pk)
    )
    assert own.changes["head_full_name"]["after"] == "Nguyễn Văn An"
    assert [line["amount"] for line in own.changes["assets"]["after"]] == [
        "64020000",
        "107280000",
    ]
    assert "dòng 2" in own.note


def test_export_reads_back_with_numbers_and_vietnamese_headers(program, client, persona):
    run(program, workbook(program))
    client.force_login(persona("hoanhson.canbo"))
    response = client.get(reverse("compensation:household_export", args=[program.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == spreadsheets.XLSX_CONTENT_TYPE
    assert f"ho-{program.code}-" in response["Content-Disposition"]
    book = read(response.content)
    assert book.sheetnames == ["Hướng dẫn", "Hộ", "Kiểm đếm", "Tổng hợp"]
    households = book["Hộ"]
    assert households.cell(1, 10).value == "Trạng thái [status]"
    assert households.cell(1, 11).value == "Tổng tiền (đồng) [amount_total]"
    rows = {row["head_full_name"]: row for row in records(households)}
    assert rows["Nguyễn Văn An"]["amount_total"] == OWNER + WORKERS
    assert isinstance(rows["Nguyễn Văn An"]["amount_total"], int)
    assert rows["Nguyễn Văn An"]["status"] == "Đã kê khai"
    assert rows["Nguyễn Văn An"]["admin_unit"] == "18832"
    assert rows["Nguyễn Văn An"]["id_number"] == "042123456789"
    assert rows["Lê Văn Nam"]["amount_total"] == 0
    lines = records(book["Kiểm đếm"])
    salt = next(line for line in lines if line["asset_category"] == "salt_production")
    assert salt["quantity"] == 0.5
    assert salt["amount"] == SALT
    assert salt["rate"] == "salt-production"
    assert salt["length_m"] == 152.5
    assert "118.110.000 đ" in salt["explanation"]
    assert salt["household_key"] == rows["Trần Thị Hoa"]["household_key"]
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(values_only=True) if row}
    assert summary["Số hộ"] == 3
    assert summary["Số dòng kiểm đếm"] == 3
    assert summary["Tổng số tiền (đồng)"] == OWNER + WORKERS + SALT


def _copy(program: CompensationProgram) -> CompensationProgram:
    copy = CompensationProgram.objects.create(
        code="marine-copy",
        name="Bản sao",
        kind=program.kind,
        status=CompensationProgram.Status.ACTIVE,
        organization=program.organization,
    )
    copy.area.set(program.area.all())
    for rate in program.rates.all():
        Rate.objects.create(
            program=copy,
            code=rate.code,
            asset_category=rate.asset_category,
            unit=rate.unit,
            amount=rate.amount,
            conditions=rate.conditions,
            description=rate.description,
        )
    for group in program.groups.all():
        EligibleGroup.objects.create(program=copy, code=group.code, name=group.name)
    return copy


def test_export_reimports_into_an_empty_programme(program, persona):
    run(program, workbook(program))
    exported = exports.households_xlsx(
        program, exports.households_for_export(persona("hoanhson.canbo"), program)
    )
    copy = _copy(program)
    result = run(copy, exported)
    assert result.ok, result.errors
    assert (result.households_created, result.lines_created) == (3, 3)

    def shape(p: CompensationProgram) -> list[tuple[Any, ...]]:
        return sorted(
            (
                h.head_full_name,
                h.id_number,
                h.admin_unit.code,
                h.village,
                h.members,
                h.group.code if h.group else "",
                h.status,
                tuple(
                    sorted(
                        (a.asset_category, a.quantity, str(a.attributes), a.amount, a.source)
                        for a in h.assets.all()
                    )
                ),
            )
            for h in Household.objects.filter(program=p).select_related("admin_unit", "group")
        )

    assert shape(copy) == shape(program)


def test_export_only_the_readers_households_and_filters(program, client, persona):
    run(program, workbook(program))
    client.force_login(persona("hoanhson.canbo"))
    url = reverse("compensation:household_export", args=[program.code])
    book = read(client.get(url, {"admin_unit": "18823"}).content)
    assert [r["head_full_name"] for r in records(book["Hộ"])] == ["Trần Thị Hoa"]
    assert len(records(book["Kiểm đếm"])) == 1
    book = read(client.get(url, {"status": "not_declared"}).content)
    assert [r["head_full_name"] for r in records(book["Hộ"])] == ["Lê Văn Nam"]
    assert records(book["Kiểm đếm"]) == []
    book = read(client.get(url, {"status": "bogus", "village": "thôn hải phong"}).content)
    assert [r["head_full_name"] for r in records(book["Hộ"])] == ["Nguyễn Văn An"]


def test_songtri_officer_does_not_see_hoanhson_households(program, marine, client, persona):
    run(program, workbook(program))
    client.force_login(persona("songtri.canbo"))
    for name in ("household_export", "household_template", "household_import"):
        response = client.get(reverse(f"compensation:{name}", args=[program.code]))
        assert response.status_code == 404, name
    program.area.clear()  # no territorial limit: the programme is visible, not the households
    response = client.get(reverse("compensation:household_export", args=[program.code]))
    assert response.status_code == 200
    assert records(read(response.content)["Hộ"]) == []


def test_export_queries_do_not_grow_with_households(program, client, persona):
    client.force_login(persona("hoanhson.canbo"))
    url = reverse("compensation:household_export", args=[program.code])
    run(program, workbook(program, HOUSEHOLDS[:1], LINES[:1]))
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    many = [
        {"household_key": f"K{i}", "head_full_name": f"Hộ {i}", "admin_unit": "18832"}
        for i in range(40)
    ]
    lines = [
        {"household_key": f"K{i}", "asset_category": "lost_income_worker", "quantity": 2}
        for i in range(40)
    ]
    run(program, workbook(program, many, lines))
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(records(read(response.content)["Hộ"])) == 41
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(large.captured_queries) <= 30


# ---------------------------------------------------------------- atomicity


def test_strict_mode_with_one_bad_row_saves_nothing_and_reports_every_error(program):
    lines = [*LINES, {"household_key": "HS-2", "asset_category": "spaceship", "quantity": 1}]
    households = [*HOUSEHOLDS, {"household_key": "HS-4", "admin_unit": "18832"}]
    before = counts()
    result = run(program, workbook(program, households, lines))
    assert counts() == before
    assert result.households_created == 0
    assert result.lines_created == 0
    assert result.households_rejected == 4
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [
        ("Hộ", 5, "Chủ hộ [head_full_name]"),
        ("Kiểm đếm", 5, "Nhóm tài sản [asset_category]"),
    ]
    assert result.errors[1].message == "Chương trình không có đơn giá cho nhóm “spaceship”."
    assert result.errors[1].key == "HS-2"


def test_valid_only_saves_good_households_completely_and_none_of_the_bad(program):
    lines = [
        *LINES,
        {"household_key": "HS-1", "asset_category": "fishing_vessel_owner", "quantity": 1},
    ]
    before = counts()
    result = run(program, workbook(program, HOUSEHOLDS, lines), mode="valid_only")
    assert result.households_created == 2
    assert result.lines_created == 1
    assert result.households_rejected == 1
    assert [e.row for e in result.errors] == [5]
    assert "công suất máy" in result.errors[0].message
    assert not Household.objects.filter(head_full_name="Nguyễn Văn An").exists()
    assert AssetLine.objects.filter(asset_category__startswith="fishing").count() == 0
    saved = Household.objects.get(head_full_name="Trần Thị Hoa")
    assert saved.assets.count() == 1
    households, assets, events = counts()
    assert (households, assets, events) == (before[0] + 2, before[1] + 1, before[2] + 3)


def test_valid_only_with_nothing_valid_writes_nothing(program):
    before = counts()
    bad = [{"household_key": "X", "head_full_name": "A", "admin_unit": "99999"}]
    result = run(program, workbook(program, bad, []), mode="valid_only")
    assert counts() == before
    assert result.households_rejected == 1
    assert result.errors[0].message == "Không tìm thấy đơn vị hành chính có mã “99999”."


def test_duplicate_keys_reject_both_households(program):
    households = [*HOUSEHOLDS, {**HOUSEHOLDS[1], "head_full_name": "Người khác"}]
    result = run(program, workbook(program, households), mode="valid_only")
    assert [(e.row, e.message) for e in result.errors] == [(5, "Mã hộ “HS-2” đã có ở dòng 3.")]
    names = set(Household.objects.values_list("head_full_name", flat=True))
    assert names == {"Nguyễn Văn An", "Lê Văn Nam"}


# ---------------------------------------------------------------- row errors


HOUSEHOLD_ERRORS = [
    ({"household_key": None}, "household_key", "Hãy ghi mã hộ trong tệp."),
    ({"head_full_name": "  "}, "head_full_name", "Hãy ghi họ tên chủ hộ."),
    ({"admin_unit": None}, "admin_unit", "Hãy ghi mã xã, phường nơi hộ cư trú."),
    ({"admin_unit": "42"}, "admin_unit", "Hãy ghi mã xã, phường nơi hộ cư trú."),
    (
        {"admin_unit": SONG_TRI},
        "admin_unit",
        "Xã, phường này không thuộc địa bàn của chương trình.",
    ),
    (
        {"id_number": "12345"},
        "id_number",
        "Số định danh cá nhân gồm 12 chữ số (CMND cũ: 9 chữ số).",
    ),
    ({"id_number": 42123456789}, "id_number", "Excel có thể đã bỏ số 0 ở đầu"),
    ({"members": "năm"}, "members", "“Số nhân khẩu” phải là một số."),
    ({"members": 2.5}, "members", "“Số nhân khẩu” phải là số nguyên."),
    ({"members": 500}, "members", "Số nhân khẩu phải từ 0 đến 200."),
    ({"group": "astronauts"}, "group", "Chương trình không có nhóm đối tượng “astronauts”."),
    ({"village": dt.datetime(2024, 1, 2)}, "village", "Excel đã đổi ô này thành ngày giờ"),
    ({"head_full_name": "x" * 151}, "head_full_name", "Tối đa 150 ký tự."),
]


@pytest.mark.parametrize(("changes", "code", "message"), HOUSEHOLD_ERRORS)
def test_household_row_errors(program, changes, code, message):
    households = [{**HOUSEHOLDS[0], **changes}]
    lines = LINES[:2] if changes.get("household_key", "HS-1") else []
    before = counts()
    result = run(program, workbook(program, households, lines))
    assert counts() == before
    assert len(result.errors) == 1, result.errors
    error = result.errors[0]
    assert (error.sheet, error.row) == ("Hộ", 2)
    assert spreadsheets.header_code(error.column) == code
    assert message in error.message


LINE_ERRORS = [
    ({"household_key": "HS-9"}, "household_key", "Trang “Hộ” không có hộ nào mang mã “HS-9”."),
    ({"asset_category": None}, "asset_category", "Hãy ghi nhóm tài sản, thiệt hại."),
    (
        {"asset_category": "spaceship"},
        "asset_category",
        "Chương trình không có đơn giá cho nhóm “spaceship”.",
    ),
    ({"quantity": None}, "quantity", "Hãy ghi số lượng."),
    ({"quantity": "-1"}, "quantity", "“Số lượng” không được âm."),
    ({"quantity": 0}, "quantity", "“quantity” phải lớn hơn 0."),
    ({"quantity": "mười"}, "quantity", "“Số lượng” phải là một số."),
    ({"quantity": "1.234"}, "quantity", "không rõ là số thập phân hay hàng nghìn"),
    ({"quantity": "0,00001"}, "quantity", "có tối đa 4 chữ số thập phân"),
    ({"quantity": True}, "quantity", "phải là một số"),
    (
        {"engine_power_cv": None},
        "engine_power_cv",
        "Hãy ghi công suất máy (CV) của tàu; tàu không động cơ ghi 0.",
    ),
    (
        {"engine_power_cv": 60},
        "engine_power_cv",
        "Không có mức đơn giá nào áp dụng cho công suất máy 60 CV.",
    ),
    ({"months": "sáu"}, "months", "“Số tháng” phải là một số."),
    ({"source": "hàng xóm"}, "source", "Nguồn phải là “declaration”"),
    ({"registration_number": "x" * 65}, "registration_number", "Tối đa 64 ký tự."),
]


@pytest.mark.parametrize(("changes", "code", "message"), LINE_ERRORS)
def test_line_row_errors(program, changes, code, message):
    lines = [LINES[1], {**LINES[0], **changes}]
    before = counts()
    result = run(program, workbook(program, HOUSEHOLDS, lines))
    assert counts() == before
    assert len(result.errors) == 1, result.errors
    error = result.errors[0]
    assert (error.sheet, error.row) == ("Kiểm đếm", 3)
    assert spreadsheets.header_code(error.column) == code
    assert message in error.message


@pytest.mark.parametrize(
    ("text", "number"),
    [("18", 18), ("152,5", 152.5), ("1.234,5", 1234.5), ("1.234.567", 1234567), (" 0.5 ", 0.5)],
)
def test_numbers_typed_as_text(text, number):
    column = spreadsheets.ATTRIBUTE_COLUMNS[2]
    assert spreadsheets.parse_number_text(text, column) == Decimal(str(number))
    if number < 1_000_000:
        assert spreadsheets.cell_number(text, column) == Decimal(str(number))


def test_officer_of_another_ward_gets_a_row_error(program, persona):
    program.area.add(AdminUnit.objects.get(code=SONG_TRI, valid_to__isnull=True))
    households = [
        {"household_key": "A", "head_full_name": "Hộ Sông Trí", "admin_unit": SONG_TRI},
        {"household_key": "B", "head_full_name": "Hộ Hoành Sơn", "admin_unit": "18832"},
    ]
    result = run(
        program,
        workbook(program, households, []),
        actor=persona("songtri.canbo"),
        mode="valid_only",
    )
    assert [(e.row, e.message) for e in result.errors] == [
        (3, "Bạn không công tác tại cơ quan chủ trì hoặc tại xã, phường này.")
    ]
    household = Household.objects.get(head_full_name="Hộ Sông Trí")
    event = AuditEvent.objects.get(
        action="compensation.household_import", target_id=str(household.pk)
    )
    assert event.actor_label == "songtri.canbo"


# ---------------------------------------------------------------- files


def test_not_an_xlsx_file(program):
    with pytest.raises(ValidationFailed, match=r"không phải là tệp Excel \(.xlsx\)"):
        run(program, b"ho,ten\nAn,1\n")


def test_missing_column_names_it(program):
    book = load_workbook(BytesIO(workbook(program)))
    book["Hộ"]["D1"] = "Xã"
    buffer = BytesIO()
    book.save(buffer)
    with pytest.raises(ValidationFailed, match="thiếu cột “Mã xã, phường \\[admin_unit\\]”"):
        run(program, buffer.getvalue())


def test_too_many_rows(program, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 2)
    with pytest.raises(ValidationFailed, match="quá nhiều dòng"):
        run(program, workbook(program))
    assert Household.objects.count() == 0


def test_programme_not_active(program):
    program.status = CompensationProgram.Status.CLOSED
    program.save()
    with pytest.raises(InvalidTransition):
        run(program, workbook(program))


def test_headers_are_found_by_their_code_in_any_order(program):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.create_sheet("Households", 0)
    book.remove(book["Sheet"])
    sheet.append(["Head [head_full_name]", "Commune [admin_unit]", "Key [household_key]"])
    sheet.append(["Hồ Thị Mai", "18832", "M1"])
    lines = book.create_sheet("Lines")
    lines.append(["[household_key]", "[asset_category]", "[quantity]", "[months]"])
    lines.append(["M1", "lost_income_worker", 1, 3])
    buffer = BytesIO()
    book.save(buffer)
    result = run(program, buffer.getvalue())
    assert result.ok, result.errors
    assert AssetLine.objects.get().amount == Decimal("8730000")


# ---------------------------------------------------------------- the command


def test_command_imports_and_prints_counts(program, tmp_path, capsys):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(workbook(program))
    call_command("import-households", program.code, str(path), "--actor", "hoanhson.canbo")
    out = capsys.readouterr().out
    assert "hộ đã lưu / households saved:          3" in out
    assert "289.410.000 đ" in out
    assert AuditEvent.objects.filter(
        action="compensation.households_import", source="command"
    ).exists()


def test_command_exits_1_on_errors(program, tmp_path, capsys):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(workbook(program, [{**HOUSEHOLDS[0], "admin_unit": "99999"}], []))
    with pytest.raises(CommandError) as raised:
        call_command("import-households", program.code, str(path))
    assert raised.value.returncode == 1
    assert "không lưu hộ nào" in str(raised.value)
    err = capsys.readouterr().err
    assert "Hộ, dòng 2, cột “Mã xã, phường [admin_unit]”: Không tìm thấy" in err
    assert Household.objects.count() == 0


def test_command_refuses_bad_file_and_unknown_programme(program, tmp_path):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(CommandError, match="không phải là tệp Excel"):
        call_command("import-households", program.code, str(path))
    with pytest.raises(CommandError, match="Không có chương trình"):
        call_command("import-households", "nope", str(path))


# ---------------------------------------------------------------- the web pages


def test_template_download(program, client, persona):
    client.force_login(persona("hoanhson.canbo"))
    response = client.get(reverse("compensation:household_template", args=[program.code]))
    assert response.status_code == 200
    assert "mau-ho-marine-2016.xlsx" in response["Content-Disposition"]
    assert read(response.content).sheetnames == ["Hướng dẫn", "Hộ", "Kiểm đếm"]


def test_anonymous_is_sent_to_log_in(program, client):
    response = client.get(reverse("compensation:household_import", args=[program.code]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_user_without_organisation_may_not_import(program, client, django_user_model):
    user = django_user_model.objects.create_user(username="nobody", password="x")
    client.force_login(user)
    response = client.get(reverse("compensation:household_import", args=[program.code]))
    assert response.status_code == 404  # their empty scope sees no programme


def test_web_import_of_a_bad_file_gives_a_vietnamese_error(program, client, persona):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(persona("hoanhson.canbo"))
    url = reverse("compensation:household_import", args=[program.code])
    page = client.get(url)
    assert page.status_code == 200
    assert "Tải tệp mẫu" in page.content.decode()
    upload = SimpleUploadedFile("ds.xlsx", b"%PDF-1.4 not excel", content_type="application/pdf")
    response = client.post(url, {"file": upload, "mode": "strict"})
    assert response.status_code == 200
    assert "Tệp không phải là tệp Excel (.xlsx) hợp lệ." in response.content.decode()
    assert Household.objects.count() == 0
    response = client.post(url, {"mode": "strict"})
    assert "Hãy chọn tệp Excel cần nhập." in response.content.decode()


def test_web_import_lists_row_errors_then_saves(program, client, persona):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(persona("hoanhson.canbo"))
    url = reverse("compensation:household_import", args=[program.code])
    bad = workbook(program, [*HOUSEHOLDS, {"household_key": "HS-9", "admin_unit": "18832"}])
    response = client.post(url, {"file": SimpleUploadedFile("ds.xlsx", bad), "mode": "strict"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="import-errors"' in page
    assert "Chủ hộ [head_full_name]" in page
    assert "Hãy ghi họ tên chủ hộ." in page
    assert "Tệp còn lỗi nên chưa lưu hộ nào" in page
    assert Household.objects.count() == 0
    response = client.post(
        url, {"file": SimpleUploadedFile("ds.xlsx", bad), "mode": "valid_only"}, follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == url
    assert "Đã nhập 3 hộ, 3 dòng kiểm đếm." in page
    assert "Hãy ghi họ tên chủ hộ." in page
    assert Household.objects.count() == 3
    assert AuditEvent.objects.filter(action="compensation.households_import", source="web").exists()
    assert "Hãy ghi họ tên chủ hộ." not in client.get(url).content.decode()


def test_the_same_people_are_not_listed_twice(program):
    """A second import of the same file (or a head listed twice in one file) is refused:
    a household listed twice would be paid twice."""
    first = run(program, workbook(program))
    assert first.households_created == 3
    before = counts()
    again = run(program, workbook(program, [{**HOUSEHOLDS[0], "household_key": "HS-9"}], []))
    assert counts() == before
    assert [(e.row, e.column) for e in again.errors] == [(2, "Số định danh [id_number]")]
    assert "đã có trong danh sách" in again.errors[0].message
    twice = [
        {**HOUSEHOLDS[1], "id_number": "042099999999"},
        {**HOUSEHOLDS[2], "id_number": "042099999999"},
    ]
    result = run(program, workbook(program, twice, []))
    assert [e.message for e in result.errors] == ["Số định danh này đã ghi ở dòng 2 của tệp."]
