"""Who may change a dialogue (after the scope rule let the user see it): a system
administrator, a member of the organising body, or a member of an organisation whose
jurisdiction is the dialogue's commune or ward (or a former commune it succeeded). A
provincial specialist sees the dialogues beneath them but does not change them (403)."""

from __future__ import annotations

from typing import Any

from danvan.compensation.permissions import may_work_on
from danvan.dialogues.models import Commitment, Dialogue
from danvan.organizations.selectors import active_memberships


def can_change(user: Any, dialogue: Dialogue) -> bool:
    """The organising body's members, and those working on the dialogue's commune."""
    return may_work_on(user, dialogue.organization_id, dialogue.admin_unit_id)


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
