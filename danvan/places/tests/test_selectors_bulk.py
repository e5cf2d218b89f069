"""The bulk reads of history: unit by unit, what each unit holds, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.places.models import AdminUnit
from danvan.places.selectors import (
    current_successors,
    current_successors_each,
    unit_ids_within,
    unit_ids_within_each,
)
from danvan.places.tests.conftest import BEFORE

pytestmark = pytest.mark.django_db

HOANH_SON, VUNG_ANG, HAI_NINH = "18832", "18823", "18781"


def province_units(unit) -> list[AdminUnit]:
    """Every unit of Hà Tĩnh, today's and former ones, the province itself included."""
    return list(AdminUnit.objects.filter(path__startswith=unit("42").path))


@pytest.mark.parametrize("levels", [None, {"village"}, {"commune"}, set()])
def test_every_unit_holds_itself_and_its_descendants_of_those_levels(unit, levels):
    units = province_units(unit)
    assert len([u for u in units if u.level == "commune" and u.valid_to is None]) == 69
    assert any(u.valid_to is not None for u in units)

    bulk = unit_ids_within_each(units, levels=levels)

    assert set(bulk) == {u.pk for u in units}
    for each in units:
        below = {
            u.pk
            for u in units
            if u.path.startswith(each.path) and (levels is None or u.level in levels)
        }
        assert {each.pk} | below <= bulk[each.pk], each.name
    wanted = {u.pk for u in units if levels is None or u.level in levels}
    assert bulk[unit("42").pk] >= wanted


def test_several_units_together_hold_what_each_holds(unit):
    tan_phuc_thanh = unit("18796-01", on=BEFORE)
    hoanh_son, vung_ang, hai_ninh = unit(HOANH_SON), unit(VUNG_ANG), unit(HAI_NINH)

    # Kỳ Lợi's hamlet went to Hoành Sơn: it is within a group that holds Hoành Sơn only
    assert tan_phuc_thanh.pk not in unit_ids_within([vung_ang, hai_ninh])
    together = unit_ids_within([hoanh_son, vung_ang])
    assert tan_phuc_thanh.pk in together
    bulk = unit_ids_within_each([hoanh_son, vung_ang])
    assert together == bulk[hoanh_son.pk] | bulk[vung_ang.pk]


def test_unit_ids_within_each_follows_the_ky_loi_split(unit):
    ky_loi = unit("18796", on=BEFORE)
    tan_phuc_thanh = unit("18796-01", on=BEFORE)
    wards = [unit(HOANH_SON), unit(VUNG_ANG), unit(HAI_NINH)]

    bulk = unit_ids_within_each(wards)

    # Kỳ Lợi counts under its three successors, its hamlet only under Hoành Sơn, where it went.
    assert all(ky_loi.pk in bulk[ward.pk] for ward in wards)
    assert [tan_phuc_thanh.pk in bulk[ward.pk] for ward in wards] == [True, False, False]
    went_to_hoanh_son = AdminUnit.objects.get(name="Tổ dân phố Tân Phúc Thành", valid_to=None)
    assert went_to_hoanh_son.pk in bulk[wards[0].pk]


def test_unit_ids_within_each_follows_history_over_two_generations(unit):
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
    units = province_units(unit)

    bulk = unit_ids_within_each(units)

    # The new ward holds Hoành Sơn's history: Kỳ Lợi, and the hamlet that went there
    assert unit("18796", on=BEFORE).pk in bulk[later.pk]
    assert bulk[hoanh_son.pk] | {later.pk} <= bulk[later.pk]
    assert unit("18796-01", on=BEFORE).pk in bulk[later.pk]


def test_unit_ids_within_each_takes_two_queries_for_any_number_of_units(
    unit, django_assert_num_queries
):
    communes = [u for u in province_units(unit) if u.level == "commune"]
    assert len(communes) > 60

    with django_assert_num_queries(2):
        unit_ids_within_each(communes[:3])
    with django_assert_num_queries(2):
        unit_ids_within_each(communes)
    with django_assert_num_queries(0):
        assert unit_ids_within_each([]) == {}


def test_current_successors_each_matches_current_successors(unit, django_assert_num_queries):
    units = province_units(unit)
    former = [u for u in units if u.valid_to is not None]
    assert len(former) > 10
    expected = {u.pk: current_successors(u) for u in units}

    with django_assert_num_queries(2):
        bulk = current_successors_each(units)

    assert bulk == expected
    ky_loi = unit("18796", on=BEFORE)
    assert [u.name for u in bulk[ky_loi.pk]] == [
        "Phường Vũng Áng",
        "Phường Hoành Sơn",
        "Phường Hải Ninh",
    ]
    with django_assert_num_queries(0):
        assert all(u.parent is not None and u.parent.name for u in bulk[ky_loi.pk])
    today = [u for u in units if u.valid_to is None]
    with django_assert_num_queries(0):
        assert current_successors_each(today) == {u.pk: [u] for u in today}
