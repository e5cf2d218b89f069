"""Who may change a consultation (after the scope rule let the user see it): a system
administrator, a member of the drafting organisation, or a member of an organisation whose
jurisdiction is the consultation's commune or ward itself (or a former commune it
succeeded). A provincial specialist sees consultations beneath them but does not change them
(403)."""

from __future__ import annotations

from typing import Any

from danvan.consultations.models import Consultation
from danvan.organizations.models import Organization
from danvan.organizations.selectors import active_memberships
from danvan.places.models import AdminUnit
from danvan.places.selectors import unit_ids_within

COMMUNE_LEVELS = (AdminUnit.Level.COMMUNE,)


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _works_on(organization: Organization, admin_unit_id: int) -> bool:
    communes = list(organization.jurisdiction.filter(level=AdminUnit.Level.COMMUNE))
    return bool(communes) and admin_unit_id in unit_ids_within(communes, levels=COMMUNE_LEVELS)


def can_draft_for(user: Any, organization: Organization) -> bool:
    """Whether the user may open a consultation in the name of `organization`."""
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    return any(m.organization_id == organization.pk for m in active_memberships(user))


def can_change(user: Any, consultation: Consultation) -> bool:
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    for membership in active_memberships(user):
        if membership.organization_id == consultation.organization_id:
            return True
        if _works_on(membership.organization, consultation.admin_unit_id):
            return True
    return False
