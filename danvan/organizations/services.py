"""Writes on organisations and memberships. Atomic and audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.audit.services import audit_record, snapshot
from danvan.core.errors import InvalidTransition, ValidationFailed
from danvan.core.text import fold
from danvan.core.validation import validate_model
from danvan.organizations.models import Membership, Organization
from danvan.places.models import AdminUnit

ORGANIZATION_FIELDS = (
    "code",
    "name",
    "short_name",
    "kind",
    "branch",
    "level",
    "parent",
    "valid_from",
    "valid_to",
    "email",
    "phone",
    "address",
)
MEMBERSHIP_FIELDS = ("user", "organization", "role", "title", "is_active", "valid_from", "valid_to")


def _jurisdiction_snapshot(organization: Organization) -> list[str]:
    return sorted(unit.code for unit in organization.jurisdiction.all())


@transaction.atomic
def organization_create(
    *,
    actor: Any,
    code: str,
    name: str,
    kind: str,
    level: str,
    jurisdiction: Iterable[AdminUnit] = (),
    parent: Organization | None = None,
    short_name: str = "",
    branch: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    email: str = "",
    phone: str = "",
    address: str = "",
) -> Organization:
    organization = Organization(
        code=code,
        name=name,
        short_name=short_name,
        kind=kind,
        branch=branch,
        level=level,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
        email=email,
        phone=phone,
        address=address,
        search_name=fold(name),
    )
    validate_model(organization)
    organization.save()
    organization.jurisdiction.set(list(jurisdiction))
    after = snapshot(organization, ORGANIZATION_FIELDS)
    after["jurisdiction"] = _jurisdiction_snapshot(organization)
    audit_record(actor=actor, action="organization.create", target=organization, after=after)
    return organization


@transaction.atomic
def organization_update(
    *,
    actor: Any,
    organization: Organization,
    jurisdiction: Iterable[AdminUnit] | None = None,
    **changes: Any,
) -> Organization:
    unknown = set(changes) - set(ORGANIZATION_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("Không thể sửa trường: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    before = snapshot(organization, ORGANIZATION_FIELDS)
    before["jurisdiction"] = _jurisdiction_snapshot(organization)
    for name, value in changes.items():
        setattr(organization, name, value)
    if organization.parent_id and organization.parent_id == organization.pk:
        raise ValidationFailed(_("Một cơ quan không thể là cấp trên của chính nó."), field="parent")
    organization.search_name = fold(organization.name)
    validate_model(organization)
    organization.save(update_fields=[*changes, "search_name", "updated_at"])
    if jurisdiction is not None:
        organization.jurisdiction.set(list(jurisdiction))
    after = snapshot(organization, ORGANIZATION_FIELDS)
    after["jurisdiction"] = _jurisdiction_snapshot(organization)
    audit_record(
        actor=actor, action="organization.update", target=organization, before=before, after=after
    )
    return organization


@transaction.atomic
def membership_add(
    *,
    actor: Any,
    user: Any,
    organization: Organization,
    role: str,
    title: str = "",
    valid_from: dt.date | None = None,
) -> Membership:
    if role not in Membership.Role.values:
        raise ValidationFailed(_("Vai trò không hợp lệ."), code="invalid_role", field="role")
    if Membership.objects.filter(user=user, organization=organization, role=role).exists():
        raise ValidationFailed(
            _("Cán bộ này đã có vai trò đó trong cơ quan."), code="duplicate", field="role"
        )
    membership = Membership(
        user=user, organization=organization, role=role, title=title, valid_from=valid_from
    )
    validate_model(membership)
    membership.save()
    audit_record(
        actor=actor,
        action="membership.add",
        target=membership,
        after=snapshot(membership, MEMBERSHIP_FIELDS),
    )
    return membership


@transaction.atomic
def membership_end(*, actor: Any, membership: Membership, on: dt.date) -> Membership:
    if not membership.is_active:
        raise InvalidTransition(
            _("Vị trí công tác này đã kết thúc."), code="membership_already_ended"
        )
    if membership.valid_from and on < membership.valid_from:
        raise ValidationFailed(_("Ngày kết thúc không thể trước ngày bắt đầu."), field="valid_to")
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    membership.is_active = False
    membership.valid_to = on
    membership.save(update_fields=["is_active", "valid_to", "updated_at"])
    audit_record(
        actor=actor,
        action="membership.end",
        target=membership,
        before=before,
        after=snapshot(membership, MEMBERSHIP_FIELDS),
    )
    return membership
