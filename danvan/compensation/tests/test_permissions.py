"""Who may change a household: the responsible organisation, and the ward that succeeded the
household's commune — a 2016 household of Xã Kỳ Lợi is worked on by Phường Hoành Sơn."""

from __future__ import annotations

import pytest

from danvan.compensation import services
from danvan.compensation.permissions import can_change, can_work_in
from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def ky_loi_household(marine):
    marine.organization = Organization.objects.get(code="ht-ubnd")
    marine.save()
    ky_loi = AdminUnit.objects.get(code="18796")
    return services.household_create(
        actor=None,
        program=marine,
        head_full_name="Hồ Văn Tài",
        admin_unit=ky_loi,
        village="Thôn Tân Phúc Thành",
    )


@pytest.mark.parametrize(
    ("username", "allowed"),
    [
        ("admin", True),
        ("hoanhson.canbo", True),
        ("hoanhson.chutich", True),
        ("songtri.canbo", False),
        ("tinh.danvan", False),
    ],
)
def test_successor_ward_changes_a_former_commune_household(
    ky_loi_household, persona, username, allowed
):
    user = persona(username)
    assert can_change(user, ky_loi_household) is allowed
    assert can_work_in(user, ky_loi_household.program, ky_loi_household.admin_unit) is allowed
