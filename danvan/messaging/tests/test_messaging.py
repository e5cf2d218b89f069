"""Outgoing SMS and e-mail: validation, backends, the log, failures and deferred sending."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from danvan.core.errors import ValidationFailed
from danvan.messaging import backends
from danvan.messaging.backends import ConsoleSMSBackend, SentSMS
from danvan.messaging.models import Message
from danvan.messaging.services import (
    DeliveryFailed,
    message_deliver,
    message_send,
    messages_purge,
    normalize_phone,
)

pytestmark = pytest.mark.django_db

IN_MEMORY = "danvan.messaging.backends.InMemorySMSBackend"


class BrokenSMSBackend(backends.BaseSMSBackend):
    def send(self, *, to: str, body: str) -> None:
        raise ConnectionError("gateway unreachable")


@pytest.fixture
def sms_outbox(settings: Any) -> Iterator[list[SentSMS]]:
    settings.DANVAN_SMS_BACKEND = IN_MEMORY
    backends.outbox.clear()
    yield backends.outbox
    backends.outbox.clear()


@pytest.mark.parametrize(
    ("given", "normalized"),
    [
        ("0912345678", "+84912345678"),
        ("0912 345 678", "+84912345678"),
        ("091.234.5678", "+84912345678"),
        ("+84912345678", "+84912345678"),
        ("+84 912 345 678", "+84912345678"),
    ],
)
def test_vietnamese_phone_numbers_are_accepted(given: str, normalized: str) -> None:
    assert normalize_phone(given) == normalized


@pytest.mark.parametrize(
    "given", ["", "912345678", "09123456789", "+840912345678", "0012345678", "0912abc678", "+1"]
)
def test_other_numbers_are_refused_in_vietnamese(given: str, sms_outbox: list[SentSMS]) -> None:
    with pytest.raises(ValidationFailed) as refused:
        message_send(channel="sms", to=given, body="Đơn của ông/bà đã được tiếp nhận.")

    assert refused.value.code == "invalid_phone"
    assert "Số điện thoại" in str(refused.value.message)
    assert not Message.objects.exists()
    assert sms_outbox == []


def test_bad_email_channel_and_empty_body_are_refused() -> None:
    with pytest.raises(ValidationFailed) as bad_address:
        message_send(channel="email", to="khong-phai-email", subject="Tiêu đề", body="Nội dung")
    with pytest.raises(ValidationFailed) as bad_channel:
        message_send(channel="zalo", to="0912345678", body="Nội dung")
    with pytest.raises(ValidationFailed) as empty:
        message_send(channel="email", to="dan@example.vn", subject="Tiêu đề", body="  ")

    assert bad_address.value.code == "invalid_email"
    assert bad_channel.value.code == "invalid_channel"
    assert empty.value.field == "body"
    assert not Message.objects.exists()


def test_an_sms_goes_through_the_in_memory_backend_and_is_logged(
    sms_outbox: list[SentSMS],
) -> None:
    message = message_send(
        channel="sms", to="0912 345 678", subject="Tiếp nhận", body="Mã tra cứu: ABCD-EFGH-JKMN"
    )

    assert sms_outbox == [SentSMS(to="+84912345678", body="Mã tra cứu: ABCD-EFGH-JKMN")]
    message.refresh_from_db()
    assert message.channel == "sms"
    assert message.status == Message.Status.SENT
    assert message.sent_at is not None
    assert message.error == ""


def test_the_console_backend_is_the_default(settings: Any, capsys: Any) -> None:
    del settings.DANVAN_SMS_BACKEND  # not set: the default applies

    message_send(channel="sms", to="+84987654321", body="Xin chào ông/bà")

    printed = capsys.readouterr().out
    assert "+84987654321" in printed
    assert "Xin chào ông/bà" in printed


def test_the_console_backend_writes_to_a_given_stream() -> None:
    stream = io.StringIO()

    ConsoleSMSBackend(stream=stream).send(to="+84987654321", body="Nội dung")

    assert "Nội dung" in stream.getvalue()


def test_an_email_goes_through_django_mail() -> None:
    message = message_send(
        channel="email",
        to="dan@example.vn",
        subject="Đơn của ông/bà\nBcc: injected@example.com",
        body="Đơn số 12/2026 đã được tiếp nhận.",
    )

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["dan@example.vn"]
    assert sent.subject == "Đơn của ông/bà Bcc: injected@example.com"  # one line, no header
    assert sent.body == "Đơn số 12/2026 đã được tiếp nhận."
    assert Message.objects.get(pk=message.pk).status == "sent"


def test_a_failed_send_is_recorded_and_not_raised(settings: Any) -> None:
    settings.DANVAN_SMS_BACKEND = f"{__name__}.BrokenSMSBackend"

    message = message_send(channel="sms", to="0912345678", body="Nội dung")

    message.refresh_from_db()
    assert message.status == Message.Status.FAILED
    assert "gateway unreachable" in message.error
    assert message.sent_at is None


def test_a_failed_send_raises_when_asked(settings: Any) -> None:
    settings.DANVAN_SMS_BACKEND = f"{__name__}.BrokenSMSBackend"

    with pytest.raises(DeliveryFailed) as failed:
        message_send(channel="sms", to="0912345678", body="Nội dung", fail_silently=False)

    logged = Message.objects.get(pk=failed.value.message_id)
    assert logged.status == Message.Status.FAILED


def test_a_failed_email_is_recorded(settings: Any) -> None:
    settings.EMAIL_BACKEND = "tests.does.not.Exist"

    message = message_send(channel="email", to="dan@example.vn", subject="S", body="B")

    assert Message.objects.get(pk=message.pk).status == Message.Status.FAILED


def test_a_failed_message_can_be_sent_again_and_a_sent_one_is_not_repeated(
    settings: Any, sms_outbox: list[SentSMS]
) -> None:
    settings.DANVAN_SMS_BACKEND = f"{__name__}.BrokenSMSBackend"
    message = message_send(channel="sms", to="0912345678", body="Nội dung")
    settings.DANVAN_SMS_BACKEND = IN_MEMORY

    message_deliver(message=message)
    message_deliver(message=message)

    assert message.status == Message.Status.SENT
    assert len(sms_outbox) == 1


def test_a_deferred_message_is_sent_by_the_task_after_commit(
    sms_outbox: list[SentSMS], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = message_send(channel="sms", to="0912345678", body="Nội dung", defer=True)
        assert message.status == Message.Status.QUEUED
        assert sms_outbox == []

    for callback in callbacks:  # the transaction commits: the task is enqueued and runs
        callback()

    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert sms_outbox == [SentSMS(to="+84912345678", body="Nội dung")]


def test_the_task_reports_a_purged_message() -> None:
    from danvan.messaging.tasks import send_message_task

    result = send_message_task.enqueue(987654)

    assert result.return_value == "missing"


def test_old_messages_are_purged_after_the_retention_period(settings: Any) -> None:
    settings.DANVAN_MESSAGE_RETENTION_DAYS = 30
    old = message_send(channel="email", to="a@example.vn", subject="S", body="B")
    recent = message_send(channel="email", to="b@example.vn", subject="S", body="B")
    Message.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=31))

    assert messages_purge() == 1
    assert list(Message.objects.values_list("pk", flat=True)) == [recent.pk]

    out = io.StringIO()
    call_command("purge-messages", "--days", "0", stdout=out)
    assert not Message.objects.exists()
    assert "1" in out.getvalue()


def test_the_console_backend_masks_the_number_in_the_log(caplog: Any) -> None:
    with caplog.at_level("INFO", logger="danvan.messaging"):
        ConsoleSMSBackend(stream=io.StringIO()).send(to="+84912345678", body="Nội dung")

    assert "+849****5678" in caplog.text
    assert "+84912345678" not in caplog.text
