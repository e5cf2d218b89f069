"""`danvan demo [--port N] [--no-server]`: migrate, load the Kỳ Anh demo once, serve it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from danvan.audit.context import audit_source
from danvan.demo.accounts import DEMO_LOGINS
from danvan.demo.loader import demo_is_loaded, load_demo
from danvan.places.models import AdminUnit


class Command(BaseCommand):
    help = "Migrate the database, load the Kỳ Anh demo if it is empty, and serve it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-server", action="store_true", help="Do not start the server.")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Cơ sở dữ liệu đã sẵn sàng (migrate).")
        with audit_source("command"):
            if not AdminUnit.objects.filter(valid_to__isnull=True).exists():
                call_command("load-admin-units", verbosity=0)
                self.stdout.write("Đã nạp danh mục đơn vị hành chính.")
            if demo_is_loaded():
                self.stdout.write("Dữ liệu mẫu đã có, không nạp lại.")
            else:
                load_demo()
                self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu Kỳ Anh."))
        self.print_logins()
        if options["no_server"]:
            return
        port = options["port"]
        self.stdout.write(f"Đang chạy tại http://127.0.0.1:{port}/ (Ctrl+C để dừng)")
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)

    def print_logins(self) -> None:
        self.stdout.write("")
        self.stdout.write(f"Tài khoản mẫu (mật khẩu: {settings.DEMO_PASSWORD}):")
        width = max(len(login.username) for login in DEMO_LOGINS)
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.username.ljust(width)}  {login.description}")
        if not settings.DEBUG:
            self.stdout.write(
                self.style.WARNING(
                    "DEBUG đang tắt: trang đăng nhập từ chối mật khẩu mẫu. "
                    "Chạy với DEBUG=1 (make demo đã làm vậy)."
                )
            )
        self.stdout.write("")
