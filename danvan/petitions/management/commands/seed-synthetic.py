"""`danvan seed-synthetic --petitions N`: a province's archive of synthetic petitions, for
benchmarks (see danvan.petitions.synthetic and docs/benchmarks-data.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.audit.context import audit_source
from danvan.core.errors import DomainError
from danvan.petitions import synthetic


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class Command(BaseCommand):
    help = (
        "Tạo đơn thư tổng hợp (dữ liệu giả lập) của một tỉnh để đo hiệu năng. / Create "
        "synthetic petitions of a province for benchmarks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--petitions",
            type=int,
            help=f"Số đơn cần tạo (1–{_n(synthetic.MAX_PETITIONS)}) / how many petitions.",
        )
        parser.add_argument("--seed", type=int, default=1, help="Hạt giống ngẫu nhiên / seed.")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=synthetic.DEFAULT_BATCH,
            help="Số đơn mỗi lô ghi / rows per bulk insert batch.",
        )
        parser.add_argument(
            "--start-year",
            type=int,
            default=synthetic.DEFAULT_START_YEAR,
            help="Năm nhận đơn sớm nhất / first year of received dates.",
        )
        parser.add_argument(
            "--province",
            default=synthetic.DEFAULT_PROVINCE,
            help="Mã tỉnh (mặc định 42, Hà Tĩnh) / province code.",
        )
        parser.add_argument(
            "--officers",
            type=int,
            default=1,
            help="Số cán bộ tổng hợp mỗi cơ quan / synthetic officers per organisation.",
        )
        parser.add_argument(
            "--clear",
            action="store_true",
            help="Xóa đơn tổng hợp đã tạo trước (chỉ của cơ quan syn-) / delete earlier "
            "synthetic petitions first.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        petitions = options["petitions"]
        if petitions is None and not options["clear"]:
            raise CommandError("Hãy cho biết số đơn cần tạo: --petitions N.")
        seed_options = None
        if petitions is not None:
            seed_options = synthetic.SeedOptions(
                petitions=petitions,
                seed=options["seed"],
                batch_size=options["batch_size"],
                start_year=options["start_year"],
                province=str(options["province"]),
                officers=options["officers"],
            )
            try:
                synthetic.validate(seed_options)
            except DomainError as exc:
                raise CommandError(str(exc.message)) from exc
        with audit_source("command"):
            if options["clear"]:
                removed = synthetic.clear_synthetic()
                self.stdout.write(f"Đã xóa {_n(removed)} đơn tổng hợp / synthetic petitions.")
            if seed_options is None:
                return
            try:
                result = synthetic.seed_synthetic(seed_options, progress=self._progress)
            except DomainError as exc:
                raise CommandError(str(exc.message)) from exc
        self._summary(result)

    def _progress(self, done: int, total: int, seconds: float) -> None:
        rate = done / seconds if seconds else 0.0
        self.stdout.write(
            f"  {_n(done)} / {_n(total)} đơn — {seconds:.1f} s, {_n(int(rate))} đơn/giây"
        )
        self.stdout.flush()  # shown as it goes, also when the output goes to a file

    def _summary(self, result: synthetic.SeedResult) -> None:
        rate = result.created / result.seconds if result.seconds else 0.0
        lines = [
            f"Đã tạo {_n(result.created)} đơn tổng hợp trong {result.seconds:.1f} s "
            f"({_n(int(rate))} đơn/giây).",
            f"  cơ quan mới / new organisations: {result.organizations_created}; "
            f"cán bộ mới / new officers: {result.officers_created}",
            "  theo loại / by kind: "
            + ", ".join(f"{k} {_n(v)}" for k, v in result.by_kind.most_common()),
            "  theo trạng thái / by status: "
            + ", ".join(f"{k} {_n(v)}" for k, v in result.by_status.most_common()),
            f"  quá hạn / overdue: {_n(result.overdue)} "
            f"({100 * result.overdue / max(result.created, 1):.1f}%)",
        ]
        self.stdout.write("\n".join(lines))
