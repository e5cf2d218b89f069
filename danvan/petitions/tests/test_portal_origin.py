"""Officers see on the case page that a petition came through the portal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from danvan.portal.models import PortalSubmission

pytestmark = pytest.mark.django_db


def test_the_case_page_shows_consent_and_the_point(register, client, persona):
    petition = register(kind="feedback", channel="web")
    PortalSubmission.objects.create(
        petition=petition,
        phone_hash="x",
        latitude=Decimal("18.0612"),
        longitude=Decimal("106.3915"),
        consent_at=timezone.make_aware(dt.datetime(2026, 2, 10, 8, 30)),
        privacy_notice_version="2026-11",
    )
    client.force_login(persona("hoanhson.canbo"))

    page = client.get(f"/petitions/{petition.public_id}/").content.decode()

    assert "Gửi qua cổng thông tin" in page
    assert "18.0612" in page
