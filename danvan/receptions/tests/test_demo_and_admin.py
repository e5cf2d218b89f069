"""The reception demo data, and the administrator's screens writing through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from danvan.audit.models import AuditEvent
from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit
from danvan.receptions.demo import load_demo_receptions
from danvan.receptions.models import ReceptionDuty, ReceptionSession, ReceptionVisit
from danvan.receptions.selectors import duty_warnings

pytestmark = pytest.mark.django_db


def test_the_demo_loads_sessions_visits_and_petitions():
    orgs = {org.code: org for org in Organization.objects.all()}

    load_demo_receptions(orgs)

    chairman_sessions = ReceptionSession.objects.filter(organization__code="hoanhson-ubnd")
    assert chairman_sessions.filter(status="held").count() >= 8
    assert chairman_sessions.filter(status="cancelled").count() == 1
    ky_loi = AdminUnit.objects.get(code="18796", valid_to__isnull=False)
    kyloi = ReceptionVisit.objects.filter(organization__code="kyloi-ubnd")
    assert kyloi.count() == 3
    assert {(v.admin_unit_id, v.register_year) for v in kyloi} == {(ky_loi.pk, 2018)}
    group = ReceptionVisit.objects.get(people_count=12)
    assert group.people.filter(is_representative=True).count() == 5
    assert group.petitions.get().collective is True
    assert ReceptionVisit.objects.filter(petitions__isnull=False).count() == 3
    today = timezone.localdate()
    missing_week = today - dt.timedelta(weeks=2)
    warnings = duty_warnings(
        organization_ids=[orgs["hoanhson-ubnd"].pk],
        year=missing_week.year,
        month=missing_week.month,
    )
    assert any(w.duty.code == "commune_chairman.weekly" for w in warnings)


def test_2018_visits_of_ky_loi_are_found_from_hoanh_son(client, persona):
    load_demo_receptions({org.code: org for org in Organization.objects.all()})
    client.force_login(persona("hoanhson.canbo"))

    page = client.get("/receptions/visits/?q=tan phuc thanh").content.decode()

    assert "Ủy ban nhân dân xã Kỳ Lợi" in page


def test_the_admin_changes_a_duty_through_the_service(client, persona):
    client.force_login(persona("admin"))
    duty = ReceptionDuty.objects.get(code="agency_head.monthly")

    response = client.post(
        f"/admin/receptions/receptionduty/{duty.pk}/change/",
        {
            "title": duty.title,
            "organization_kind": "people_committee",
            "organization_level": "",
            "membership_role": "head",
            "title_contains": "",
            "minimum_count": "1",
            "period": "month",
            "source": duty.source,
            "note": duty.note,
            "valid_from": "2014-07-01",
            "valid_to": "",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    duty.refresh_from_db()
    assert duty.organization_kind == "people_committee"
    event = AuditEvent.objects.get(action="reception_duty.update", target_id=str(duty.pk))
    assert event.changes["organization_kind"] == {"before": "", "after": "people_committee"}


def test_the_admin_shows_a_service_error_on_the_form(client, persona, hoanhson_ubnd):
    client.force_login(persona("admin"))

    response = client.post(
        "/admin/receptions/receptionsession/add/",
        {
            "organization": hoanhson_ubnd.pk,
            "receiver": persona("songtri.canbo").pk,
            "date": "2026-12-03",
            "time_from": "07:30",
            "time_to": "11:00",
            "place": "Trụ sở",
            "kind": "regular",
        },
    )

    assert response.status_code == 200
    assert "Người tiếp phải đang công tác" in response.content.decode()
    assert not ReceptionSession.objects.exists()
    assert not AuditEvent.objects.filter(action="reception_session.plan").exists()


def test_the_admin_plans_a_session_through_the_service(client, persona, hoanhson_ubnd):
    client.force_login(persona("admin"))

    response = client.post(
        "/admin/receptions/receptionsession/add/",
        {
            "organization": hoanhson_ubnd.pk,
            "receiver": persona("hoanhson.chutich").pk,
            "date": "2026-12-03",
            "time_from": "07:30",
            "time_to": "11:00",
            "place": "Trụ sở",
            "kind": "regular",
        },
    )

    assert response.status_code == 302
    session = ReceptionSession.objects.get()
    assert session.receiver_title == "Chủ tịch UBND phường"
    assert AuditEvent.objects.filter(action="reception_session.plan").count() == 1
