"""Who sees which records: the scope of an officer, from their memberships.

- An officer or head sees records located in their organisation's jurisdiction at its own
  level (the units themselves and their villages), and records owned by or forwarded to
  their organisation.
- A specialist or administrator of an organisation sees everything beneath its
  jurisdiction (a provincial board specialist sees the whole province).
- A system administrator (superuser) sees everything.
Former units count under the units that succeeded them (see places.selectors).
Records outside the scope answer 404, never 403, so their existence is not confirmed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypedDict, TypeVar, Unpack

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import F, Q, Value, prefetch_related_objects
from django.db.models.lookups import In
from django.http import Http404

from danvan.organizations.models import Membership
from danvan.organizations.selectors import active_memberships
from danvan.places.selectors import unit_ids_within

M = TypeVar("M", bound=models.Model)

WIDE_ROLES = frozenset({Membership.Role.SPECIALIST, Membership.Role.ADMINISTRATOR})
OWN_LEVEL_DESCENDANTS = frozenset({"village"})
_CACHE_ATTR = "_danvan_scope"
# Above this many units a scope is read as a test on each row (see `scope_condition`).
WIDE_SCOPE_UNITS = 40


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    unit_ids: frozenset[int] = frozenset()
    organization_ids: frozenset[int] = frozenset()

    @property
    def is_empty(self) -> bool:
        return not (self.everything or self.unit_ids or self.organization_ids)


def _descendant_levels(membership: Membership) -> frozenset[str] | None:
    """Which units below the jurisdiction a membership reaches: all of them for a specialist
    or administrator; the villages of a commune for an officer or head of a commune-level
    organisation; none below a province or district for an officer or head there."""
    if membership.role in WIDE_ROLES:
        return None
    if membership.organization.level == "commune":
        return OWN_LEVEL_DESCENDANTS
    return frozenset()


def compute_scope(user: Any) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope()
    if user.is_superuser:
        return Scope(everything=True)
    memberships = active_memberships(user)
    prefetch_related_objects(memberships, "organization__jurisdiction")
    unit_ids: set[int] = set()
    organization_ids: set[int] = set()
    for membership in memberships:
        organization_ids.add(membership.organization_id)
        units = list(membership.organization.jurisdiction.all())
        if not units:
            continue
        unit_ids |= unit_ids_within(units, levels=_descendant_levels(membership))
    return Scope(unit_ids=frozenset(unit_ids), organization_ids=frozenset(organization_ids))


def is_wide(scope: Scope) -> bool:
    """A district's, a province's or the whole system's scope: most of the archive."""
    return scope.everything or len(scope.unit_ids) > WIDE_SCOPE_UNITS


def scope_for(user: Any) -> Scope:
    """The user's scope, computed once per user object (once per request)."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = compute_scope(user)
        if user is not None:
            setattr(user, _CACHE_ATTR, cached)
    return cached


def in_scope_q(
    scope: Scope,
    *,
    unit_field: str | None = "admin_unit",
    organization_field: str | None = "organization",
    forwarded_field: str | None = None,
) -> Q:
    """A filter for records the scope covers. An empty scope matches nothing."""
    if scope.everything:
        return Q()
    condition = Q(pk__in=[])
    if unit_field and scope.unit_ids:
        condition |= Q(**{f"{unit_field}__in": sorted(scope.unit_ids)})
    if organization_field and scope.organization_ids:
        condition |= Q(**{f"{organization_field}__in": sorted(scope.organization_ids)})
    if forwarded_field and scope.organization_ids:
        condition |= Q(**{f"{forwarded_field}__in": sorted(scope.organization_ids)})
    return condition


# The condition no row meets: what a narrow scope tests on the rows themselves.
NOTHING = Q(pk__in=[])


class ScopeShape(TypedDict, total=False):
    """Where a model keeps what a scope is tested on: its unit and organisation fields
    (default `admin_unit`, `organization`; None when it has none), the many-to-many of the
    organisations it is forwarded to, and further id lists that count as in scope."""

    unit_field: str | None
    organization_field: str | None
    forwarded_field: str | None
    also: Sequence[models.QuerySet[Any]]


def scope_condition(model: type[models.Model], scope: Scope, **shape: Unpack[ScopeShape]) -> Q:
    """The scope as `pk IN (a UNION of id lists)`: records located in the scope's units,
    owned by its organisations, forwarded to them (through the many-to-many
    `forwarded_field`) and any further id lists in `also`. Each list is read through its
    own index and the union is small for a ward officer, where an OR of these conditions
    would make the database test every row of a large table.

    A wide scope (more than `WIDE_SCOPE_UNITS` units: a district, a province) covers most of
    the table, and its id lists would be most of the table's ids, gathered and de-duplicated
    before anything else: there the units and organisations are tested on each row instead
    (`unit IN (…) OR organization IN (…) OR pk IN (the few forwarded and further ids)`),
    which lets the database walk the list's order index and stop after one page."""
    if scope.everything:
        return Q()
    direct, listed = _scope_parts(model, scope, **shape)
    if listed is None:
        return direct
    if direct == NOTHING:  # a narrow scope: the union alone
        return Q(pk__in=listed)
    return direct | Q(pk__in=listed)


