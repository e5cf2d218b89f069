"""Who may change a household (after the scope rule let the user see it): a system
administrator, a member of the programme's responsible organisation, or a member of an
organisation whose jurisdiction is the household's commune or ward itself. A provincial
specialist sees the households beneath them but does not change them (403)."""

from __future__ import annotations

from typing import Any

from danvan.compensation.models import CompensationProgram, Household
from danvan.organizations.selectors import active_memberships
from danvan.places.models import AdminUnit


def is_system_administrator(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def can_work_in(user: Any, program: CompensationProgram, admin_unit: AdminUnit) -> bool:
    if is_system_administrator(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    for membership in active_memberships(user):
        if program.organization_id and membership.organization_id == program.organization_id:
            return True
        if membership.organization.jurisdiction.filter(pk=admin_unit.pk).exists():
            return True
    return False


def can_change(user: Any, household: Household) -> bool:
    if is_system_administrator(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    for membership in active_memberships(user):
        if household.organization_id and membership.organization_id == household.organization_id:
            return True
        if membership.organization.jurisdiction.filter(pk=household.admin_unit_id).exists():
            return True
    return False
