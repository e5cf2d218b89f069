"""The demo's consultations: one reported with every comment answered, one open now."""

from __future__ import annotations

import pytest

from danvan.consultations.demo import load_demo_consultations
from danvan.consultations.models import Consultation
from danvan.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_the_demo_consultations(api_client_for):
    orgs = {o.code: o for o in Organization.objects.all()}
    load_demo_consultations(orgs)
    load_demo_consultations(orgs)  # once only
    relocation = Consultation.objects.get(title__contains="Tân Phúc Thành")
    assert relocation.status == "reported"
    assert relocation.sections.count() == 4
    assert relocation.comments.count() == 4
    assert not relocation.comments.filter(response_kind="").exists()
    plan = Consultation.objects.get(title__contains="kinh tế - xã hội")
    assert plan.status == "open"
    listed = api_client_for("hoanhson.canbo").get("/api/v1/consultations/")
    assert listed.status_code == 200
    rows = {row["title"]: row for row in listed.json()["results"]}
    assert rows[plan.title]["comments_count"] == 3
