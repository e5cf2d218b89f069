"""Who may change a publication or a village's vote (after the scope rule let the user see
it): a system administrator, or an active member of the record's organisation. Others who see
the record (a provincial specialist) read it only: 403 on writes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from danvan.organizations.models import Organization
from danvan.organizations.selectors import active_memberships


def is_system_administrator(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def can_write(user: Any, record: Any) -> bool:
    """`record` has an `organization_id`."""
    if is_system_administrator(user):
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return any(m.organization_id == record.organization_id for m in active_memberships(user))


def require_write(user: Any, record: Any) -> None:
    if not can_write(user, record):
        raise PermissionDenied


def writable_organizations(user: Any) -> list[Organization]:
    """The organisations the user may record for, with their jurisdictions prefetched."""
    if is_system_administrator(user):
        queryset = Organization.objects.all()
    elif getattr(user, "is_authenticated", False) and user.is_active:
        ids = {m.organization_id for m in active_memberships(user)}
        queryset = Organization.objects.filter(pk__in=ids)
    else:
        return []
    return list(queryset.prefetch_related("jurisdiction").order_by("level", "name"))
