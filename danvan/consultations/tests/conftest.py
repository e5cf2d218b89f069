from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from danvan.consultations import services
from danvan.consultations.models import Consultation
from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit


def hoanhson_unit() -> AdminUnit:
    return AdminUnit.objects.get(code="18832", valid_to__isnull=True)


def make_consultation(actor: Any = None, *, days: int = 20, **changes: Any) -> Consultation:
    """A consultation on a draft of Hoành Sơn's People's Committee, published five days ago
    and lasting `days` days (the day of publication not counted)."""
    opens_on = changes.pop("opens_on", timezone.localdate() - dt.timedelta(days=5))
    fields: dict[str, Any] = {
        "title": "Dự thảo phương án bồi thường, hỗ trợ tái định cư thôn Hải Phong",
        "organization": Organization.objects.get(code="hoanhson-ubnd"),
        "admin_unit": hoanhson_unit(),
        "opens_on": opens_on,
        "closes_on": opens_on + dt.timedelta(days=days),
        "draft_text": "Chương I\nQuy định chung\nĐiều 1. Phạm vi\nNội dung điều 1.",
    }
    fields.update(changes)
    return services.consultation_create(actor=actor, **fields)


@pytest.fixture
def officer_user(persona: Any) -> Any:
    return persona("hoanhson.canbo")


@pytest.fixture
def consultation(officer_user: Any) -> Consultation:
    return make_consultation(officer_user)


@pytest.fixture
def opened(officer_user: Any, consultation: Consultation) -> Consultation:
    services.section_add(actor=officer_user, consultation=consultation, heading="Điều 1. Phạm vi")
    services.section_add(
        actor=officer_user, consultation=consultation, heading="Điều 2. Mức hỗ trợ"
    )
    return services.consultation_open(actor=officer_user, consultation=consultation)
