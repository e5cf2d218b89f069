"""Every action from every status: allowed exactly where the state machine says, and an
action refused in a status is a 409-class error that changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction

from danvan.compensation import services, workflow
from danvan.compensation.models import Household, HouseholdStatus
from danvan.core.errors import InvalidTransition, ValidationFailed
from danvan.places.models import AdminUnit

pytestmark = pytest.mark.django_db
ON = dt.date(2025, 9, 1)
LINE: dict[str, Any] = {
    "asset_category": "lost_income_worker",
    "quantity": 2,
    "attributes": {"months": 6},
}
# How to reach each status from a new household (actor None: a second officer verifies).
PATHS = {
    "not_declared": [],
    "declared": ["declare"],
    "inventoried": ["declare", "add_asset", "inventory"],
    "verified": ["declare", "add_asset", "inventory", "verify"],
    "posted": ["declare", "add_asset", "inventory", "verify", "post"],
    "objecting": ["declare", "add_asset", "inventory", "verify", "post", "object"],
    "approved": ["declare", "add_asset", "inventory", "verify", "post", "approve"],
    "paid": ["declare", "add_asset", "inventory", "verify", "post", "approve", "pay"],
    "refused": ["declare", "refuse"],
}
ACTIONS: dict[str, Callable[[Household], Any]] = {
    "declare": lambda h: services.household_declare(actor=None, household=h, on=ON),
    "add_asset": lambda h: services.asset_add(actor=None, household=h, **LINE),
    "inventory": lambda h: services.household_inventory(actor=None, household=h, on=ON),
    "verify": lambda h: services.household_verify(actor=None, household=h, on=ON),
    "post": lambda h: services.household_post(actor=None, household=h, on=ON),
    "object": lambda h: services.household_object(
        actor=None, household=h, on=ON, reason="Hộ đề nghị kiểm đếm lại số lao động."
    ),
    "resolve": lambda h: services.household_resolve(
        actor=None, household=h, on=ON, resolution="Đã kiểm đếm lại."
    ),
    "approve": lambda h: services.household_approve(actor=None, household=h, on=ON),
    "pay": lambda h: services.household_pay(
        actor=None,
        household=h,
        on=ON,
        amount=services.amount_total(h) - services.paid_total(h),
        receiver="Trần Văn Hải",
    ),
    "refuse": lambda h: services.household_refuse(
        actor=None, household=h, on=ON, reason="Không thuộc đối tượng."
    ),
    "recompute": lambda h: services.household_recompute(actor=None, household=h),
    "update": lambda h: services.household_update(
        actor=None, household=h, head_full_name="Trần Văn Hải"
    ),
}


def _household(marine: Any, status: str) -> Household:
    household = services.household_create(
        actor=None,
        program=marine,
        head_full_name="Trần Văn Hải",
        admin_unit=AdminUnit.objects.get(code="18832", valid_to__isnull=True),
    )
    for action in PATHS[status]:
        ACTIONS[action](household)
    household.refresh_from_db()
    assert household.status == status
    return household


@pytest.mark.parametrize("status", list(PATHS))
def test_every_action_from_every_status(marine, status):
    household = _household(marine, status)
    for action, perform in ACTIONS.items():
        allowed = status in workflow.TRANSITIONS[action].sources
        with transaction.atomic():
            try:
                perform(household)
            except InvalidTransition:
                assert not allowed, f"{action} refused from {status}"
                assert Household.objects.get(pk=household.pk).status == status
            except ValidationFailed:
                # Allowed in this status, refused for what is missing (inventory without a
                # line): still nothing changes.
                assert allowed, f"{action} from {status} should be a transition error"
                assert Household.objects.get(pk=household.pk).status == status
            else:
                assert allowed, f"{action} accepted from {status}"
            transaction.set_rollback(True)
        household.refresh_from_db()
    assert household.status == status


def test_every_status_is_reachable_and_final_ones_are_closed():
    assert set(PATHS) == set(HouseholdStatus.values)
    closed = {HouseholdStatus.PAID, HouseholdStatus.REFUSED}
    for status in closed:
        assert not [name for name, t in workflow.TRANSITIONS.items() if status in t.sources]
