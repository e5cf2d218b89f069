from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from danvan.accounts.models import User
from danvan.dialogues.models import CommitmentReminder
from danvan.dialogues.reminders import commitment_reminder_mark_read
from danvan.notifications.models import Notification
from danvan.notifications.services import notification_mark_read

REMINDERS_SHOWN = 50


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    notifications = Notification.objects.filter(user=user).select_related("petition")
    if request.GET.get("unread") == "1":
        notifications = notifications.filter(read_at__isnull=True)
    reminders = CommitmentReminder.objects.filter(user=user).select_related(
        "commitment__dialogue", "commitment__owner_organization"
    )
    if request.GET.get("unread") == "1":
        reminders = reminders.filter(read_at__isnull=True)
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/notification_list.html",
        {"page_obj": page, "reminders": list(reminders[:REMINDERS_SHOWN])},
    )


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        notification = Notification.objects.select_related("petition").get(
            pk=pk, user=cast(User, request.user)
        )
    except Notification.DoesNotExist as exc:
        raise Http404 from exc
    notification_mark_read(actor=request.user, notification=notification)
    return redirect("petitions:petition_detail", public_id=notification.petition.public_id)


@login_required
@require_POST
def commitment_reminder_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a reminder of an overdue commitment read and open its dialogue."""
    try:
        reminder = CommitmentReminder.objects.select_related("commitment__dialogue").get(
            pk=pk, user=cast(User, request.user)
        )
    except CommitmentReminder.DoesNotExist as exc:
        raise Http404 from exc
    commitment_reminder_mark_read(actor=request.user, reminder=reminder)
    return redirect("dialogues:dialogue_detail", public_id=reminder.commitment.dialogue.public_id)
