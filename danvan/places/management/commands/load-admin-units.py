"""`danvan load-admin-units`: today's provinces and communes/wards, and the demo area's history."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from danvan.audit.context import audit_source
from danvan.places.services import admin_units_load


class Command(BaseCommand):
    help = (
        "Nạp 34 tỉnh, thành phố và các xã, phường hiện nay từ gói vietnam-provinces, cùng lịch "
        "sử địa bàn Kỳ Anh. / Load today's provinces and communes from vietnam-provinces and "
        "the history of the Kỳ Anh demo area. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province",
            action="append",
            dest="provinces",
            metavar="CODE",
            help="Chỉ nạp tỉnh có mã này (lặp lại được) / only this province code (repeatable).",
        )
        parser.add_argument(
            "--no-history",
            action="store_true",
            help="Không nạp lịch sử địa bàn Kỳ Anh / skip the Kỳ Anh history file.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        provinces = options["provinces"]
        with audit_source("command"):
            result = admin_units_load(
                provinces=set(provinces) if provinces else None,
                with_history=not options["no_history"],
            )
        current, total = result.current_by_level, result.total_by_level
        lines = [
            f"Đơn vị hành chính / administrative units (vietnam-provinces "
            f"{result.package_version}):",
            f"  tỉnh, thành phố / provinces:        {current.get('province', 0)}",
            f"  xã, phường, đặc khu / communes:     {current.get('commune', 0)} hiện nay / "
            f"current, {total.get('commune', 0)} kể cả đơn vị cũ / with former ones",
            f"  huyện cũ / former districts:        {total.get('district', 0)}",
            f"  thôn, tổ dân phố / villages:        {total.get('village', 0)}",
            f"  tạo mới / created: {result.created}; cập nhật / updated: {result.updated}; "
            f"không đổi / unchanged: {result.unchanged}",
            f"  liên kết kế thừa / succession links: {result.successions_created} tạo mới / "
            f"created, {result.successions_updated} cập nhật / updated",
            f"  lịch sử Kỳ Anh / Kỳ Anh history: "
            f"{'đã nạp / loaded' if result.history_loaded else 'bỏ qua / skipped'}",
            f"  thời gian / time: {time.monotonic() - started:.1f} s",
        ]
        self.stdout.write("\n".join(lines))
