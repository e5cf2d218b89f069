from __future__ import annotations

import datetime as dt

import pytest

from danvan.core.errors import ValidationFailed
from danvan.places.models import AdminUnit
from danvan.places.selectors import (
    current_successors,
    former_units,
    resolve_unit_code,
    search_units,
    unit_full_label,
    unit_ids_within,
    unit_label,
    units_under,
)
from danvan.places.tests.conftest import BEFORE

pytestmark = pytest.mark.django_db

VUNG_ANG, HOANH_SON, HAI_NINH, SONG_TRI = "18823", "18832", "18781", "18754"


def names(units) -> set[str]:
    return {u.name for u in units}


def test_units_under_ha_tinh_in_2018_and_today(unit):
    ha_tinh = unit("42")

    in_2018 = names(units_under(ha_tinh, on=BEFORE))
    today = names(units_under(ha_tinh))

    assert {"Thị xã Kỳ Anh", "Xã Kỳ Lợi", "Thôn Tân Phúc Thành"} <= in_2018
    assert "Phường Hoành Sơn" not in in_2018
    assert "Phường Hoành Sơn" in today
    assert "Tổ dân phố Tân Phúc Thành" in today
    assert not {"Thị xã Kỳ Anh", "Xã Kỳ Lợi"} & today
    assert len([u for u in units_under(ha_tinh) if u.level == "commune"]) == 69


def test_units_under_takes_one_query(unit, django_assert_num_queries):
    ha_tinh = unit("42")
    with django_assert_num_queries(1):
        list(units_under(ha_tinh))


def test_current_successors_of_ky_loi_are_the_three_wards(unit):
    ky_loi = unit("18796", on=BEFORE)

    assert [u.name for u in current_successors(ky_loi)] == [
        "Phường Vũng Áng",
        "Phường Hoành Sơn",
        "Phường Hải Ninh",
    ]
    hoanh_son = unit(HOANH_SON)
    assert current_successors(hoanh_son) == [hoanh_son]
    # A village follows its own link
    assert names(current_successors(unit("18796-01", on=BEFORE))) == {"Tổ dân phố Tân Phúc Thành"}


def test_former_units_of_hoanh_son(unit):
    assert names(former_units(unit(HOANH_SON))) == {
        "Phường Kỳ Nam",
        "Phường Kỳ Phương",
        "Phường Kỳ Liên",
        "Xã Kỳ Lợi",
    }
    assert former_units(unit(SONG_TRI, on=BEFORE)) == []


def test_former_units_are_followed_transitively(unit):
    # Given Hoành Sơn renamed later into a new ward
    hoanh_son = unit(HOANH_SON)
    later = AdminUnit.objects.create(
        code="99999",
        name="Phường Mới",
        short_name="Mới",
        division_type="phường",
        level="commune",
        parent=hoanh_son.parent,
        path="",
        valid_from=dt.date(2030, 1, 1),
    )
    later.path = f"{hoanh_son.parent.path}{later.pk}/"
    later.save()
    hoanh_son.successor_links.create(successor=later, kind="rename", effective_on=later.valid_from)

    # Then Kỳ Lợi's predecessors are reached through two generations
    assert "Xã Kỳ Lợi" in names(former_units(later))


@pytest.mark.parametrize(
    ("ward", "has_ky_loi", "has_tan_phuc_thanh"),
    [
        (VUNG_ANG, True, False),
        (HOANH_SON, True, True),
        (HAI_NINH, True, False),
        (SONG_TRI, False, False),
    ],
)
def test_records_of_ky_loi_count_under_its_three_successors(
    unit, ward, has_ky_loi, has_tan_phuc_thanh
):
    # Given a record filed in 2018 against Xã Kỳ Lợi or its hamlet Tân Phúc Thành
    ky_loi = unit("18796", on=BEFORE)
    tan_phuc_thanh = unit("18796-01", on=BEFORE)

    # When the units within today's ward are computed
    ids = unit_ids_within([unit(ward)])

    # Then Kỳ Lợi is within each of its successors, the hamlet only where it went
    assert (ky_loi.pk in ids) is has_ky_loi
    assert (tan_phuc_thanh.pk in ids) is has_tan_phuc_thanh


def test_unit_ids_within_a_ward_holds_its_own_history(unit):
    ids = unit_ids_within([unit(SONG_TRI)])

    assert names(AdminUnit.objects.filter(pk__in=ids)) == {
        "Phường Sông Trí",
        "Phường Hưng Trí",
        "Phường Kỳ Trinh",
        "Xã Kỳ Châu",
        "Tổ dân phố Hưng Hòa",
        "Tổ dân phố Trần Phú",
        "Tổ dân phố Đông Trinh",
        "Tổ dân phố Tây Trinh",
    }


