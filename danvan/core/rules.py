"""Named rules of the shell: who sees the administration screens."""

import rules

from danvan.organizations.rules import is_system_administrator

rules.add_perm("core.access_admin", is_system_administrator)
