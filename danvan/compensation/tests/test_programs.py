"""Setting up a programme (service and administration screens) and handing over the land."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from danvan.audit.models import AuditEvent
from danvan.compensation import handover, services
from danvan.compensation.models import CompensationProgram, ProgramPhase
from danvan.compensation.programs import program_create
from danvan.core.errors import InvalidTransition, ValidationFailed
from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit

pytestmark = pytest.mark.django_db
ON = dt.date(2018, 3, 1)


def _create(**overrides: Any) -> CompensationProgram:
    arguments: dict[str, Any] = {
        "actor": None,
        "code": "tpt",
        "name": "Di dời Tân Phúc Thành",
        "kind": "land_recovery",
        "organization": Organization.objects.get(code="hoanhson-ubnd"),
        "area": [AdminUnit.objects.get(code="18832", valid_to__isnull=True)],
        "posting_days": 20,
        "phases": [("Kiểm đếm", dt.date(2017, 9, 1), dt.date(2017, 11, 30))],
        "groups": [("residential_land", "Hộ bị thu hồi đất ở")],
        "rates": [
            {"code": "land-ont", "asset_category": "land_parcel", "unit": "m²",
             "amount": 1100000, "conditions": {"land_class": "ONT"}},
            {"code": "moving", "asset_category": "relocation_support", "unit": "hộ",
             "amount": "5000000"},
        ],
    }  # fmt: skip
    arguments.update(overrides)
    return program_create(**arguments)


def test_a_programme_with_its_phases_groups_and_rates():
    program = _create()

    assert program.status == "active"
    assert list(program.phases.values_list("name", flat=True)) == ["Kiểm đếm"]
    assert list(program.groups.values_list("code", flat=True)) == ["residential_land"]
    assert {r.code: r.amount for r in program.rates.all()} == {
        "land-ont": Decimal("1100000"),
        "moving": Decimal("5000000"),
    }
    event = AuditEvent.objects.get(action="compensation.program_create")
    assert event.changes["rates"]["after"] == {"land-ont": "1100000", "moving": "5000000"}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"code": "marine-2016"}, "code"),
        ({"kind": "flood"}, "kind"),
        ({"posting_days": 0}, "posting_days"),
        ({"payment_days": 400}, "payment_days"),
        ({"start_on": ON, "end_on": ON - dt.timedelta(days=1)}, "end_on"),
        ({"rates": [{"code": "a", "asset_category": "x", "unit": "m²", "amount": -1}]},
         "rates[0].amount"),
        ({"rates": [{"code": "a", "asset_category": "x", "unit": "m²", "amount": 1},
                    {"code": "a", "asset_category": "y", "unit": "m²", "amount": 1}]},
         "rates[1].code"),
    ],
)  # fmt: skip
def test_bad_programmes_are_refused_and_nothing_is_saved(overrides, field):
    before = CompensationProgram.objects.count()
    with pytest.raises(ValidationFailed) as error:
        _create(**overrides)
    assert error.value.field == field
    assert CompensationProgram.objects.count() == before
    assert not ProgramPhase.objects.filter(name="Kiểm đếm").exists()


def _paid_household(program, category="relocation_support", attributes=None):
    household = services.household_create(
        actor=None,
        program=program,
        head_full_name="Võ Thị Hà",
        admin_unit=AdminUnit.objects.get(code="18796"),
        village="Thôn Tân Phúc Thành",
    )
    services.household_declare(actor=None, household=household, on=ON)
    services.asset_add(
        actor=None,
        household=household,
        asset_category=category,
        quantity=1,
        attributes=attributes or {},
    )
    for step in ("inventory", "verify", "post", "approve"):
        getattr(services, f"household_{step}")(actor=None, household=household, on=ON)
    return household


def test_the_land_is_handed_over_after_full_payment(persona):
    program = _create(posting_days=None)  # posted without a legal minimum period
    household = _paid_household(program)
    officer = persona("hoanhson.canbo")
    with pytest.raises(InvalidTransition):
        handover.household_hand_over(actor=officer, household=household, on=ON)
    services.household_pay(
        actor=officer, household=household, on=ON, amount=Decimal(5000000), receiver="Võ Thị Hà"
    )
    with pytest.raises(ValidationFailed):
        handover.household_hand_over(
            actor=officer, household=household, on=ON - dt.timedelta(days=1)
        )
    handover.household_hand_over(actor=officer, household=household, on=ON)
    household.refresh_from_db()
    assert household.handed_over_on == ON
    assert AuditEvent.objects.filter(action="compensation.household_hand_over").count() == 1
    with pytest.raises(InvalidTransition) as error:
        handover.household_hand_over(actor=officer, household=household, on=ON)
    assert error.value.code == "already_handed_over"


def test_no_hand_over_in_an_environmental_programme(marine):
    household = _paid_household(marine, "lost_income_worker", {"months": 6})
    with pytest.raises(InvalidTransition) as error:
        handover.household_hand_over(actor=None, household=household, on=ON)
    assert error.value.code == "not_land_recovery"


def test_the_administration_screen_edits_phases_and_audits_them(client, persona, marine):
    client.force_login(persona("admin"))
    url = f"/admin/compensation/compensationprogram/{marine.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Khai thác hải sản" in page.content.decode()


def test_a_household_is_listed_in_a_group_of_its_own_programme(marine):
    fishing = marine.groups.get(code="fishing")
    ward = AdminUnit.objects.get(code="18832", valid_to__isnull=True)
    household = services.household_create(
        actor=None, program=marine, head_full_name="Lê Văn Tàu", admin_unit=ward, group=fishing
    )
    assert household.group == fishing
    other = _create(code="other-programme")
    foreign = other.groups.get()
    with pytest.raises(ValidationFailed) as error:
        services.household_create(
            actor=None, program=marine, head_full_name="Lê Văn Tàu", admin_unit=ward, group=foreign
        )
    assert error.value.field == "group"
