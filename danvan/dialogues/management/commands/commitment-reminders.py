"""`danvan commitment-reminders [--enqueue]`: remind owners and chairs of overdue
commitments made in dialogues.

Run it once a day (cron, a systemd timer), next to `danvan send-reminders`. With `--enqueue`
the work goes to the task queue and a `danvan db_worker` process does it."""

from __future__ import annotations

from typing import Any

from danvan.audit.context import audit_source
from danvan.core.commands import QueueableCommand
from danvan.dialogues.reminders import commitment_reminders
from danvan.dialogues.tasks import send_commitment_reminders


class Command(QueueableCommand):
    help = "Notify owners and chairs of overdue commitments made in dialogues."
    task = send_commitment_reminders

    def handle(self, *args: Any, **options: Any) -> None:
        if self.queued(options):
            return
        with audit_source("command"):
            outcome = commitment_reminders()
        self.stdout.write(f"Đã tạo {outcome.created} nhắc việc, gửi {outcome.emailed} thư.")
