"""Organisation pages and API: filters, accent-insensitive search, constant query counts."""

from __future__ import annotations

import pytest

from danvan.organizations.models import Organization
from danvan.organizations.services import organization_create

pytestmark = pytest.mark.django_db


def test_the_list_page_filters_by_kind_and_finds_without_accents(client, persona):
    client.force_login(persona("hoanhson.canbo"))

    page = client.get("/organizations/?q=hoanh son&kind=fatherland_front").content.decode()

    assert 'href="/organizations/hoanhson-mttq/"' in page
    assert 'href="/organizations/hoanhson-ubnd/"' not in page


def test_former_organisations_are_listed_only_on_request(client, persona):
    client.force_login(persona("tinh.danvan"))

    default = client.get("/organizations/?q=ky anh").content.decode()
    with_former = client.get("/organizations/?q=ky anh&include_former=1").content.decode()

    assert "Ban Dân vận Thị ủy Kỳ Anh" not in default
    assert "Ban Dân vận Thị ủy Kỳ Anh" in with_former


def test_the_detail_page_shows_members_and_jurisdiction(client, persona):
    client.force_login(persona("hoanhson.canbo"))

    page = client.get("/organizations/hoanhson-ubnd/").content.decode()

    assert "Lê Quang Hưng" in page
    assert "Chủ tịch UBND phường" in page
    assert "Phường Hoành Sơn" in page


def test_an_unknown_organisation_is_404(client, persona):
    client.force_login(persona("hoanhson.canbo"))

    assert client.get("/organizations/khong-co/").status_code == 404


def test_list_page_query_count_does_not_grow_with_rows(
    client, persona, django_assert_max_num_queries
):
    client.force_login(persona("tinh.danvan"))
    client.get("/organizations/")  # warm caches (content types, session)
    for n in range(40):
        organization_create(
            actor=None,
            code=f"extra-{n}",
            name=f"Chi hội {n}",
            kind="mass_organization",
            level="commune",
            parent=Organization.objects.get(code="hoanhson-hnd"),
        )

    with django_assert_max_num_queries(14):
        response = client.get("/organizations/")

    assert response.status_code == 200


def test_api_list_and_detail(api_client_for, django_assert_max_num_queries):
    client = api_client_for("hoanhson.canbo")

    with django_assert_max_num_queries(8):
        listing = client.get("/api/v1/organizations/?level=commune&q=hoành sơn")
    detail = client.get("/api/v1/organizations/hoanhson-ubnd/")

    codes = {row["code"] for row in listing.json()["results"]}
    assert "hoanhson-ubnd" in codes
    assert all(code.startswith("hoanhson-") for code in codes)
    assert detail.json()["jurisdiction"] == ["18832"]
    assert detail.json()["parent"] == "ht-ubnd"


def test_me_describes_memberships_and_scope(api_client_for):
    body = api_client_for("tinh.danvan").get("/api/v1/me/").json()

    assert body["memberships"][0]["role"] == "specialist"
    assert body["scope_everything"] is False
    assert body["scope_unit_count"] > 69  # the whole province, with villages and history


def test_the_admin_adds_an_officer_to_an_organisation_through_the_service(client, persona):
    from danvan.audit.models import AuditEvent
    from danvan.organizations.models import Membership

    admin = persona("admin")
    client.force_login(admin)
    organization = Organization.objects.get(code="haininh-ubnd")
    page = client.get(f"/admin/organizations/organization/{organization.pk}/change/")
    form = page.context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    data["jurisdiction"] = [unit.pk for unit in organization.jurisdiction.all()]
    data["parent"] = organization.parent_id
    for prefix, total in (("memberships", 0), ("memberships-2", 1)):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": total,
                f"{prefix}-INITIAL_FORMS": 0,
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
    data.update(
        {
            "memberships-2-0-user": persona("songtri.canbo").pk,
            "memberships-2-0-role": "officer",
            "memberships-2-0-title": "Biệt phái",
        }
    )

    response = client.post(f"/admin/organizations/organization/{organization.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    membership = Membership.objects.get(organization=organization, user__username="songtri.canbo")
    assert membership.title == "Biệt phái"
    assert AuditEvent.objects.filter(action="membership.add", target_id=str(membership.pk)).exists()
