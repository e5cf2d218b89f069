"""Who may change a petition: named rules, checked after the scope rule let the user see it.

Seeing a case (scope: danvan.organizations.scope) is not enough to change it:
- `can_register`: a system administrator, or an active member (any role) of the organisation
  the petition is registered for;
- `can_handle`: a system administrator, an active member (any role) of the owning
  organisation, or an officer assigned to the case (every ordinary transition);
- `can_report_back`: as `can_handle`, or a member of an organisation the case was forwarded
  to (it reports its result to the sender);
- `can_direct`: a system administrator or the head of the owning organisation (assigning
  officers, reopening a closed case);
- `can_supervise`: as `can_handle`, or a specialist or administrator of a higher
  organisation whose scope covers the case (urging a body that missed its deadline).

The rules read the user's memberships through `active_memberships` (one query per request,
cached on the user) and the case's prefetched assignments and forwardings."""

from __future__ import annotations

from typing import Any

from danvan.organizations.models import Membership, Organization
from danvan.organizations.scope import record_in_scope
from danvan.organizations.selectors import active_memberships
from danvan.petitions.models import Petition

HEAD_ACTIONS = frozenset({"assign", "reopen"})
RECEIVER_ACTIONS = frozenset({"report_back"})
SUPERVISOR_ACTIONS = frozenset({"urge"})
SUPERVISOR_ROLES = frozenset({Membership.Role.SPECIALIST, Membership.Role.ADMINISTRATOR})


def is_system_administrator(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def member_organization_ids(user: Any, *, roles: frozenset[str] | None = None) -> set[int]:
    """Ids of the organisations in which `user` holds an active membership (of `roles`)."""
    return {m.organization_id for m in active_memberships(user) if roles is None or m.role in roles}


def is_officer(user: Any) -> bool:
    """A user with at least one active membership."""
    return bool(member_organization_ids(user))


def can_register(user: Any, organization: Organization) -> bool:
    return is_system_administrator(user) or organization.pk in member_organization_ids(user)


def is_assigned(user: Any, petition: Petition) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return any(a.user_id == user.pk for a in petition.assignments.all())


def can_handle(user: Any, petition: Petition) -> bool:
    if is_system_administrator(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return petition.organization_id in member_organization_ids(user) or is_assigned(user, petition)


def can_report_back(user: Any, petition: Petition) -> bool:
    if can_handle(user, petition):
        return True
    receivers = {f.to_organization_id for f in petition.forwardings.all()}
    return bool(receivers & member_organization_ids(user))


def can_direct(user: Any, petition: Petition) -> bool:
    if is_system_administrator(user):
        return True
    heads = member_organization_ids(user, roles=frozenset({Membership.Role.HEAD}))
    return petition.organization_id in heads


def can_supervise(user: Any, petition: Petition) -> bool:
    if can_handle(user, petition):
        return True
    return bool(member_organization_ids(user, roles=SUPERVISOR_ROLES)) and record_in_scope(
        user, petition
    )


def can_act(user: Any, petition: Petition, action: str) -> bool:
    """Whether `user` may carry out transition `action` (a workflow name) on `petition`."""
    if action in HEAD_ACTIONS:
        return can_direct(user, petition)
    if action in RECEIVER_ACTIONS:
        return can_report_back(user, petition)
    if action in SUPERVISOR_ACTIONS:
        return can_supervise(user, petition)
    return can_handle(user, petition)
