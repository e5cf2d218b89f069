"""Shared fixtures: the Kỳ Anh demo world (admin units, organisations, personas), loaded once
per test database, and API clients for the personas."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """After the test database is created: today's units, the demo area's history, and the
    demo organisations and log-ins. Each test runs in a transaction rolled back afterwards."""
    from danvan.demo.accounts import load_demo_accounts

    with django_db_blocker.unblock():
        call_command("load-admin-units", verbosity=0)
        load_demo_accounts()


@pytest.fixture
def persona(django_user_model: Any) -> Any:
    """`persona("hoanhson.canbo")` → that demo user."""

    def get(username: str) -> Any:
        return django_user_model.objects.get(username=username)

    return get


@pytest.fixture
def api_client_for(persona: Any) -> Any:
    """`api_client_for("songtri.canbo")` → an APIClient authenticated as that persona."""

    from rest_framework.test import APIClient

    def make(username: str | None) -> APIClient:
        client = APIClient()
        if username:
            client.force_authenticate(persona(username))
        return client

    return make


@pytest.fixture(autouse=True)
def _fresh_calendar_cache() -> Any:
    """The calendar caches its overrides per process; tests roll back the database, so the
    cache is emptied around each test."""
    from danvan.deadlines.calendar import invalidate_calendar_cache

    invalidate_calendar_cache()
    yield
    invalidate_calendar_cache()


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    """The cache (each process's memory in tests) holds what outlives a request: backlog
    boards of wide scopes, rate-limit counters, the portal's lists of places. Tests roll
    back the database under them, so it is emptied around each test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
