"""Who may do what on the petition screens.

Reading is the scope (`selectors.petition_for` answers 404 outside it). Acting on a case
follows the same named rules as the API (`danvan.petitions.permissions`), so the screens and
the API never disagree: the officers of the holding organisation and the officers assigned
handle it, its head assigns and reopens, a supervising specialist may only urge. A provincial
specialist therefore reads a ward's new case without any action form, and a POST answers 403.
The register book and the registration form are for the organisation's own officers."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from danvan.organizations.models import Organization
from danvan.organizations.selectors import active_memberships
from danvan.petitions import permissions
from danvan.petitions.models import Petition


def member_organization_ids(user: Any) -> set[int]:
    return {m.organization_id for m in active_memberships(user)}


def is_system_administrator(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def can_act(user: Any, petition: Petition, action: str) -> bool:
    """Whether `user` may carry out the transition `action` on the case."""
    return permissions.can_act(user, petition, action)


def can_handle(user: Any, petition: Petition) -> bool:
    """Whether `user` handles the case (ordinary transitions, deciding duplicates)."""
    return permissions.can_handle(user, petition)


def registering_organizations(user: Any) -> list[Organization]:
    """The organisations in whose register the user may enter a petition."""
    if is_system_administrator(user) and not active_memberships(user):
        return list(Organization.objects.filter(valid_to__isnull=True).order_by("level", "name"))
    seen: dict[int, Organization] = {}
    for membership in active_memberships(user):
        if membership.organization.valid_to is None:
            seen.setdefault(membership.organization_id, membership.organization)
    return list(seen.values())


def can_register(user: Any) -> bool:
    return bool(registering_organizations(user))


def can_read_register(user: Any, organization: Organization) -> bool:
    """The register book (sổ theo dõi đơn) of an organisation: its officers and administrators."""
    return is_system_administrator(user) or organization.pk in member_organization_ids(user)


def officers_of(organization: Organization) -> QuerySet[Any]:
    """Users with an active membership in `organization` (who a case may be assigned to)."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__organization=organization,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("full_name", "username")
    )
