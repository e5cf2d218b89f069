"""Named permission rules for organisations and officers (django-rules)."""

from __future__ import annotations

from typing import Any

import rules

from danvan.organizations.models import Membership
from danvan.organizations.scope import record_in_scope
from danvan.organizations.selectors import active_memberships


def active_roles(user: Any) -> set[tuple[int, str]]:
    """(organisation id, role) pairs of the user's current memberships."""
    return {(m.organization_id, m.role) for m in active_memberships(user)}


@rules.predicate
def is_system_administrator(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


@rules.predicate
def is_officer(user: Any) -> bool:
    """An officer is a user with at least one current membership."""
    return bool(user.is_authenticated and user.is_active and active_roles(user))


def _has_role_in(user: Any, organization: Any, roles: set[str]) -> bool:
    if not user.is_authenticated or organization is None:
        return False
    return any(org_id == organization.pk and role in roles for org_id, role in active_roles(user))


@rules.predicate
def is_head_of(user: Any, organization: Any) -> bool:
    return _has_role_in(user, organization, {Membership.Role.HEAD})


@rules.predicate
def is_administrator_of(user: Any, organization: Any) -> bool:
    return _has_role_in(user, organization, {Membership.Role.ADMINISTRATOR})


@rules.predicate
def is_member_of(user: Any, organization: Any) -> bool:
    return _has_role_in(user, organization, set(Membership.Role.values))


@rules.predicate
def has_head_or_administrator_role(user: Any) -> bool:
    wanted = {Membership.Role.HEAD, Membership.Role.ADMINISTRATOR}
    return bool(user.is_authenticated and any(role in wanted for _, role in active_roles(user)))


@rules.predicate
def record_is_in_scope(user: Any, record: Any) -> bool:
    return record is not None and record_in_scope(user, record)


rules.add_perm("organizations.view_organization", is_officer | is_system_administrator)
rules.add_perm("organizations.manage_organization", is_system_administrator | is_administrator_of)
rules.add_perm("organizations.view_record", is_system_administrator | record_is_in_scope)
