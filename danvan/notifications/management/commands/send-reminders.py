"""`danvan send-reminders [--enqueue]`: the daily deadline reminders.

Run it once a day (cron, a systemd timer). With `--enqueue` the work goes to the task queue
and a `danvan db_worker` process does it; without, it runs at once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from danvan.audit.context import audit_source
from danvan.notifications.services import deadline_reminders_send
from danvan.notifications.tasks import send_deadline_reminders


class Command(BaseCommand):
    help = "Notify officers of petitions due within 3 working days and overdue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="Queue it for the worker.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = send_deadline_reminders.enqueue()
            self.stdout.write(f"Đã đưa vào hàng đợi: {result.id}")
            return
        with audit_source("command"):
            outcome = deadline_reminders_send()
        self.stdout.write(f"Đã tạo {outcome.created} thông báo, gửi {outcome.emailed} thư.")
