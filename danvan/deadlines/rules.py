"""Who may change the calendar and the legal rule table: system administrators."""

from __future__ import annotations

from typing import Any

import rules


@rules.predicate
def is_deadlines_administrator(user: Any) -> bool:
    """A system administrator (active superuser) maintains the legal data."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


rules.add_perm("deadlines.manage_calendar", is_deadlines_administrator)
rules.add_perm("deadlines.manage_rules", is_deadlines_administrator)


def can_manage_calendar(user: Any) -> bool:
    return bool(user.has_perm("deadlines.manage_calendar"))


def can_manage_rules(user: Any) -> bool:
    return bool(user.has_perm("deadlines.manage_rules"))
