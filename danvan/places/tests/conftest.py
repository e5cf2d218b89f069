from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from danvan.places.models import AdminUnit
from danvan.places.selectors import resolve_unit_code
from danvan.places.services import LoadResult, admin_units_load

BEFORE = dt.date(2018, 5, 1)


@pytest.fixture
def ha_tinh(db) -> LoadResult:
    """Hà Tĩnh today (from the package) and the Kỳ Anh history: about a hundred units."""
    return admin_units_load(provinces={"42"})


@pytest.fixture
def unit(ha_tinh) -> Callable[..., AdminUnit]:
    """`unit("18832")` → today's Phường Hoành Sơn; `unit("18832", on=BEFORE)` → Kỳ Phương."""

    def get(code: str, *, on: dt.date | None = None) -> AdminUnit:
        return resolve_unit_code(code, on=on)

    return get


@pytest.fixture
def officer(django_user_model):
    return django_user_model.objects.create_user(
        username="places.canbo", password="pw-for-tests", full_name="Cán bộ Hoành Sơn"
    )


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client
