"""Which forwarding of a case the reader's organisation may receive."""

from __future__ import annotations

from typing import Any

from danvan.petitions.models import Forwarding, Petition
from danvan.petitions.permissions import is_system_administrator, member_organization_ids


def receiving_forwarding(user: Any, petition: Petition) -> Forwarding | None:
    """The forwarding of `petition` to one of the user's organisations (any, for a system
    administrator) that is not yet received; None if there is none."""
    mine = member_organization_ids(user)
    for forwarding in petition.forwardings.order_by("-forwarded_on", "-id"):
        if forwarding.received_petition_id is not None:
            continue
        if is_system_administrator(user) or forwarding.to_organization_id in mine:
            return forwarding
    return None
