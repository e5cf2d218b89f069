from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from danvan.audit.models import AuditEvent
from danvan.core.errors import ValidationFailed
from danvan.places.models import AdminUnit, AdminUnitSuccession
from danvan.places.services import (
    admin_unit_create,
    admin_unit_succession_create,
    admin_unit_update,
)
from danvan.places.tests.conftest import BEFORE

pytestmark = pytest.mark.django_db


def test_create_a_village_sets_path_search_name_and_audits(unit, officer):
    hoanh_son = unit("18832")

    village = admin_unit_create(
        actor=officer,
        code="18832-09",
        name="Tổ dân phố Mới",
        division_type="tổ dân phố",
        level="village",
        parent=hoanh_son,
        valid_from=dt.date(2026, 1, 1),
    )

    assert village.path == f"{hoanh_son.path}{village.pk}/"
    assert village.search_name == "to dan pho moi"
    event = AuditEvent.objects.get(action="admin_unit.create", target_id=str(village.pk))
    assert event.changes["name"] == {"before": None, "after": "Tổ dân phố Mới"}
    assert event.actor == officer


@pytest.mark.parametrize(
    ("level", "parent_code", "error"),
    [
        ("village", None, "parent_required"),
        ("province", "42", "invalid_parent"),
        ("commune", "18832", "invalid_parent"),
    ],
)
def test_create_refuses_a_wrong_parent(unit, officer, level, parent_code, error):
    with pytest.raises(ValidationFailed) as caught:
        admin_unit_create(
            actor=officer,
            code="77777",
            name="Xã Thử",
            division_type="xã",
            level=level,
            parent=unit(parent_code) if parent_code else None,
        )
    assert caught.value.code == error


def test_create_refuses_a_duplicate_code_and_date(unit, officer):
    with pytest.raises(ValidationFailed):
        admin_unit_create(
            actor=officer,
            code="18832-01",
            name="Tổ dân phố Trùng",
            division_type="tổ dân phố",
            level="village",
            parent=unit("18832"),
            valid_from=dt.date(2025, 7, 1),
        )


def test_update_moves_the_subtree_and_audits(unit, officer):
    # Given Tổ dân phố Ba Đồng moved from Hoành Sơn to Vũng Áng
    village = AdminUnit.objects.current().get(code="18832-02")
    vung_ang = unit("18823")

    moved = admin_unit_update(
        actor=officer, unit=village, parent=vung_ang, name="Tổ dân phố Ba Đồng Mới"
    )

    assert moved.path == f"{vung_ang.path}{village.pk}/"
    assert moved.search_name == "to dan pho ba dong moi"
    event = AuditEvent.objects.get(action="admin_unit.update", target_id=str(village.pk))
    assert event.changes["parent"] == {"before": unit("18832").pk, "after": vung_ang.pk}


def test_update_of_a_commune_moves_its_villages(unit, officer, django_user_model):
    ky_loi = unit("18796", on=BEFORE)
    other_district = unit("447", on=BEFORE)

    admin_unit_update(actor=officer, unit=ky_loi, parent=other_district)

    for village in AdminUnit.objects.filter(parent=ky_loi):
        assert village.path.startswith(f"{other_district.path}{ky_loi.pk}/")


def test_update_refuses_unknown_fields_and_a_parent_below_itself(unit, officer):
    ky_loi = unit("18796", on=BEFORE)
    with pytest.raises(ValidationFailed):
        admin_unit_update(actor=officer, unit=ky_loi, path="/1/")
    with pytest.raises(ValidationFailed):
        admin_unit_update(actor=officer, unit=unit("42"), parent=unit("18832"))