def test_unit_ids_within_with_levels_keeps_only_those_descendants(unit):
    ha_tinh = unit("42")

    ids = unit_ids_within([ha_tinh], levels={"village"})

    levels = set(AdminUnit.objects.filter(pk__in=ids).values_list("level", flat=True))
    assert levels == {"province", "village"}
    assert ha_tinh.pk in ids
    # a ward with its villages keeps the wards it succeeded (and their villages)
    ward_ids = unit_ids_within([unit(HOANH_SON)], levels={"village"})
    assert unit("18796", on=BEFORE).pk in ward_ids
    assert unit("18796-01", on=BEFORE).pk in ward_ids
    assert unit("18796-03", on=BEFORE).pk not in ward_ids  # went to Vũng Áng


def test_unit_ids_within_a_province_holds_all_its_history(unit):
    ids = unit_ids_within([unit("42")])

    assert AdminUnit.objects.filter(path__startswith=unit("42").path).count() == len(ids)


def test_unit_ids_within_a_former_unit_holds_its_villages(unit):
    ky_loi = unit("18796", on=BEFORE)

    ids = unit_ids_within([ky_loi])

    assert len(ids) == 5  # the commune and its four hamlets


def test_unit_ids_within_nothing_is_empty(db):
    assert unit_ids_within([]) == set()


def test_resolve_unit_code_follows_the_date(unit):
    assert resolve_unit_code("18832").name == "Phường Hoành Sơn"
    assert resolve_unit_code("18832", on=dt.date(2018, 1, 1)).name == "Phường Kỳ Phương"
    assert resolve_unit_code("18832", on=dt.date(2025, 7, 1)).name == "Phường Hoành Sơn"
    assert resolve_unit_code(" 42 ").name == "Tỉnh Hà Tĩnh"
    # a current code that was not in use on that day gives the current unit
    new_ward = (
        AdminUnit.objects.current()
        .filter(level="commune")
        .exclude(code__in=AdminUnit.objects.filter(valid_to__isnull=False).values("code"))
        .first()
    )
    assert new_ward is not None
    assert resolve_unit_code(new_ward.code, on=dt.date(2018, 1, 1)) == new_ward


def test_resolve_unit_code_rejects_an_unknown_code(unit):
    with pytest.raises(ValidationFailed) as caught:
        resolve_unit_code("00000")
    assert caught.value.code == "unknown_admin_unit"
    assert caught.value.field == "admin_unit"
    assert "“00000”" in str(caught.value.message)
    # a former unit's code needs its date
    with pytest.raises(ValidationFailed):
        resolve_unit_code("18796")
    with pytest.raises(ValidationFailed):
        resolve_unit_code("42", levels={"commune"})


def test_unit_label_names_todays_successors(unit):
    ky_loi = unit("18796", on=BEFORE)

    assert unit_label(ky_loi) == (
        "Xã Kỳ Lợi (nay thuộc Phường Vũng Áng, Phường Hoành Sơn, Phường Hải Ninh)"
    )
    assert unit_label(ky_loi, on=BEFORE) == "Xã Kỳ Lợi"
    assert unit_label(unit(HOANH_SON)) == "Phường Hoành Sơn"
    assert unit_label(unit("449", on=BEFORE)) == "Thị xã Kỳ Anh (đến 30/06/2025)"
    assert unit_full_label(ky_loi) == "Xã Kỳ Lợi, Thị xã Kỳ Anh, Tỉnh Hà Tĩnh"
    assert unit_full_label(unit(HOANH_SON)) == "Phường Hoành Sơn, Tỉnh Hà Tĩnh"
    assert unit_full_label(unit("42")) == "Tỉnh Hà Tĩnh"


def test_search_is_accent_insensitive(unit):
    assert [u.name for u in search_units("hoanh son", level="commune")] == ["Phường Hoành Sơn"]
    assert "Phường Hoành Sơn" in names(search_units("HOÀNH   sơn"))
    assert names(search_units("ky loi")) == set()
    assert names(search_units("ky loi", include_former=True)) == {"Xã Kỳ Lợi"}
    assert names(search_units("ky loi", on=BEFORE)) == {"Xã Kỳ Lợi"}
    under_hoanh_son = search_units("tan phuc", parent=unit(HOANH_SON))
    assert names(under_hoanh_son) == {"Tổ dân phố Tân Phúc Thành"}
