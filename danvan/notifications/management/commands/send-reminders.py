"""`danvan send-reminders [--enqueue]`: the daily deadline reminders.

Run it once a day (cron, a systemd timer). With `--enqueue` the work goes to the task queue
and a `danvan db_worker` process does it; without, it runs at once."""

from __future__ import annotations

from typing import Any

from danvan.audit.context import audit_source
from danvan.core.commands import QueueableCommand
from danvan.notifications.services import deadline_reminders_send
from danvan.notifications.tasks import send_deadline_reminders


class Command(QueueableCommand):
    help = "Notify officers of petitions due within 3 working days and overdue."
    task = send_deadline_reminders

    def handle(self, *args: Any, **options: Any) -> None:
        if self.queued(options):
            return
        with audit_source("command"):
            outcome = deadline_reminders_send()
        self.stdout.write(f"Đã tạo {outcome.created} thông báo, gửi {outcome.emailed} thư.")
