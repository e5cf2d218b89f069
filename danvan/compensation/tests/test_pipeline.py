from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from danvan.audit.models import AuditEvent
from danvan.compensation import services
from danvan.compensation.models import Household
from danvan.core.errors import InvalidTransition, ValidationFailed
from danvan.places.selectors import resolve_unit_code

pytestmark = pytest.mark.django_db
ON = dt.date(2025, 9, 1)


@pytest.fixture
def household(marine, persona):
    return services.household_create(
        actor=persona("hoanhson.canbo"),
        program=marine,
        head_full_name="Nguyễn Văn A",
        admin_unit=resolve_unit_code("18832"),
        members=4,
    )


def _line(household, actor, power=18):
    return services.asset_add(
        actor=actor,
        household=household,
        asset_category="fishing_vessel_owner",
        quantity=1,
        attributes={"engine_power_cv": power, "months": 6},
    )


def _to_posted(household, actor):
    services.household_declare(actor=actor, household=household, on=ON)
    _line(household, actor)
    services.household_inventory(actor=actor, household=household, on=ON)
    services.household_verify(actor=None, household=household, on=ON)
    return services.household_post(actor=actor, household=household, on=ON)


def test_the_whole_pipeline(household, persona):
    actor = persona("hoanhson.canbo")
    assert household.status == "not_declared"
    assert household.organization.code == "hoanhson-ubnd"
    _to_posted(household, actor)
    assert household.status == "posted"
    services.household_object(actor=actor, household=household, on=ON, reason="Thiếu 1 tháng")
    assert household.status == "objecting"
    services.household_resolve(actor=actor, household=household, on=ON, resolution="Đã giải thích")
    assert household.status == "posted"
    services.household_approve(actor=actor, household=household, on=ON, decision_number="12/QĐ")
    assert household.status == "approved"
    assert household.approved_total == Decimal("64020000")
    services.household_pay(
        actor=actor, household=household, on=ON, amount=Decimal("20000000"), receiver="A"
    )
    assert household.status == "approved"
    services.household_pay(
        actor=actor, household=household, on=ON, amount=Decimal("44020000"), receiver="A"
    )
    assert household.status == "paid"
    actions = set(
        AuditEvent.objects.filter(target_id=str(household.pk)).values_list("action", flat=True)
    )
    assert {"compensation.household_approve", "compensation.household_pay"} <= actions


def test_refuse(household, persona):
    actor = persona("hoanhson.canbo")
    services.household_refuse(actor=actor, household=household, on=ON, reason="Không đủ điều kiện")
    assert household.status == "refused"
    with pytest.raises(InvalidTransition):
        services.household_declare(actor=actor, household=household, on=ON)


def test_illegal_transition(household, persona):
    with pytest.raises(InvalidTransition):
        services.household_approve(actor=persona("hoanhson.canbo"), household=household, on=ON)
    household.refresh_from_db()
    assert household.status == "not_declared"


def test_inventory_needs_a_line(household, persona):
    actor = persona("hoanhson.canbo")
    services.household_declare(actor=actor, household=household, on=ON)
    with pytest.raises(ValidationFailed):
        services.household_inventory(actor=actor, household=household, on=ON)


def test_overpayment_refused(household, persona):
    actor = persona("hoanhson.canbo")
    _to_posted(household, actor)
    services.household_approve(actor=actor, household=household, on=ON)
    with pytest.raises(ValidationFailed):
        services.household_pay(
            actor=actor, household=household, on=ON, amount=Decimal("64020001"), receiver="A"
        )


def test_approved_amounts_are_frozen_after_a_rate_change(household, persona, marine):
    actor = persona("hoanhson.canbo")
    _to_posted(household, actor)
    services.household_approve(actor=actor, household=household, on=ON)
    marine.rates.filter(code="vessel-owner-under-20cv").update(amount=Decimal("20000000"))
    with pytest.raises(InvalidTransition):
        services.household_recompute(actor=actor, household=household)
    household = Household.objects.get(pk=household.pk)
    assert services.amount_total(household) == Decimal("64020000")
    assert household.assets.get().amount == Decimal("64020000")


def test_recompute_before_approval_is_audited(household, persona, marine):
    actor = persona("hoanhson.canbo")
    services.household_declare(actor=actor, household=household, on=ON)
    _line(household, actor)
    marine.rates.filter(code="vessel-owner-under-20cv").update(amount=Decimal("11000000"))
    services.household_recompute(actor=actor, household=household)
    assert services.amount_total(household) == Decimal("66000000")
    event = AuditEvent.objects.filter(action="compensation.household_recompute").get()
    assert next(iter(event.changes.values())) == {"before": "64020000.00", "after": "66000000"}


def test_no_assets_after_verification(household, persona):
    actor = persona("hoanhson.canbo")
    _to_posted(household, actor)
    with pytest.raises(InvalidTransition):
        _line(household, actor)


def test_verification_needs_a_second_officer(household, persona):
    counter = persona("hoanhson.canbo")
    services.household_declare(actor=counter, household=household, on=ON)
    _line(household, counter)
    services.household_inventory(actor=counter, household=household, on=ON)
    with pytest.raises(InvalidTransition) as error:
        services.household_verify(actor=counter, household=household, on=ON)
    assert error.value.code == "second_officer_required"
    household.refresh_from_db()
    assert household.status == "inventoried"
    head = persona("hoanhson.chutich")
    services.household_verify(actor=head, household=household, on=ON)
    household.refresh_from_db()
    assert (household.status, household.inventoried_by, household.verified_by) == (
        "verified",
        counter,
        head,
    )
    assert household.status_changed_at is not None
