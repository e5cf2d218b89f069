"""Fixtures of the portal's tests: the messaging interface replaced by an outbox, an empty
cache (rate limits) for each test, and a valid submission to vary."""

from __future__ import annotations

import sys
import types
from typing import Any

import pytest
from django.core.cache import cache

from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit
from danvan.portal.forms import new_submission_key


@pytest.fixture(autouse=True)
def _empty_cache(settings: Any) -> Any:
    # An empty cache also makes the form's places be read again (a new version), so they are
    # kept across the requests of one test as in production.
    settings.PORTAL_PLACES_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def sent(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, str]]:
    """Messages the portal sent through `danvan.messaging.services.message_send`."""
    outbox: list[dict[str, str]] = []

    def message_send(*, channel: str, to: str, subject: str, body: str) -> object:
        outbox.append({"channel": channel, "to": to, "subject": subject, "body": body})
        return object()

    try:
        import danvan.messaging.services as module
    except ImportError:  # the messaging app is being built alongside
        module = types.ModuleType("danvan.messaging.services")
        monkeypatch.setitem(sys.modules, "danvan.messaging.services", module)
    monkeypatch.setattr(module, "message_send", message_send, raising=False)
    return outbox


@pytest.fixture
def hoanhson(db: Any) -> AdminUnit:
    return AdminUnit.objects.get(code="18832", valid_to__isnull=True)


@pytest.fixture
def ba_dong(hoanhson: AdminUnit) -> AdminUnit:
    return AdminUnit.objects.get(parent=hoanhson, name="Tổ dân phố Ba Đồng")


@pytest.fixture
def hoanhson_ubnd(db: Any) -> Organization:
    return Organization.objects.get(code="hoanhson-ubnd")


@pytest.fixture
def form_data(hoanhson: AdminUnit, ba_dong: AdminUnit) -> Any:
    """`form_data(kind="complaint", phone="")` → POST data of a valid submission, changed."""

    def make(**changes: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "key": new_submission_key(),
            "kind": "feedback",
            "commune": str(hoanhson.pk),
            "village": str(ba_dong.pk),
            "title": "",
            "content": "Đèn đường ở tổ dân phố Ba Đồng bị hỏng ba tuần nay, buổi tối rất tối.",
            "latitude": "",
            "longitude": "",
            "full_name": "Nguyễn Thị Mai",
            "phone": "0912 345 678",
            "email": "",
            "address": "Tổ dân phố Ba Đồng, phường Hoành Sơn",
            "consent": "on",
            "website": "",
        }
        data.update(changes)
        return {key: value for key, value in data.items() if value is not None}

    return make


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
