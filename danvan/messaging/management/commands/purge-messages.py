"""`danvan purge-messages [--days N]`: delete the outgoing-message log past its retention.

Run it daily (cron, a systemd timer); the default period is `DANVAN_MESSAGE_RETENTION_DAYS`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from danvan.messaging.services import messages_purge


class Command(BaseCommand):
    help = "Delete logged SMS and e-mail messages older than the retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="Keep this many days.")

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = messages_purge(older_than_days=options["days"])
        self.stdout.write(f"Đã xóa {deleted} tin cũ.")
