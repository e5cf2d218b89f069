from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from danvan.accounts.models import User
from danvan.notifications.models import Notification
from danvan.notifications.services import notification_mark_read


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    notifications = Notification.objects.filter(user=user).select_related("petition")
    if request.GET.get("unread") == "1":
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page_obj": page})


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
