"""A household's pipeline under a programme, as an explicit state machine.

not_declared → declare → declared → inventory → inventoried → verify → verified → post →
posted → (object → objecting → resolve → posted) → approve → approved → pay → paid; or
refuse from any state before approval. An action not allowed in the current state raises
InvalidTransition (API 409)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from danvan.compensation.models import Household, HouseholdStatus
from danvan.core.errors import InvalidTransition

S = HouseholdStatus
BEFORE_APPROVAL = frozenset(
    {S.NOT_DECLARED, S.DECLARED, S.INVENTORIED, S.VERIFIED, S.POSTED, S.OBJECTING}
)
# Asset lines may be added while the household declares and is inventoried.
EDITABLE = frozenset({S.NOT_DECLARED, S.DECLARED, S.INVENTORIED})


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str | None  # None: decided by the service (a partial payment keeps `approved`)


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("declare", frozenset({S.NOT_DECLARED}), S.DECLARED),
        Transition("inventory", frozenset({S.DECLARED}), S.INVENTORIED),
        Transition("verify", frozenset({S.INVENTORIED}), S.VERIFIED),
        Transition("post", frozenset({S.VERIFIED}), S.POSTED),
        # An objecting household may raise a further point; it stays objecting.
        Transition("object", frozenset({S.POSTED, S.OBJECTING}), S.OBJECTING),
        Transition("resolve", frozenset({S.OBJECTING}), S.POSTED),
        Transition("approve", frozenset({S.POSTED}), S.APPROVED),
        Transition("pay", frozenset({S.APPROVED}), None),
        Transition("refuse", BEFORE_APPROVAL, S.REFUSED),
        Transition("recompute", BEFORE_APPROVAL, None),
        Transition("update", BEFORE_APPROVAL, None),
        Transition("add_asset", EDITABLE, None),
    ]
}


def check(household: Household, action: str) -> Transition:
    transition = TRANSITIONS[action]
    if household.status not in transition.sources:
        raise InvalidTransition(
            _("Không thể thực hiện thao tác “%(action)s” khi hồ sơ hộ ở trạng thái “%(status)s”.")
            % {"action": action, "status": household.get_status_display()},
            code="invalid_transition",
        )
    return transition
