"""Background sending (django-tasks; run `danvan db_worker`)."""

from __future__ import annotations

from django_tasks import task

from danvan.messaging.models import Message
from danvan.messaging.services import message_deliver, messages_purge


@task()
def send_message_task(message_id: int) -> str:
    """Send a logged message; its status afterwards (`missing` if it has been purged)."""
    message = Message.objects.filter(pk=message_id).first()
    if message is None:
        return "missing"
    return message_deliver(message=message).status


@task()
def purge_messages_task() -> int:
    """Delete logged messages past `DANVAN_MESSAGE_RETENTION_DAYS`; run it daily."""
    return messages_purge()
