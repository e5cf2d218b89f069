"""Background polling of the intake mailboxes (django-tasks; run `danvan db_worker`)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from danvan.audit.context import audit_source
from danvan.intake.services import mailboxes_poll


@task()
def poll_mailboxes() -> list[dict[str, Any]]:
    """Poll every active mailbox; schedule it every few minutes (cron: `danvan poll-mail
    --enqueue`)."""
    with audit_source("task"):
        return [result.as_dict() for result in mailboxes_poll()]
