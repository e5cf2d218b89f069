"""The demo's compensation programmes tell the seed story at every stage."""

from __future__ import annotations

import pytest
from django.db.models import Count

from danvan.compensation.demo import load_demo_compensation
from danvan.compensation.models import (
    ApprovalBatch,
    CompensationProgram,
    Household,
    MobilizationVisit,
    Objection,
    Posting,
)
from danvan.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_the_demo_compensation(api_client_for):
    """One load (it takes a while), three stories."""
    load_demo_compensation({o.code: o for o in Organization.objects.all()})
    check_the_marine_programme(api_client_for)
    check_the_relocation_of_tan_phuc_thanh()
    check_objections_and_visits_reach_the_petitions()


def _statuses(code):
    rows = Household.objects.filter(program__code=code).values_list("status")
    return dict(rows.annotate(n=Count("pk")))


def check_the_marine_programme(api_client_for):
    program = CompensationProgram.objects.get(code="marine-2016")
    assert program.organization is not None
    assert program.organization.code == "ht-ubnd"
    statuses = _statuses("marine-2016")
    assert 280 <= sum(statuses.values()) <= 320
    assert set(statuses) >= {
        "not_declared", "declared", "inventoried", "verified", "posted", "objecting",
        "approved", "paid", "refused",
    }  # fmt: skip
    categories = set(program.households.values_list("assets__asset_category", flat=True))
    assert {"fishing_vessel_owner", "fishing_vessel_worker", "fishing_net", "fishing_gear"} <= (
        categories
    )
    paid = Household.objects.filter(program=program, status="paid").first()
    assert paid is not None
    body = api_client_for("tinh.danvan").get(f"/api/v1/compensation/households/{paid.public_id}/")
    assert body.status_code == 200
    assert body.json()["amount_total"] == str(paid.approved_total)
    # Former communes: Hoành Sơn's officer sees the 2016 households of Xã Kỳ Lợi.
    listed = api_client_for("hoanhson.canbo").get(
        "/api/v1/compensation/households/", {"program": program.public_id, "page_size": 500}
    )
    assert listed.status_code == 200
    units = {row["admin_unit"] for row in listed.json()["results"]}
    assert "18796" in units  # Xã Kỳ Lợi


def check_the_relocation_of_tan_phuc_thanh():
    program = CompensationProgram.objects.get(code="tan-phuc-thanh-2018")
    assert program.kind == "land_recovery"
    assert program.posting_days == 20
    statuses = _statuses(program.code)
    assert sum(statuses.values()) == 60
    assert set(statuses) >= {"verified", "posted", "objecting", "approved", "paid"}
    categories = set(program.households.values_list("assets__asset_category", flat=True).distinct())
    assert {"land_parcel", "house", "structure", "tree", "relocation_support"} <= categories
    posting = Posting.objects.get(program=program)
    assert (posting.posted_to - posting.posted_from).days + 1 >= 20
    assert ApprovalBatch.objects.filter(program=program, decision_number="356/QĐ-UBND").exists()
    assert program.households.exclude(handed_over_on=None).exists()


def check_objections_and_visits_reach_the_petitions():
    assert Objection.objects.filter(petition__isnull=False).count() >= 10
    assert Objection.objects.filter(resolved_on__isnull=True).exists()
    assert MobilizationVisit.objects.count() >= 50
    assert MobilizationVisit.objects.filter(petition__isnull=False).exists()
    stuck = Household.objects.exclude(status__in=["paid", "refused"]).order_by("status_changed_at")
    oldest = stuck.first()
    assert oldest is not None
    assert oldest.status_changed_at is not None
    assert oldest.status_changed_at.year < 2019
