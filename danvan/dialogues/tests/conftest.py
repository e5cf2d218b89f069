"""Fixtures: Hoành Sơn's People's Committee plans and holds dialogues in its ward."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from danvan.dialogues import services
from danvan.dialogues.models import Dialogue
from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit


@pytest.fixture
def hoanhson_ubnd(db: Any) -> Organization:
    return Organization.objects.get(code="hoanhson-ubnd")


@pytest.fixture
def hoanhson(db: Any) -> AdminUnit:
    return AdminUnit.objects.get(code="18832", valid_to__isnull=True)


@pytest.fixture
def officer(persona: Any) -> Any:
    return persona("hoanhson.canbo")


@pytest.fixture
def plan(officer: Any, persona: Any, hoanhson_ubnd: Organization, hoanhson: AdminUnit) -> Any:
    """`plan(title=..., held_on=...)`: a planned dialogue in Hoành Sơn, chaired by its head."""

    def make(**overrides: Any) -> Dialogue:
        fields: dict[str, Any] = {
            "actor": officer,
            "organization": hoanhson_ubnd,
            "admin_unit": hoanhson,
            "title": "Đối thoại với các hộ dân về bồi thường sự cố môi trường biển",
            "held_on": timezone.localdate() - dt.timedelta(days=10),
            "place": "Hội trường UBND phường Hoành Sơn",
            "chair": persona("hoanhson.chutich"),
        }
        fields.update(overrides)
        return services.dialogue_plan(**fields)

    return make


@pytest.fixture
def held(plan: Any, officer: Any) -> Dialogue:
    dialogue = plan()
    return services.dialogue_hold(
        actor=officer,
        dialogue=dialogue,
        held_on=dialogue.held_on,
        summary="Các hộ dân nêu 3 ý kiến; UBND phường trả lời và cam kết.",
    )
