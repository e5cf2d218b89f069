"""The demo's marine-incident households, at every stage of the pipeline."""

from __future__ import annotations

import pytest

from danvan.compensation.demo import load_demo_compensation
from danvan.compensation.models import CompensationProgram, Household
from danvan.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_the_demo_households(api_client_for):
    load_demo_compensation({o.code: o for o in Organization.objects.all()})

    program = CompensationProgram.objects.get(code="marine-2016")
    assert program.organization is not None
    assert program.organization.code == "ht-ubnd"
    assert Household.objects.filter(program=program).count() == 45
    statuses = set(Household.objects.values_list("status", flat=True))
    assert {"not_declared", "declared", "verified", "posted", "approved", "paid"} <= statuses
    paid = Household.objects.filter(status="paid").first()
    assert paid is not None
    body = api_client_for("tinh.danvan").get(f"/api/v1/compensation/households/{paid.public_id}/")
    assert body.status_code == 200
    assert body.json()["amount_total"] == str(paid.approved_total)