def test_succession_create_validates_and_audits(unit, officer):
    kien = unit("18796-04", on=BEFORE)
    hoanh_son_block = AdminUnit.objects.current().get(code="18832-03")

    link = admin_unit_succession_create(
        actor=officer,
        predecessor=kien,
        successor=hoanh_son_block,
        kind="transfer",
        effective_on=dt.date(2025, 7, 1),
        legal_basis=" Nghị quyết 1665/NQ-UBTVQH15 ",
    )

    assert link.legal_basis == "Nghị quyết 1665/NQ-UBTVQH15"
    assert AuditEvent.objects.filter(action="admin_unit_succession.create").count() == 1
    with pytest.raises(ValidationFailed):  # the same link twice
        admin_unit_succession_create(
            actor=officer,
            predecessor=kien,
            successor=hoanh_son_block,
            kind="transfer",
            effective_on=dt.date(2025, 7, 1),
        )
    with pytest.raises(ValidationFailed) as cycle:  # back from today's ward to Kỳ Lợi
        admin_unit_succession_create(
            actor=officer,
            predecessor=unit("18832"),
            successor=unit("18796", on=BEFORE),
            kind="merge",
            effective_on=dt.date(2026, 1, 1),
        )
    assert cycle.value.code == "succession_cycle"
    with pytest.raises(ValidationFailed):
        admin_unit_succession_create(
            actor=officer,
            predecessor=kien,
            successor=kien,
            kind="merge",
            effective_on=dt.date(2025, 7, 1),
        )


@pytest.fixture
def admin_client_logged_in(client, django_user_model):
    admin = django_user_model.objects.create_superuser("places.admin", "a@example.org", "pw")
    client.force_login(admin)
    return client


def test_admin_lists_and_searches_units_without_accents(admin_client_logged_in, ha_tinh):
    url = reverse("admin:places_adminunit_changelist")
    response = admin_client_logged_in.get(url, {"q": "hoanh son"})
    assert response.status_code == 200
    assert "Phường Hoành Sơn" in response.content.decode()
    links = admin_client_logged_in.get(reverse("admin:places_adminunitsuccession_changelist"))
    assert links.status_code == 200


def test_admin_add_and_change_go_through_the_services(admin_client_logged_in, unit):
    hoanh_son = unit("18832")
    data = {
        "code": "18832-10",
        "name": "Tổ dân phố Thử",
        "short_name": "",
        "division_type": "tổ dân phố",
        "level": "village",
        "parent": hoanh_son.pk,
        "valid_from": "2026-01-01",
        "valid_to": "",
    }

    added = admin_client_logged_in.post(reverse("admin:places_adminunit_add"), data)

    assert added.status_code == 302, added.context["adminform"].form.errors
    village = AdminUnit.objects.get(code="18832-10")
    assert village.path == f"{hoanh_son.path}{village.pk}/"
    assert AuditEvent.objects.filter(action="admin_unit.create", source="admin").exists()

    changed = admin_client_logged_in.post(
        reverse("admin:places_adminunit_change", args=[village.pk]),
        {**data, "name": "Tổ dân phố Thử Hai"},
    )
    assert changed.status_code == 302
    village.refresh_from_db()
    assert village.search_name == "to dan pho thu hai"
    assert AuditEvent.objects.filter(action="admin_unit.update", source="admin").exists()

    wrong = admin_client_logged_in.post(
        reverse("admin:places_adminunit_add"), {**data, "code": "x", "level": "province"}
    )
    assert wrong.status_code == 200  # the form shows the error
    assert not AdminUnit.objects.filter(code="x").exists()


def test_admin_adds_a_succession_through_the_service(admin_client_logged_in, unit):
    response = admin_client_logged_in.post(
        reverse("admin:places_adminunitsuccession_add"),
        {
            "predecessor": unit("18796-04", on=BEFORE).pk,
            "successor": AdminUnit.objects.current().get(code="18832-03").pk,
            "kind": "transfer",
            "effective_on": "2025-07-01",
            "legal_basis": "Nghị quyết 1665/NQ-UBTVQH15",
            "note": "",
        },
    )

    assert response.status_code == 302
    assert AdminUnitSuccession.objects.filter(predecessor__code="18796-04").count() == 2
    assert AuditEvent.objects.filter(action="admin_unit_succession.create").exists()
