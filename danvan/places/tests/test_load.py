from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from danvan.audit.models import AuditEvent
from danvan.core.text import fold
from danvan.places.models import AdminUnit, AdminUnitSuccession
from danvan.places.services import admin_units_load

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load-admin-units", stdout=out)
    return out.getvalue()


def test_load_gives_34_provinces_and_69_communes_of_ha_tinh_and_is_idempotent():
    # Given an empty database
    # When the command runs
    output = load()

    # Then today's 34 provinces and Hà Tĩnh's 69 communes and wards are there
    provinces = AdminUnit.objects.filter(level="province").current()
    assert provinces.count() == 34
    assert AdminUnit.objects.filter(level="commune").current().count() == 3321
    ha_tinh = provinces.get(code="42")
    assert (ha_tinh.name, ha_tinh.short_name, ha_tinh.valid_from) == (
        "Tỉnh Hà Tĩnh",
        "Hà Tĩnh",
        None,
    )
    assert ha_tinh.children.filter(level="commune").current().count() == 69
    ha_noi = provinces.get(code="1")
    assert (ha_noi.name, ha_noi.short_name) == ("Thành phố Hà Nội", "Hà Nội")
    hoanh_son = AdminUnit.objects.current().get(code="18832")
    assert hoanh_son.name == "Phường Hoành Sơn"
    assert hoanh_son.short_name == "Hoành Sơn"
    assert hoanh_son.division_type == "phường"
    assert hoanh_son.valid_from == dt.date(2025, 7, 1)
    assert hoanh_son.search_name == "phuong hoanh son"
    assert hoanh_son.path == f"/{ha_tinh.pk}/{hoanh_son.pk}/"
    assert "34" in output
    assert "3321" in output
    # One audit event sums the load up
    events = AuditEvent.objects.filter(action="admin_units.load")
    assert events.count() == 1
    assert events.get().changes["units.province"] == {"before": 0, "after": 34}

    # When it runs again
    counts = (AdminUnit.objects.count(), AdminUnitSuccession.objects.count())
    output = load()

    # Then nothing is created or changed, nothing duplicated, nothing audited
    assert (AdminUnit.objects.count(), AdminUnitSuccession.objects.count()) == counts
    duplicates = (
        AdminUnit.objects.values("code", "valid_from").annotate(n=Count("id")).filter(n__gt=1)
    )
    assert not duplicates.exists()
    assert "tạo mới / created: 0; cập nhật / updated: 0" in output
    assert events.count() == 1


def test_every_path_extends_its_parents_path(ha_tinh):
    units = {u.pk: u for u in AdminUnit.objects.all()}
    for unit in units.values():
        parent_path = units[unit.parent_id].path if unit.parent_id else "/"
        assert unit.path == f"{parent_path}{unit.pk}/"
        assert unit.search_name == fold(unit.name)


def test_a_second_load_restores_a_changed_name_only(ha_tinh):
    # Given a ward whose name was changed in the database
    AdminUnit.objects.filter(code="18832", valid_from=dt.date(2025, 7, 1)).update(
        name="Phường Hoanh Son", search_name="x"
    )

    # When the units are loaded again
    result = admin_units_load(provinces={"42"})

    # Then only that ward is updated
    assert (result.created, result.updated) == (0, 1)
    ward = AdminUnit.objects.get(code="18832", valid_from=dt.date(2025, 7, 1))
    assert (ward.name, ward.search_name) == ("Phường Hoành Sơn", "phuong hoanh son")
    event = AuditEvent.objects.filter(action="admin_units.load").latest("id")
    assert event.changes["units.updated"] == {"before": None, "after": 1}


def test_history_of_ky_anh_is_loaded(ha_tinh, unit):
    # Then the former district-level town and district end on 30 June 2025
    town = AdminUnit.objects.get(code="449")
    assert (town.name, town.level, town.valid_to) == (
        "Thị xã Kỳ Anh",
        "district",
        dt.date(2025, 6, 30),
    )
    assert town.parent == unit("42")
    assert AdminUnit.objects.get(code="447").name == "Huyện Kỳ Anh"
    # codes are reused: 18832 is Kỳ Phương until 30 June 2025 and Hoành Sơn since 1 July
    assert {u.name for u in AdminUnit.objects.filter(code="18832")} == {
        "Phường Hoành Sơn",
        "Phường Kỳ Phương",
    }
    ky_loi = unit("18796", on=dt.date(2018, 1, 1))
    assert ky_loi.parent == town
    assert {v.name for v in ky_loi.children.all()} == {
        "Thôn Tân Phúc Thành",
        "Thôn Đông Yên",
        "Thôn Hải Phong",
        "Thôn Thắng Lợi",
    }
    # Kỳ Lợi is split among three wards, with the resolution and a note
    links = AdminUnitSuccession.objects.filter(predecessor=ky_loi).order_by("pk")
    assert [link.successor.name for link in links] == [
        "Phường Vũng Áng",
        "Phường Hoành Sơn",
        "Phường Hải Ninh",
    ]
    assert {link.kind for link in links} == {"split"}
    assert {link.legal_basis for link in links} == {"Nghị quyết 1665/NQ-UBTVQH15"}
    assert all(link.note.startswith("Xã Kỳ Lợi được chia") for link in links)
    # Kỳ Hoa and Kỳ Tân merged into today's Xã Kỳ Hoa, which took Kỳ Tân's code
    ky_hoa = unit("18814")
    assert ky_hoa.name == "Xã Kỳ Hoa"
    assert {p.predecessor.name for p in ky_hoa.predecessor_links.all()} == {
        "Xã Kỳ Hoa",
        "Xã Kỳ Tân",
    }
    # Every current ward of the former town has street blocks
    for code in ("18832", "18823", "18754", "18781"):
        assert unit(code).children.filter(level="village").count() >= 4
    village_link = AdminUnitSuccession.objects.get(predecessor__code="18796-01")
    assert (village_link.kind, village_link.successor.name) == (
        "transfer",
        "Tổ dân phố Tân Phúc Thành",
    )
    assert village_link.successor.parent == unit("18832")


def test_no_history_option_loads_the_package_only(db):
    links_before = AdminUnitSuccession.objects.count()
    districts_before = AdminUnit.objects.filter(level="district").count()

    result = admin_units_load(provinces={"42"}, with_history=False)

    assert not result.history_loaded
    assert AdminUnit.objects.filter(level="district").count() == districts_before
    assert AdminUnitSuccession.objects.count() == links_before
