"""Fixtures for the case file: a registering organisation and a helper to register."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danvan.organizations.models import Organization
from danvan.petitions.services import PetitionerInput, petition_register
from danvan.places.models import AdminUnit


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.fixture
def hoanhson_ubnd(db: Any) -> Organization:
    return Organization.objects.get(code="hoanhson-ubnd")


@pytest.fixture
def hoanhson(db: Any) -> AdminUnit:
    return AdminUnit.objects.get(code="18832", valid_to__isnull=True)


@pytest.fixture
def register(persona: Any, hoanhson_ubnd: Organization, hoanhson: AdminUnit) -> Any:
    """`register(kind="complaint", received_on=d("2026-02-10"), ...)` with sensible defaults."""

    def make(**overrides: Any) -> Any:
        fields: dict[str, Any] = {
            "actor": persona("hoanhson.canbo"),
            "organization": hoanhson_ubnd,
            "kind": "complaint",
            "channel": "in_person",
            "received_on": d("2026-02-10"),
            "content": "Khiếu nại quyết định thu hồi đất ở của gia đình tại tổ dân phố Ba Đồng.",
            "admin_unit": hoanhson,
            "petitioners": [
                PetitionerInput(
                    full_name="Nguyễn Văn An",
                    address="Tổ dân phố Ba Đồng, phường Hoành Sơn",
                    phone="0912345678",
                    id_number="042080001234",
                )
            ],
        }
        fields.update(overrides)
        return petition_register(**fields)

    return make
