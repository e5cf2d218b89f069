"""Fixtures of the deadlines tests: personas, clients and a calendar cache that starts empty."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from rest_framework.test import APIClient

from danvan.deadlines.calendar import invalidate_calendar_cache
from danvan.deadlines.models import LegalRule

PASSWORD = "mat-khau-an-toan-1"


@pytest.fixture(autouse=True)
def _fresh_calendar_cache() -> Iterator[None]:
    # Each test's database is rolled back; the cached overrides must not outlive it.
    invalidate_calendar_cache()
    yield
    invalidate_calendar_cache()


@pytest.fixture
def officer(django_user_model: Any) -> Any:
    """A commune officer: logs in, no administrator rights."""
    return django_user_model.objects.create_user("lich.canbo", password=PASSWORD)


@pytest.fixture
def administrator(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user(
        "quantri", password=PASSWORD, is_superuser=True, is_staff=True
    )


@pytest.fixture
def officer_client(client: Any, officer: Any) -> Any:
    client.force_login(officer)
    return client


@pytest.fixture
def admin_client_(client: Any, administrator: Any) -> Any:
    client.force_login(administrator)
    return client


@pytest.fixture
def api_client(officer: Any) -> APIClient:
    api = APIClient()
    api.force_authenticate(officer)
    return api


def make_rule(**fields: Any) -> LegalRule:
    """An unsaved rule (compute_due_date needs no database)."""
    values: dict[str, Any] = {
        "code": "test.rule",
        "title": "Quy định thử",
        "step": LegalRule.Step.RESOLVE,
        "period": 30,
        "unit": LegalRule.Unit.DAYS,
        "start_event": LegalRule.StartEvent.ACCEPTANCE,
        "source": "Điều thử",
        "max_extensions": 0,
    }
    values.update(fields)
    return LegalRule(**values)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
