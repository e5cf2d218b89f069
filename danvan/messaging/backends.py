"""SMS backends: the gateway that carries a text message to a phone.

`DANVAN_SMS_BACKEND` names the class (dotted path). A backend's `send` returns when the
gateway has accepted the message and raises any exception when it has not; the service
records the outcome. A real gateway (a telecom's or an SMS brand-name provider's HTTP API)
is a subclass of `BaseSMSBackend` configured from the environment."""

from __future__ import annotations

import abc
import logging
import sys
import threading
from dataclasses import dataclass
from typing import TextIO

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_SMS_BACKEND = "danvan.messaging.backends.ConsoleSMSBackend"

logger = logging.getLogger("danvan.messaging")


def mask_phone(number: str) -> str:
    """`+84912345678` → `+849****5678`: enough to tell messages apart in a log."""
    if len(number) <= 8:
        return "****"
    return number[:4] + "****" + number[-4:]


class BaseSMSBackend(abc.ABC):
    """An SMS gateway: subclass it and name the subclass in `DANVAN_SMS_BACKEND`."""

    @abc.abstractmethod
    def send(self, *, to: str, body: str) -> None:
        """Deliver one message or raise; the caller records the outcome."""


class ConsoleSMSBackend(BaseSMSBackend):
    """Writes each SMS to standard output and to the log (development, the demo)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream

    def send(self, *, to: str, body: str) -> None:
        stream = self.stream or sys.stdout
        stream.write(f"SMS to {to}\n{body}\n{'-' * 40}\n")
        stream.flush()
        logger.info("SMS to %s (%d characters)", mask_phone(to), len(body))


@dataclass(frozen=True)
class SentSMS:
    to: str
    body: str


# Like Django's locmem e-mail backend: tests read and empty this list.
outbox: list[SentSMS] = []
_outbox_lock = threading.Lock()


class InMemorySMSBackend(BaseSMSBackend):
    """Keeps each SMS in `danvan.messaging.backends.outbox` (tests)."""

    outbox = outbox

    def send(self, *, to: str, body: str) -> None:
        with _outbox_lock:
            outbox.append(SentSMS(to=to, body=body))


def get_sms_backend() -> BaseSMSBackend:
    path = getattr(settings, "DANVAN_SMS_BACKEND", DEFAULT_SMS_BACKEND) or DEFAULT_SMS_BACKEND
    backend_class = import_string(path)
    backend: BaseSMSBackend = backend_class()
    return backend
