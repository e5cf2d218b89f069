"""Benchmark: import 50,000 asset lines (12,500 households) of a compensation programme from
an .xlsx workbook into a fresh SQLite database, through `imports.households_import`.

    make bench-import
    .venv/bin/python benchmarks/compensation_import.py [--households N] [--lines-per-household K]

Prints the time spent reading the file and importing it, and the rows per second. Exits with
status 1 if the import reports errors, saves the wrong counts, or takes a minute or more."""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WARDS = ("18832", "18823", "18781")  # Hoành Sơn, Vũng Áng, Hải Ninh
LIMIT_SECONDS = 60.0


def _setup(directory: str) -> None:
    os.environ["DANVAN_DATA_DIR"] = directory
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")
    os.environ["DJANGO_SETTINGS_MODULE"] = "danvan.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load-admin-units", provinces=["42"], stdout=io.StringIO())


def _lines_for(index: int, rng: random.Random, count: int) -> list[list[Any]]:
    key = f"H{index:05d}"
    power = rng.choice([0, 12, 18, 24, 45])
    candidates = [
        [key, "fishing_vessel_owner", 1, power, 6, f"HT-{index:05d}-TS", "inventory"],
        [key, "fishing_vessel_worker", rng.randint(1, 4), str(power), "6", None, "inventory"],
        [key, "lost_income_worker", rng.randint(1, 2), None, 6, None, "declaration"],
        [key, "salt_production", "0,5", None, 6, None, "kê khai"],
    ]
    return [candidates[i % len(candidates)] for i in range(count)]


def build_workbook(households: int, per_household: int) -> bytes:
    from openpyxl import Workbook

    from danvan.compensation.spreadsheets import HOUSEHOLD_COLUMNS, KEY

    rng = random.Random(2016)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Hộ")
    sheet.append([column.header for column in HOUSEHOLD_COLUMNS])
    lines = book.create_sheet("Kiểm đếm")
    lines.append(
        [
            KEY.header,
            "Nhóm tài sản [asset_category]",
            "Số lượng [quantity]",
            "Công suất máy (CV) [engine_power_cv]",
            "Số tháng [months]",
            "Số đăng ký tàu [registration_number]",
            "Nguồn [source]",
        ]
    )
    for index in range(households):
        sheet.append(
            [
                f"H{index:05d}",
                f"Nguyễn Văn Hộ {index}",
                f"0420{10_000_000 + index:08d}",  # unique: one head, one household
                WARDS[index % len(WARDS)],
                f"Thôn {index % 12 + 1}",
                f"Số {index % 200 + 1}",
                rng.randint(1, 8),
                "fishing",
                "",
            ]
        )
        for row in _lines_for(index, rng, per_household):
            lines.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=12_500)
    parser.add_argument("--lines-per-household", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="danvan-bench-") as directory:
        started = time.perf_counter()
        _setup(directory)
        from danvan.audit.models import AuditEvent
        from danvan.compensation import imports, spreadsheets
        from danvan.compensation.models import AssetLine, CompensationProgram, Household
        from danvan.places.models import AdminUnit

        program = CompensationProgram.objects.get(code="marine-2016")
        program.status = CompensationProgram.Status.ACTIVE
        program.save()
        program.area.set(AdminUnit.objects.current().filter(code__in=WARDS))
        print(f"database ready in {time.perf_counter() - started:.1f} s ({directory})")

        started = time.perf_counter()
        content = build_workbook(args.households, args.lines_per_household)
        expected_lines = args.households * args.lines_per_household
        print(
            f"workbook: {args.households} households, {expected_lines} asset lines, "
            f"{len(content) / 1e6:.1f} MB, built in {time.perf_counter() - started:.1f} s"
        )

        started, cpu = time.perf_counter(), time.process_time()
        data = spreadsheets.read_workbook(content)
        read_seconds = time.perf_counter() - started
        read_cpu = time.process_time() - cpu
        started, cpu = time.perf_counter(), time.process_time()
        result = imports.households_import(
            actor=None, program=program, data=data, file_name="bench.xlsx", sha256="-"
        )
        import_seconds = time.perf_counter() - started
        import_cpu = time.process_time() - cpu
        total = read_seconds + import_seconds
        rows = result.households_read + result.lines_read
        # CPU time tells what the import costs when the machine is busy with other work.
        print(f"read:   {read_seconds:6.1f} s ({read_cpu:.1f} s CPU)")
        print(f"import: {import_seconds:6.1f} s ({import_cpu:.1f} s CPU; validate, price, save)")
        print(
            f"total:  {total:6.1f} s ({read_cpu + import_cpu:.1f} s CPU) — "
            f"{expected_lines / total:,.0f} asset lines/s, "
            f"{rows / total:,.0f} rows/s (households and lines)"
        )
        counts = (
            Household.objects.count(),
            AssetLine.objects.count(),
            AuditEvent.objects.filter(action__startswith="compensation.household").count(),
        )
        print(f"saved: {counts[0]} households, {counts[1]} lines, {counts[2]} audit events")
        if result.errors:
            for error in result.errors[:10]:
                print(f"  {error.sheet} {error.row} {error.column}: {error.message}")
            return 1
        if counts != (args.households, expected_lines, args.households + 1):
            print("unexpected counts")
            return 1
        if total >= LIMIT_SECONDS:
            print(f"too slow: {total:.1f} s ≥ {LIMIT_SECONDS:.0f} s")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
