"""Who may read the whole audit trail: system administrators and organisation administrators.
A record's own trail is shown on the record's page to whoever may see the record."""

import rules

from danvan.organizations.rules import is_system_administrator


@rules.predicate
def is_organization_administrator(user: object) -> bool:
    from danvan.organizations.models import Membership
    from danvan.organizations.rules import active_roles

    return any(role == Membership.Role.ADMINISTRATOR for _, role in active_roles(user))


rules.add_perm("audit.view_trail", is_system_administrator | is_organization_administrator)