def scope_ids(
    model: type[models.Model], scope: Scope, **shape: Unpack[ScopeShape]
) -> models.QuerySet[Any] | None:
    """The ids `scope_condition` selects, as the UNION of id lists itself, for a query that
    only needs the ids (`other__in=…`): it then reads the lists without looking each id up in
    `model`'s table. None when the scope is not a union of lists (everything, or wide)."""
    if scope.everything:
        return None
    direct, listed = _scope_parts(model, scope, **shape)
    return listed if direct == NOTHING else None


def _on_each_row(field: str, values: list[int]) -> Q:
    """`field IN (values)` as a test on each row that no index answers (`field + 0`): a wide
    scope's dozens of units would otherwise tempt SQLite into reading most of the table
    through the field's index, one unit at a time, instead of walking the list's order or
    looking up the few ids a search found."""
    return Q(In(F(field) + Value(0), values))


def _scope_parts(
    model: type[models.Model],
    scope: Scope,
    *,
    unit_field: str | None = "admin_unit",
    organization_field: str | None = "organization",
    forwarded_field: str | None = None,
    also: Sequence[models.QuerySet[Any]] = (),
) -> tuple[Q, models.QuerySet[Any] | None]:
    """The row conditions of a wide scope, and the union of the id lists (None if none)."""
    manager = model._default_manager
    wide = is_wide(scope)
    direct = NOTHING
    parts: list[models.QuerySet[Any]] = []
    if unit_field and scope.unit_ids:
        units = {f"{unit_field}__in": sorted(scope.unit_ids)}
        if wide:
            direct |= _on_each_row(unit_field, sorted(scope.unit_ids))
        else:
            parts.append(manager.filter(**units).values("pk"))
    if organization_field and scope.organization_ids:
        organizations = {f"{organization_field}__in": sorted(scope.organization_ids)}
        if wide:
            direct |= _on_each_row(organization_field, sorted(scope.organization_ids))
        else:
            parts.append(manager.filter(**organizations).values("pk"))
    if forwarded_field and scope.organization_ids:
        field = model._meta.get_field(forwarded_field)
        assert isinstance(field, models.ManyToManyField)
        through = field.remote_field.through
        assert through is not None
        parts.append(
            through._default_manager.filter(
                **{f"{field.m2m_reverse_field_name()}__in": sorted(scope.organization_ids)}
            ).values(field.m2m_field_name())
        )
    parts += list(also)
    if not parts:
        return direct, None
    parts = [part.order_by() for part in parts]
    return direct, parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]


def filter_in_scope(
    queryset: models.QuerySet[M],
    user: Any,
    *,
    unit_field: str | None = "admin_unit",
    organization_field: str | None = "organization",
    forwarded_field: str | None = None,
) -> models.QuerySet[M]:
    """Restrict `queryset` to what `user` may see."""
    scope = scope_for(user)
    if scope.everything:
        return queryset
    return queryset.filter(
        scope_condition(
            queryset.model,
            scope,
            unit_field=unit_field,
            organization_field=organization_field,
            forwarded_field=forwarded_field,
        )
    )


def get_in_scope_or_404(
    queryset: models.QuerySet[M],
    user: Any,
    *,
    unit_field: str | None = "admin_unit",
    organization_field: str | None = "organization",
    forwarded_field: str | None = None,
    **lookup: Any,
) -> M:
    """The record matching `lookup` if `user` may see it; Http404 otherwise."""
    scoped = filter_in_scope(
        queryset,
        user,
        unit_field=unit_field,
        organization_field=organization_field,
        forwarded_field=forwarded_field,
    )
    try:
        return scoped.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def record_in_scope(user: Any, record: Any) -> bool:
    """Whether `user` may see `record` (an object with `admin_unit_id`, and optionally
    `organization_id` and a `forwarded_to` relation)."""
    scope = scope_for(user)
    if scope.everything:
        return True
    if getattr(record, "admin_unit_id", None) in scope.unit_ids:
        return True
    if getattr(record, "organization_id", None) in scope.organization_ids:
        return True
    forwarded = getattr(record, "forwarded_to", None)
    if forwarded is not None and scope.organization_ids:
        return forwarded.filter(pk__in=scope.organization_ids).exists()
    return False
