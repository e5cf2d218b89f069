"""Background work: the daily reminders of overdue commitments (run `danvan db_worker`)."""

from __future__ import annotations

from django_tasks import task

from danvan.audit.context import audit_source
from danvan.dialogues.reminders import commitment_reminders


@task()
def send_commitment_reminders() -> int:
    with audit_source("task"):
        return commitment_reminders().created
