"""Who may change a household (after the scope rule let the user see it): a system
administrator, a member of the programme's responsible organisation, or a member of an
organisation whose jurisdiction is the household's commune or ward itself — or a former
commune it succeeded (a 2016 household of Xã Kỳ Lợi is worked on by Phường Hoành Sơn today).
A provincial specialist sees the households beneath them but does not change them (403)."""

from __future__ import annotations

from typing import Any

from danvan.compensation.models import CompensationProgram, Household
from danvan.organizations.selectors import active_memberships
from danvan.places.models import AdminUnit
from danvan.places.selectors import unit_ids_within

COMMUNE_LEVELS = (AdminUnit.Level.COMMUNE,)


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
        if _works_on(membership.organization, admin_unit.pk):
            return True
    return False


def _works_on(organization: Any, admin_unit_id: int) -> bool:
    """The organisation's own communes (or their predecessors) include this one."""
    communes = list(organization.jurisdiction.filter(level=AdminUnit.Level.COMMUNE))
    return bool(communes) and admin_unit_id in unit_ids_within(communes, levels=COMMUNE_LEVELS)


def can_change(user: Any, household: Household) -> bool:
    if is_system_administrator(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    for membership in active_memberships(user):
        if household.organization_id and membership.organization_id == household.organization_id:
            return True
        if _works_on(membership.organization, household.admin_unit_id):
            return True
    return False
