"""Who may change a dialogue (after the scope rule let the user see it): a system
administrator, a member of the organising body, or a member of an organisation whose
jurisdiction is the dialogue's commune or ward (or a former commune it succeeded). A
provincial specialist sees the dialogues beneath them but does not change them (403)."""

from __future__ import annotations

from typing import Any

from danvan.compensation.permissions import _works_on, is_system_administrator
from danvan.dialogues.models import Commitment, Dialogue
from danvan.organizations.selectors import active_memberships


def can_change(user: Any, dialogue: Dialogue) -> bool:
    if is_system_administrator(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    for membership in active_memberships(user):
        if membership.organization_id == dialogue.organization_id:
            return True
        if _works_on(membership.organization, dialogue.admin_unit_id):
            return True
    return False


def can_change_commitment(user: Any, commitment: Commitment) -> bool:
    """Those who may change the dialogue, and the owner organisation's members."""
    if can_change(user, commitment.dialogue):
        return True
    return (
        any(
            membership.organization_id == commitment.owner_organization_id
            for membership in active_memberships(user)
        )
        if getattr(user, "is_authenticated", False)
        else False
    )
