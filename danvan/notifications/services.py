"""Deadline reminders: who is told, and how (in the app; by e-mail when configured)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.audit.services import audit_record
from danvan.core.errors import ValidationFailed
from danvan.messaging.models import Message
from danvan.messaging.services import message_send
from danvan.notifications.models import Notification
from danvan.organizations.models import Membership
from danvan.petitions.deadlines import due_soon_limit
from danvan.petitions.models import OPEN_STATUSES, PetitionDeadline


@dataclass(frozen=True)
class ReminderResult:
    created: int
    emailed: int


def _recipients(deadline: PetitionDeadline, members: dict[int, list[Any]]) -> list[Any]:
    """The officers assigned to the case; if none, the owning organisation's officers and
    head. The head hears of every overdue case."""
    petition = deadline.petition
    assigned = [a.user for a in petition.assignments.all()]
    staff = members.get(petition.organization_id, [])
    people = assigned or [m.user for m in staff]
    return list({u.pk: u for u in people}.values())


def _heads(deadline: PetitionDeadline, members: dict[int, list[Any]]) -> list[Any]:
    return [
        m.user
        for m in members.get(deadline.petition.organization_id, [])
        if m.role == Membership.Role.HEAD
    ]


def _message(kind: str, deadline: PetitionDeadline) -> str:
    petition = deadline.petition
    values = {
        "number": petition.register_label,
        "title": petition.title[:120],
        "step": deadline.get_step_display(),
        "due": deadline.due_on.strftime("%d/%m/%Y") if deadline.due_on else "",
    }
    if kind == Notification.Kind.OVERDUE:
        return _("Quá hạn %(step)s từ %(due)s: đơn %(number)s — %(title)s") % values
    return _("Sắp đến hạn %(step)s (%(due)s): đơn %(number)s — %(title)s") % values


@transaction.atomic
def deadline_reminders_send(*, today: dt.date | None = None) -> ReminderResult:
    """Tell officers about every open step due within 3 working days, or already overdue."""
    today = today or timezone.localdate()
    horizon = due_soon_limit(today)
    deadlines = list(
        PetitionDeadline.objects.filter(
            met_on__isnull=True,
            due_on__isnull=False,
            due_on__lte=horizon,
            petition__status__in=OPEN_STATUSES,
        )
        .select_related("petition", "petition__organization")
        .prefetch_related("petition__assignments__user")
    )
    organization_ids = {d.petition.organization_id for d in deadlines}
    members: dict[int, list[Any]] = {}
    memberships = (
        Membership.objects.active(today)
        .filter(
            organization_id__in=organization_ids,
            role__in=[Membership.Role.OFFICER, Membership.Role.HEAD],
        )
        .select_related("user")
    )
    for membership in memberships:
        members.setdefault(membership.organization_id, []).append(membership)
    existing = set(
        Notification.objects.filter(notified_on=today).values_list(
            "user_id", "petition_id", "step", "kind"
        )
    )
    created: list[Notification] = []
    for deadline in deadlines:
        assert deadline.due_on is not None
        kind = Notification.Kind.OVERDUE if deadline.due_on < today else Notification.Kind.DUE_SOON
        people = _recipients(deadline, members)
        if kind == Notification.Kind.OVERDUE:
            people += [h for h in _heads(deadline, members) if h not in people]
        for user in people:
            key = (user.pk, deadline.petition_id, deadline.step, kind)
            if key in existing or not user.is_active:
                continue
            existing.add(key)
            created.append(
                Notification(
                    user=user,
                    kind=kind,
                    petition=deadline.petition,
                    step=deadline.step,
                    due_on=deadline.due_on,
                    notified_on=today,
                    message=_message(kind, deadline)[:300],
                )
            )
    Notification.objects.bulk_create(created)
    emailed = _send_emails(created)
    return ReminderResult(created=len(created), emailed=emailed)


def _send_emails(notifications: list[Notification]) -> int:
    """One e-mail per person listing their new reminders, when e-mail is configured."""
    if not getattr(settings, "NOTIFY_BY_EMAIL", False):
        return 0
    by_user: dict[int, list[Notification]] = {}
    for notification in notifications:
        if notification.user.email:
            by_user.setdefault(notification.user.pk, []).append(notification)
    sent = 0
    for items in by_user.values():
        user = items[0].user
        body = "\n".join(f"- {n.message}" for n in items)
        try:
            message = message_send(
                channel="email",
                to=user.email,
                subject=_("Dân Vận: %(n)d đơn thư sắp đến hạn hoặc quá hạn") % {"n": len(items)},
                body=body,
            )
        except ValidationFailed:
            continue  # an unusable address on the officer's account: the app still shows it
        if message.status == Message.Status.SENT:
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed=True)
            sent += 1
    return sent


@transaction.atomic
def notification_mark_read(*, actor: Any, notification: Notification) -> Notification:
    if notification.user_id != actor.pk:
        from danvan.core.errors import NotFound

        raise NotFound(_("Không tìm thấy thông báo."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
        audit_record(actor=actor, action="notification.read", target=notification)
    return notification


@transaction.atomic
def review_requested_notify(*, petition: Any, message: str, today: dt.date | None = None) -> int:
    """Tell the heads of the organisation that answered a case that it needs their review."""
    today = today or timezone.localdate()
    heads = (
        Membership.objects.active(today)
        .filter(organization_id=petition.organization_id, role=Membership.Role.HEAD)
        .select_related("user")
    )
    created = Notification.objects.bulk_create(
        [
            Notification(
                user=membership.user,
                kind=Notification.Kind.REVIEW,
                petition=petition,
                step="review",
                due_on=today,
                notified_on=today,
                message=message[:300],
            )
            for membership in heads
            if membership.user.is_active
        ],
        ignore_conflicts=True,
    )
    return len(created)
