"""Fixtures for citizen reception: the Hoành Sơn ward, its People's Committee, and helpers
to plan sessions and enter visits with sensible defaults."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit
from danvan.receptions.services import (
    PersonInput,
    reception_session_hold,
    reception_session_plan,
    reception_visit_create,
)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def people(n: int, *, representatives: int = 0) -> list[PersonInput]:
    return [
        PersonInput(
            full_name=f"Người dân {index + 1}",
            address="Tổ dân phố Tân Phúc Thành, phường Hoành Sơn",
            is_representative=index < representatives,
        )
        for index in range(n)
    ]


@pytest.fixture
def hoanhson_ubnd(db: Any) -> Organization:
    return Organization.objects.get(code="hoanhson-ubnd")


@pytest.fixture
def songtri_ubnd(db: Any) -> Organization:
    return Organization.objects.get(code="songtri-ubnd")


@pytest.fixture
def hoanhson(db: Any) -> AdminUnit:
    return AdminUnit.objects.get(code="18832", valid_to__isnull=True)


@pytest.fixture
def plan(persona: Any, hoanhson_ubnd: Organization) -> Any:
    """`plan(date=d("2026-09-03"), held=True, ...)`: a session of the Hoành Sơn chairman."""

    def make(*, held: bool = False, **overrides: Any) -> Any:
        fields: dict[str, Any] = {
            "actor": persona("hoanhson.chutich"),
            "organization": hoanhson_ubnd,
            "receiver": persona("hoanhson.chutich"),
            "date": d("2026-09-03"),
            "time_from": dt.time(7, 30),
            "time_to": dt.time(11, 0),
            "place": "Trụ sở UBND phường Hoành Sơn",
        }
        fields.update(overrides)
        session = reception_session_plan(**fields)
        if held:
            session = reception_session_hold(actor=fields["actor"], session=session)
        return session

    return make


@pytest.fixture
def enter_visit(persona: Any, hoanhson_ubnd: Organization, hoanhson: AdminUnit) -> Any:
    """`enter_visit(visited_on=..., people=[...], ...)`: a visit in Hoành Sơn's register."""

    def make(**overrides: Any) -> Any:
        fields: dict[str, Any] = {
            "actor": persona("hoanhson.canbo"),
            "organization": hoanhson_ubnd,
            "visited_on": d("2026-09-03"),
            "admin_unit": hoanhson,
            "people": [
                PersonInput(
                    full_name="Nguyễn Văn An",
                    address="Tổ dân phố Ba Đồng, phường Hoành Sơn",
                    id_number="042080001234",
                    phone="0912345678",
                )
            ],
            "content": "Đề nghị bồi thường đất đai khi thu hồi làm đường ven biển.",
            "request": "Được bồi thường theo giá thị trường.",
            "outcome": "accepted_petition",
        }
        fields.update(overrides)
        return reception_visit_create(**fields)

    return make
