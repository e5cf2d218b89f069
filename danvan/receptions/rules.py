"""Who may do what in citizen reception (django-rules).

- The schedule of an organisation is managed by its head and its administrators (and by
  system administrators).
- Visits are entered in an organisation's register by its officers (any current member).
- Everyone reads within their scope (records outside it answer 404).
"""

from __future__ import annotations

from typing import Any

import rules

from danvan.organizations.models import Membership
from danvan.organizations.rules import active_roles, is_system_administrator

SCHEDULE_ROLES = frozenset({Membership.Role.HEAD, Membership.Role.ADMINISTRATOR})


def _roles_in(user: Any, organization: Any) -> set[str]:
    if not getattr(user, "is_authenticated", False) or organization is None:
        return set()
    org_id = getattr(organization, "pk", organization)
    return {role for oid, role in active_roles(user) if oid == org_id}


@rules.predicate
def manages_schedule_of(user: Any, organization: Any) -> bool:
    return bool(_roles_in(user, organization) & SCHEDULE_ROLES)


@rules.predicate
def records_visits_of(user: Any, organization: Any) -> bool:
    return bool(_roles_in(user, organization))


rules.add_perm("receptions.manage_schedule", is_system_administrator | manages_schedule_of)
rules.add_perm("receptions.record_visit", is_system_administrator | records_visits_of)


def can_manage_schedule(user: Any, organization: Any) -> bool:
    return bool(user.has_perm("receptions.manage_schedule", organization))


def can_record_visit(user: Any, organization: Any) -> bool:
    return bool(user.has_perm("receptions.record_visit", organization))


def schedule_organization_ids(user: Any) -> set[int]:
    """Organisations whose schedule the user manages (through a membership)."""
    return {oid for oid, role in active_roles(user) if role in SCHEDULE_ROLES}


def register_organization_ids(user: Any) -> set[int]:
    """Organisations in whose register the user may enter visits (through a membership)."""
    return {oid for oid, _role in active_roles(user)}
