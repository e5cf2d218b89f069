"""The audit trail: every service write records who, when, what changed; append-only;
shown and exportable."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import DatabaseError, connection, transaction
from openpyxl import load_workbook

from danvan.audit.context import audit_source
from danvan.audit.models import AppendOnlyError, AuditEvent
from danvan.audit.services import audit_record, diff, json_value
from danvan.organizations.services import organization_create, organization_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("root", password="x-secret-1")


@pytest.fixture
def organization(admin_user):
    return organization_create(
        actor=admin_user,
        code="test-ubnd",
        name="Ủy ban nhân dân xã Thử Nghiệm",
        kind="people_committee",
        level="commune",
    )


def test_a_service_write_records_actor_action_and_before_after(admin_user, organization):
    organization_update(actor=admin_user, organization=organization, phone="0239 3865 111")

    event = AuditEvent.objects.filter(action="organization.update").get()
    assert event.actor == admin_user
    assert event.actor_label == "root"
    assert event.target_id == str(organization.pk)
    assert event.target_label == "Ủy ban nhân dân xã Thử Nghiệm"
    assert event.changes == {"phone": {"before": "", "after": "0239 3865 111"}}


def test_creation_is_recorded_with_the_new_values(admin_user, organization):
    event = AuditEvent.objects.get(action="organization.create", target_id=str(organization.pk))

    assert event.changes["name"] == {"before": None, "after": "Ủy ban nhân dân xã Thử Nghiệm"}
    assert event.actor == admin_user


def test_the_source_of_a_write_is_recorded(admin_user, organization):
    with audit_source("command"):
        event = audit_record(actor=admin_user, action="test.touch", target=organization)

    assert event.source == "command"


def test_events_cannot_be_changed_or_deleted_through_the_orm(organization):
    event = AuditEvent.objects.earliest("id")
    event.note = "sửa lén"

    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(note="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_an_update_of_an_event(organization):
    event = AuditEvent.objects.earliest("id")

    # Bypass the ORM guard: a raw UPDATE must fail in the database itself.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET note = %s WHERE id = %s", ["x", event.pk])


def test_a_failed_write_leaves_no_event_and_no_change(admin_user, organization):
    from danvan.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        organization_update(actor=admin_user, organization=organization, kind="not-a-kind")

    organization.refresh_from_db()
    assert organization.kind == "people_committee"
    assert not AuditEvent.objects.filter(action="organization.update").exists()


def test_diff_lists_only_changed_fields():
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": None}) == {"b": {"before": 2, "after": 3}}


def test_json_value_keeps_vietnamese_text_and_dates():
    import datetime as dt
    import decimal

    assert json_value(dt.date(2018, 8, 22)) == "2018-08-22"
    assert json_value(decimal.Decimal("10670000.00")) == "10670000.00"
    assert json_value("Kỳ Lợi") == "Kỳ Lợi"


def test_the_record_page_shows_its_trail(client, admin_user, organization):
    organization_update(actor=admin_user, organization=organization, phone="0239 3865 111")
    client.force_login(admin_user)

    response = client.get(f"/organizations/{organization.code}/")

    assert response.status_code == 200
    assert "organization.update" in response.content.decode()
    assert "0239 3865 111" in response.content.decode()


def test_only_administrators_read_the_whole_trail(client, django_user_model, organization):
    officer = django_user_model.objects.create_user("officer", password="x-secret-1")
    client.force_login(officer)

    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/export.xlsx").status_code == 403


def test_the_trail_exports_to_excel_and_csv_that_open(client, admin_user, organization):
    client.force_login(admin_user)

    xlsx = client.get("/audit/export.xlsx?action=organization.")
    book = load_workbook(io.BytesIO(xlsx.content))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Thời điểm"
    assert rows[1][3] == "organization.create"
    assert rows[1][6] == "Ủy ban nhân dân xã Thử Nghiệm"

    text = client.get("/audit/export.csv").content.decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0][1] == "Người thực hiện"
    assert any(row[3] == "organization.create" for row in parsed[1:])


def test_the_trail_list_filters_and_keeps_its_query_count(
    client, admin_user, organization, django_assert_max_num_queries
):
    for n in range(30):
        organization_update(actor=admin_user, organization=organization, phone=f"0{n}")
    client.force_login(admin_user)

    with django_assert_max_num_queries(12):
        response = client.get("/audit/?action=organization.update")

    assert response.status_code == 200
    assert response.content.decode().count("organization.update") >= 30
    bad = client.get("/audit/?date_from=2026-02-01&date_to=2026-01-01")
    assert "Từ ngày" in bad.content.decode()
