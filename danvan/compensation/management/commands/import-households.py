"""`danvan import-households PROGRAM FILE.xlsx [--mode strict|valid_only] [--actor USERNAME]`:
import a programme's households and asset lines from a workbook (danvan.compensation.imports).

Prints the counts and every row in error, in Vietnamese; exits with status 1 when the file
has errors (in `strict` mode nothing was then saved). Without --actor the import is made by
the system: the communes are checked against the programme's area only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.accounts.models import User
from danvan.audit.context import audit_source
from danvan.compensation import imports
from danvan.compensation import rates as pricing
from danvan.compensation.models import CompensationProgram
from danvan.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Nhập danh sách hộ và kiểm đếm của một chương trình từ tệp Excel theo mẫu. / Import a "
        "programme's households and asset lines from an .xlsx file in the template's format."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("program", help="Mã chương trình / programme code (marine-2016).")
        parser.add_argument("file", help="Tệp .xlsx / the workbook.")
        parser.add_argument(
            "--mode",
            choices=imports.MODES,
            default=imports.STRICT,
            help=(
                "strict: có lỗi thì không lưu gì (mặc định) / nothing saved on any error; "
                "valid_only: lưu các hộ không có lỗi / save the households without errors."
            ),
        )
        parser.add_argument("--actor", metavar="USERNAME", help="Người nhập / the user importing.")

    def handle(self, *args: Any, **options: Any) -> None:
        program = CompensationProgram.objects.filter(code=options["program"]).first()
        if program is None:
            raise CommandError(f"Không có chương trình “{options['program']}”.")
        actor = None
        if options["actor"]:
            actor = User.objects.filter(username=options["actor"], is_active=True).first()
            if actor is None:
                raise CommandError(f"Không có người dùng “{options['actor']}” đang hoạt động.")
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Không đọc được tệp “{path}”: {error.strerror}.") from error
        try:
            with audit_source("command"):
                result = imports.households_import_file(
                    actor=actor,
                    program=program,
                    content=content,
                    file_name=path.name,
                    mode=options["mode"],
                )
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        self.stdout.write(
            "\n".join(
                [
                    f"Tệp / file: {path.name} (SHA-256 {result.sha256})",
                    f"  hộ trong tệp / households read:        {result.households_read}",
                    f"  dòng kiểm đếm / asset lines read:      {result.lines_read}",
                    f"  hộ đã lưu / households saved:          {result.households_created}",
                    f"  dòng đã lưu / lines saved:             {result.lines_created}",
                    f"  hộ có lỗi / households with errors:    {result.households_rejected}",
                    f"  tổng thành tiền / total amount:        "
                    f"{pricing.vn_number(result.total_amount)} đ",
                ]
            )
        )
        if result.errors:
            for row_error in result.errors:
                place = f"{row_error.sheet}, dòng {row_error.row}"
                if row_error.column:
                    place += f", cột “{row_error.column}”"
                self.stderr.write(f"{place}: {row_error.message}")
            saved = (
                "không lưu hộ nào / nothing saved"
                if not result.households_created
                else "các hộ có lỗi không được lưu / households in error not saved"
            )
            raise CommandError(f"Tệp có {len(result.errors)} lỗi; {saved}.")
