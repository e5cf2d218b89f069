"""Sending SMS and e-mail to citizens and officers, behind one interface.

`message_send` validates the recipient, logs a `Message` row and sends it now or, with
`defer=True`, through the task queue once the caller's transaction commits. SMS go through
the backend named by `DANVAN_SMS_BACKEND`, e-mail through Django's `send_mail`
(`EMAIL_BACKEND`, `DEFAULT_FROM_EMAIL`).

The log is not copied to the audit trail: it holds citizens' phone numbers and the audit
trail is kept for ever, while `messages_purge` deletes the log after
`DANVAN_MESSAGE_RETENTION_DAYS` (default 90)."""

from __future__ import annotations

import datetime as dt
import logging
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.errors import DomainError, ValidationFailed
from danvan.messaging.backends import get_sms_backend
from danvan.messaging.models import Message

logger = logging.getLogger("danvan.messaging")

MAX_SMS_BODY = 1_000
MAX_EMAIL_BODY = 100_000
MAX_ERROR = 1_000
DEFAULT_RETENTION_DAYS = 90

_PHONE_SEPARATORS = re.compile(r"[\s.()-]")
_NATIONAL = re.compile(r"^0[1-9][0-9]{8}$")
_INTERNATIONAL = re.compile(r"^\+84[1-9][0-9]{8}$")


class DeliveryFailed(DomainError):
    """The gateway or mail server did not take the message (raised only when asked)."""

    code = "message_not_sent"
    status = 503

    def __init__(self, message: str, *, message_id: int) -> None:
        super().__init__(message)
        self.message_id = message_id


def normalize_phone(value: str) -> str:
    """A Vietnamese phone number in international form (`+84912345678`).

    Accepts 10 digits starting with 0 (`0912 345 678`) or `+84` and 9 digits."""
    compact = _PHONE_SEPARATORS.sub("", value or "")
    if _NATIONAL.match(compact):
        return "+84" + compact[1:]
    if _INTERNATIONAL.match(compact):
        return compact
    raise ValidationFailed(
        _("Số điện thoại không hợp lệ: cần 10 chữ số bắt đầu bằng 0, hoặc +84 và 9 chữ số."),
        code="invalid_phone",
        field="to",
    )


def normalize_email(value: str) -> str:
    address = (value or "").strip()
    try:
        validate_email(address)
    except ValidationError as error:
        raise ValidationFailed(
            _("Địa chỉ thư điện tử không hợp lệ."), code="invalid_email", field="to"
        ) from error
    return address


def _clean(channel: str, to: str, subject: str, body: str) -> tuple[str, str, str]:
    if channel not in Message.Channel.values:
        raise ValidationFailed(
            _("Kênh gửi chỉ là SMS hoặc thư điện tử."), code="invalid_channel", field="channel"
        )
    body = (body or "").strip()
    if not body:
        raise ValidationFailed(_("Hãy ghi nội dung tin."), code="required", field="body")
    # A subject is one line: a line break would let a caller inject mail headers.
    subject = " ".join((subject or "").split())[:255]
    if channel == Message.Channel.SMS:
        to = normalize_phone(to)
        limit = MAX_SMS_BODY
    else:
        to = normalize_email(to)
        limit = MAX_EMAIL_BODY
        if not subject:
            raise ValidationFailed(_("Hãy ghi tiêu đề thư."), code="required", field="subject")
    if len(body) > limit:
        raise ValidationFailed(
            _("Nội dung tin quá dài (tối đa %(n)d ký tự).") % {"n": limit},
            code="too_long",
            field="body",
        )
    return to, subject, body


def message_send(
    *,
    channel: str,
    to: str,
    subject: str = "",
    body: str,
    defer: bool = False,
    fail_silently: bool = True,
) -> Message:
    """Log and send one SMS (`channel="sms"`, `to` a Vietnamese phone number; `subject` is
    kept in the log only) or e-mail (`channel="email"`).

    Invalid input raises `ValidationFailed`. A failed send marks the row `failed` with the
    error; it raises `DeliveryFailed` only with `fail_silently=False`. With `defer=True` the
    row stays `queued` and `send_message_task` sends it after the current transaction
    commits (nothing is sent for a transaction that rolls back)."""
    to, subject, body = _clean(channel, to, subject, body)
    message = Message.objects.create(channel=channel, to=to, subject=subject, body=body)
    if defer:
        from danvan.messaging.tasks import send_message_task

        transaction.on_commit(lambda: send_message_task.enqueue(message.pk))
        return message
    return message_deliver(message=message, fail_silently=fail_silently)


def message_deliver(*, message: Message, fail_silently: bool = True) -> Message:
    """Hand a queued (or earlier failed) message to its gateway and record the outcome.

    A message already sent is not sent again."""
    if message.status == Message.Status.SENT:
        return message
    try:
        if message.channel == Message.Channel.SMS:
            get_sms_backend().send(to=message.to, body=message.body)
        else:
            send_mail(
                message.subject,
                message.body,
                getattr(settings, "DANVAN_MESSAGE_FROM_EMAIL", None),  # None: DEFAULT_FROM_EMAIL
                [message.to],
                fail_silently=False,
            )
    except Exception as error:
        message.status = Message.Status.FAILED
        message.error = f"{type(error).__name__}: {error}"[:MAX_ERROR]
        message.save(update_fields=["status", "error"])
        logger.warning("Message %s (%s) not sent: %s", message.pk, message.channel, message.error)
        if not fail_silently:
            raise DeliveryFailed(
                _("Không gửi được tin đến người nhận. Hệ thống sẽ ghi lại để gửi lại sau."),
                message_id=message.pk,
            ) from error
        return message
    message.status = Message.Status.SENT
    message.error = ""
    message.sent_at = timezone.now()
    message.save(update_fields=["status", "error", "sent_at"])
    return message


def retention_days() -> int:
    return int(getattr(settings, "DANVAN_MESSAGE_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def messages_purge(*, older_than_days: int | None = None, now: dt.datetime | None = None) -> int:
    """Delete logged messages older than the retention period; the number deleted.

    Queued messages are deleted too: one still waiting after the retention period will
    never be useful to its recipient."""
    days = retention_days() if older_than_days is None else older_than_days
    if days < 0:
        raise ValidationFailed(_("Số ngày lưu không hợp lệ."), code="invalid", field="days")
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    deleted, _by_model = Message.objects.filter(created_at__lt=cutoff).delete()
    if deleted:
        logger.info("Purged %d logged messages older than %d days", deleted, days)
    return deleted
