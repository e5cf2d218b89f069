"""Who may change a household (after the scope rule let the user see it): a system
administrator, a member of the programme's responsible organisation, or a member of an
organisation whose jurisdiction is the household's commune or ward itself — or a former
commune it succeeded (a 2016 household of Xã Kỳ Lợi is worked on by Phường Hoành Sơn today).
A provincial specialist sees the households beneath them but does not change them (403)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from danvan.compensation.models import CompensationProgram, Household
from danvan.organizations.selectors import active_memberships
from danvan.places.models import AdminUnit
from danvan.places.selectors import unit_ids_within

COMMUNE_LEVELS = (AdminUnit.Level.COMMUNE,)


def is_system_administrator(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


_CACHE_ATTR = "_danvan_compensation_reach"


@dataclass(frozen=True)
class Reach:
    """The organisations a user belongs to and the communes (with their predecessors) those
    organisations work on: computed once per user object, then every check is a lookup."""

    organization_ids: frozenset[int]
    commune_ids: frozenset[int]


def reach(user: Any) -> Reach:
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    memberships = active_memberships(user)
    organization_ids = frozenset(m.organization_id for m in memberships)
    communes = list(
        AdminUnit.objects.filter(
            organizations__in=organization_ids, level=AdminUnit.Level.COMMUNE
        ).distinct()
    )
    commune_ids = (
        frozenset(unit_ids_within(communes, levels=COMMUNE_LEVELS)) if communes else frozenset()
    )
    result = Reach(organization_ids=organization_ids, commune_ids=commune_ids)
    setattr(user, _CACHE_ATTR, result)
    return result


def may_work_on(user: Any, organization_id: int | None, admin_unit_id: int) -> bool:
    """A system administrator, a member of the organisation, or a member of an organisation
    whose communes (or the communes they succeeded) include the unit."""
    if is_system_administrator(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    user_reach = reach(user)
    return bool(organization_id and organization_id in user_reach.organization_ids) or (
        admin_unit_id in user_reach.commune_ids
    )


def can_work_in(user: Any, program: CompensationProgram, admin_unit: AdminUnit) -> bool:
    return may_work_on(user, program.organization_id, admin_unit.pk)


def can_change(user: Any, household: Household) -> bool:
    return may_work_on(user, household.organization_id, household.admin_unit_id)
