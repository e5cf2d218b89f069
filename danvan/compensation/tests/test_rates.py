from __future__ import annotations

from decimal import Decimal

import pytest

from danvan.compensation.models import Rate
from danvan.compensation.rates import clean_all, clean_attributes, price, vn_number
from danvan.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db


def _price(program, category, quantity="1", **attributes):
    return price(
        program.rates.all(),
        category=category,
        quantity=Decimal(quantity),
        attributes=clean_attributes(attributes),
    )


@pytest.mark.parametrize(
    ("power", "code", "amount"),
    [
        (0, "vessel-owner-no-engine", "34980000"),
        (18, "vessel-owner-under-20cv", "64020000"),
        (19.9, "vessel-owner-under-20cv", "64020000"),
        (20, "vessel-owner-20-50cv", "91200000"),
        (49, "vessel-owner-20-50cv", "91200000"),
    ],
)
def test_vessel_owner_bands(marine, power, code, amount):
    priced = _price(marine, "fishing_vessel_owner", engine_power_cv=power, months=6)
    assert priced.rate.code == code
    assert priced.amount == Decimal(amount)


def test_explanation_in_vietnamese_number_format(marine):
    priced = _price(marine, "fishing_vessel_owner", engine_power_cv=18, months=6)
    assert priced.explanation == "tàu 18 CV: 10.670.000 đ/tháng × 6 tháng = 64.020.000 đ"


def test_months_are_capped_at_six(marine):
    priced = _price(marine, "fishing_vessel_owner", engine_power_cv=18, months=9)
    assert priced.months == 6
    assert priced.amount == Decimal("64020000")


def test_months_default_to_the_cap(marine):
    assert _price(marine, "lost_income_worker", "2").amount == Decimal("2") * 2910000 * 6


def test_fewer_months(marine):
    assert _price(marine, "fishing_vessel_owner", engine_power_cv=0, months=3).amount == Decimal(
        "17490000"
    )


def test_workers_multiply_by_the_number_of_workers(marine):
    priced = _price(marine, "fishing_vessel_worker", "3", engine_power_cv=30, months=6)
    assert priced.rate.code == "vessel-worker-20-50cv"
    assert priced.amount == Decimal("137700000")
    assert "3 người" in priced.explanation
    assert priced.explanation.endswith("= 137.700.000 đ")


def test_salt_by_hectare_rounds_half_up(marine):
    # 39,370,000 × 0.00125 ha × 1 month = 49,212.5 → 49,213
    priced = _price(marine, "salt_production", "0.00125", months=1)
    assert priced.amount == Decimal("49213")
    assert "0,00125 ha" in priced.explanation


def test_rounding_is_decimal_not_float(marine):
    priced = _price(marine, "salt_production", "1.1", months=6)
    assert priced.amount == Decimal("259842000")


@pytest.mark.parametrize("power", [50, 120])
def test_no_band_for_large_engines(marine, power):
    with pytest.raises(ValidationFailed) as error:
        _price(marine, "fishing_vessel_owner", engine_power_cv=power)
    assert error.value.field == "attributes.engine_power_cv"
    assert error.value.code == "no_matching_rate"


def test_engine_power_required_for_vessels(marine):
    with pytest.raises(ValidationFailed) as error:
        _price(marine, "fishing_vessel_owner", months=6)
    assert error.value.field == "attributes.engine_power_cv"


def test_unknown_category(marine):
    with pytest.raises(ValidationFailed) as error:
        _price(marine, "spaceship")
    assert error.value.code == "unknown_asset_category"
    assert error.value.field == "asset_category"


@pytest.mark.parametrize(
    "attributes",
    [{"engine_power_cv": "18"}, {"engine_power_cv": -1}, {"months": float("nan")}, {"x": True}],
)
def test_bad_attributes(attributes):
    with pytest.raises(ValidationFailed):
        clean_attributes(attributes)


def test_vn_number():
    assert vn_number(Decimal("64020000")) == "64.020.000"
    assert vn_number(Decimal("1.50")) == "1,5"
    assert vn_number(Decimal("999")) == "999"


def test_marine_rate_table(marine):
    amounts = {r.code: r.amount for r in Rate.objects.filter(program=marine)}
    assert amounts["vessel-owner-20-50cv"] == Decimal("15200000")
    assert amounts["salt-production"] == Decimal("39370000")
    assert amounts["lost-income-worker"] == Decimal("2910000")
    # Nets and gear are counted, not priced separately.
    assert amounts["fishing-net"] == amounts["fishing-gear"] == Decimal("0")
    assert len(amounts) == 10


def test_nets_are_counted_at_no_separate_price(marine):
    priced = price(marine.rates.all(), category="fishing_net", quantity=Decimal(4), attributes={})
    assert priced.amount == Decimal(0)
    assert priced.explanation.endswith("0 đ/tấm × 4 tấm = 0 đ")


@pytest.fixture
def land_rates(marine):
    """A land-recovery style table: equality conditions on a text and a numeric attribute."""
    Rate.objects.create(
        program=marine,
        code="land-ont",
        asset_category="land_parcel",
        unit="m²",
        amount=Decimal("1200000"),
        conditions={"land_class": "ONT"},
        description="Đất ở",
    )
    Rate.objects.create(
        program=marine,
        code="land-luc",
        asset_category="land_parcel",
        unit="m²",
        amount=Decimal("55000"),
        conditions={"land_class": "LUC"},
        description="Đất trồng lúa",
    )
    Rate.objects.create(
        program=marine,
        code="house-4",
        asset_category="house",
        unit="m²",
        amount=Decimal("3150000"),
        conditions={"house_grade": 4},
        description="Nhà cấp 4",
    )
    return marine


def test_land_class_picks_the_rate_and_names_the_parcel(land_rates):
    priced = price(
        land_rates.rates.all(),
        category="land_parcel",
        quantity=Decimal("152.5"),
        attributes=clean_all({"land_class": "onT", "map_sheet": "12", "parcel_number": "245"}),
    )
    assert priced.rate.code == "land-ont"
    assert priced.amount == Decimal("183000000")
    assert priced.explanation == (
        "Đất ở (tờ 12 thửa 245): 1.200.000 đ/m² × 152,5 m² = 183.000.000 đ"
    )


def test_numeric_equality_condition(land_rates):
    priced = price(
        land_rates.rates.all(),
        category="house",
        quantity=Decimal("80"),
        attributes=clean_all({"house_grade": 4}),
    )
    assert priced.amount == Decimal("252000000")


@pytest.mark.parametrize(
    ("attributes", "code", "field"),
    [
        ({}, "required", "attributes.land_class"),
        ({"land_class": "XYZ"}, "no_matching_rate", "attributes.land_class"),
        ({"land_class": ["ONT"]}, "invalid", "attributes.land_class"),
        ({"land_class": " "}, "invalid", "attributes.land_class"),
    ],
)
def test_land_class_errors(land_rates, attributes, code, field):
    with pytest.raises(ValidationFailed) as error:
        price(
            land_rates.rates.all(),
            category="land_parcel",
            quantity=Decimal("10"),
            attributes=clean_all(attributes),
        )
    assert error.value.code == code
    assert error.value.field == field
