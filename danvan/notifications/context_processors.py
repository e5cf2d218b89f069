"""The unread-notification count in the page header: petition notices and reminders of
overdue dialogue commitments together, in one COUNT query per page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from danvan.dialogues.models import CommitmentReminder
from danvan.notifications.models import Notification


def unread_count(user: Any) -> int:
    notices = Notification.objects.filter(user=user, read_at__isnull=True).order_by().values("pk")
    reminders = (
        CommitmentReminder.objects.filter(user=user, read_at__isnull=True).order_by().values("pk")
    )
    return notices.union(reminders, all=True).count()


def unread(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
