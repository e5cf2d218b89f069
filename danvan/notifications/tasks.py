"""Background work: the daily deadline reminders (django-tasks; run `danvan db_worker`)."""

from __future__ import annotations

from django_tasks import task

from danvan.audit.context import audit_source
from danvan.notifications.services import deadline_reminders_send


@task()
def send_deadline_reminders() -> int:
    with audit_source("task"):
        return deadline_reminders_send().created
