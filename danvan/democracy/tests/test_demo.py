"""The demo's publication register and village votes show every warning and result."""

from __future__ import annotations

import pytest

from danvan.democracy import publications
from danvan.democracy.demo import load_demo_democracy
from danvan.democracy.models import CommunityDecision
from danvan.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_the_demo_register_and_votes(persona):
    orgs = {o.code: o for o in Organization.objects.all()}
    load_demo_democracy(orgs)
    load_demo_democracy(orgs)  # once only
    rows = publications.register(publications.publications_for(persona("hoanhson.canbo")))
    assert len(rows) == 5
    codes = sorted(w.code for _publication, warnings in rows for w in warnings)
    assert codes == ["late", "short_posting"]
    decisions = {d.village: d for d in CommunityDecision.objects.all()}
    assert decisions["Tổ dân phố Tân Phúc Thành"].status == "recognized"
    assert decisions["Tổ dân phố Ba Đồng"].passed is False
    assert decisions["Tổ dân phố Hoành Sơn"].passed is True
