"""The demo's petitions tell the article's story and exercise every part of the case file."""

from __future__ import annotations

import pytest

from danvan.organizations.models import Organization
from danvan.petitions.demo import load_demo_petitions
from danvan.petitions.models import Petition
from danvan.petitions.selectors import PetitionFilters, identity_visible, petition_list
from danvan.places.models import AdminUnit

pytestmark = pytest.mark.django_db


def test_the_demo_petitions(persona):
    orgs = {o.code: o for o in Organization.objects.all()}

    load_demo_petitions(orgs)

    assert 190 <= Petition.objects.count() <= 230
    assert {"complaint", "denunciation", "recommendation", "feedback"} <= set(
        Petition.objects.values_list("kind", flat=True)
    )
    assert {"received", "accepted", "resolved", "replied", "forwarded", "split"} <= set(
        Petition.objects.values_list("status", flat=True)
    )
    # The collective petition of Tân Phúc Thành, with five representatives.
    collective = Petition.objects.get(signatory_count=37)
    assert collective.collective
    assert collective.petitioners.filter(is_representative=True).count() == 5
    # The 2018 backlog under the former Kỳ Lợi commune, found under its successor wards.
    ky_loi = AdminUnit.objects.get(code="18796", valid_to__isnull=False)
    backlog = Petition.objects.filter(admin_unit__parent=ky_loi, received_on__year=2018)
    hoanhson = persona("hoanhson.canbo")
    overdue_here = petition_list(hoanhson, PetitionFilters(overdue=True))
    assert overdue_here.filter(pk__in=backlog).exists()
    assert not petition_list(persona("songtri.canbo")).filter(pk__in=backlog).exists()
    # A denunciation whose identity only the assigned officer sees.
    denunciation = petition_list(hoanhson, PetitionFilters(kind="denunciation")).get()
    assert identity_visible(hoanhson, denunciation)
    assert not identity_visible(persona("hoanhson.chutich"), denunciation)
    # Citizens rated answers; some answers are published on the portal.
    from danvan.petitions.models import CitizenRating

    assert CitizenRating.objects.filter(value="unsatisfied").exists()
    assert Petition.objects.filter(answer_published=True).exists()
    # A second-round complaint linked to the first.
    assert Petition.objects.filter(round=2, previous_round__isnull=False).exists()
