"""Reminders of overdue commitments: each open commitment past its due date is brought to
its owner officer (or, when none is named, the heads of the owner organisation) and to the
chair of the dialogue, once a day, in the app and by e-mail when configured.

The notifications app's reminders hang on a petition; a commitment has none, so these are
kept in `CommitmentReminder`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.audit.services import audit_record
from danvan.core.errors import NotFound, ValidationFailed
from danvan.dialogues.models import Commitment, CommitmentReminder, CommitmentStatus
from danvan.messaging.models import Message
from danvan.messaging.services import message_send
from danvan.organizations.models import Membership


@dataclass(frozen=True)
class ReminderResult:
    created: int
    emailed: int


def _message(commitment: Commitment) -> str:
    return _("Cam kết quá hạn từ %(due)s (đối thoại “%(title)s”): %(text)s") % {
        "due": commitment.due_on.strftime("%d/%m/%Y"),
        "title": commitment.dialogue.title[:80],
        "text": commitment.text[:120],
    }


def recipients(commitment: Commitment, heads: dict[int, list[Any]]) -> list[Any]:
    """The owner officer (or the owner organisation's heads) and the chair, active only."""
    people: list[Any] = []
    if commitment.owner_user is not None:
        people.append(commitment.owner_user)
    else:
        people += heads.get(commitment.owner_organization_id, [])
    if commitment.dialogue.chair is not None:
        people.append(commitment.dialogue.chair)
    return [u for u in {u.pk: u for u in people}.values() if u.is_active]


@transaction.atomic
def commitment_reminders(*, today: dt.date | None = None) -> ReminderResult:
    """Remind people of every open commitment whose due date has passed (due today is not
    yet overdue). Running it twice a day creates nothing new."""
    today = today or timezone.localdate()
    commitments = list(
        Commitment.objects.filter(status=CommitmentStatus.OPEN, due_on__lt=today)
        .select_related("dialogue", "dialogue__chair", "owner_user")
        .order_by("due_on", "pk")
    )
    unowned = {c.owner_organization_id for c in commitments if c.owner_user_id is None}
    heads: dict[int, list[Any]] = {}
    for membership in (
        Membership.objects.active(today)
        .filter(organization_id__in=unowned, role=Membership.Role.HEAD)
        .select_related("user")
    ):
        heads.setdefault(membership.organization_id, []).append(membership.user)
    existing = set(
        CommitmentReminder.objects.filter(notified_on=today).values_list("user_id", "commitment_id")
    )
    created: list[CommitmentReminder] = []
    for commitment in commitments:
        for user in recipients(commitment, heads):
            key = (user.pk, commitment.pk)
            if key in existing:
                continue
            existing.add(key)
            created.append(
                CommitmentReminder(
                    user=user,
                    commitment=commitment,
                    notified_on=today,
                    message=_message(commitment)[:300],
                )
            )
    CommitmentReminder.objects.bulk_create(created)
    return ReminderResult(created=len(created), emailed=_send_emails(created))


def _send_emails(reminders: list[CommitmentReminder]) -> int:
    """One e-mail per person listing their new reminders, when e-mail is configured."""
    if not getattr(settings, "NOTIFY_BY_EMAIL", False):
        return 0
    by_user: dict[int, list[CommitmentReminder]] = {}
    for reminder in reminders:
        if reminder.user.email:
            by_user.setdefault(reminder.user.pk, []).append(reminder)
    sent = 0
    for items in by_user.values():
        user = items[0].user
        try:
            message = message_send(
                channel="email",
                to=user.email,
                subject=_("Dân Vận: %(n)d cam kết đối thoại quá hạn") % {"n": len(items)},
                body="\n".join(f"- {r.message}" for r in items),
            )
        except ValidationFailed:
            continue  # an unusable address: the reminder still shows in the app
        if message.status == Message.Status.SENT:
            CommitmentReminder.objects.filter(pk__in=[r.pk for r in items]).update(emailed=True)
            sent += 1
    return sent


@transaction.atomic
def commitment_reminder_mark_read(*, actor: Any, reminder: CommitmentReminder) -> None:
    """Mark one's own reminder read (someone else's is not found)."""
    if reminder.user_id != actor.pk:
        raise NotFound(_("Không tìm thấy thông báo."))
    if reminder.read_at is None:
        reminder.read_at = timezone.now()
        reminder.save(update_fields=["read_at", "updated_at"])
        audit_record(actor=actor, action="dialogues.reminder_read", target=reminder)
