"""Reads on administrative units: the tree (by materialised path) and its history.

A unit's descendants are one indexed prefix scan on `path`; history (merges, splits) follows
`AdminUnitSuccession` links breadth-first, one query per generation. Nothing is cached across
calls: the units change when a reorganisation is loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from functools import reduce
from operator import or_

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from danvan.core.errors import ValidationFailed
from danvan.core.text import fold
from danvan.places.models import AdminUnit, AdminUnitSuccession

LEVEL_ORDER = [choice.value for choice in AdminUnit.Level]


def _today() -> dt.date:
    return timezone.localdate()


def level_rank() -> Case:
    """An expression ordering units province → district → commune → village."""
    return Case(
        *(When(level=level, then=Value(rank)) for rank, level in enumerate(LEVEL_ORDER)),
        default=Value(len(LEVEL_ORDER)),
        output_field=IntegerField(),
    )


def _under_q(paths: Iterable[str]) -> Q:
    """Units strictly below any of the units with these paths."""
    conditions = [Q(path__startswith=path) & ~Q(path=path) for path in set(paths)]
    return reduce(or_, conditions, Q(pk__in=[]))


def units_under(unit: AdminUnit, *, on: dt.date | None = None) -> QuerySet[AdminUnit]:
    """Descendants of `unit` (any depth) that existed on `on` (default: today)."""
    day = on or _today()
    return (
        AdminUnit.objects.filter(path__startswith=unit.path)
        .exclude(pk=unit.pk)
        .valid_on(day)
        .order_by(level_rank(), "search_name", "code")
    )


def _links_from(unit_ids: Collection[int], *, forward: bool) -> list[AdminUnitSuccession]:
    """Succession links leaving (`forward`) or entering these units, with the other end."""
    if forward:
        qs = AdminUnitSuccession.objects.filter(predecessor_id__in=unit_ids)
        qs = qs.select_related("successor")
    else:
        qs = AdminUnitSuccession.objects.filter(successor_id__in=unit_ids)
        qs = qs.select_related("predecessor")
    return list(qs.order_by("effective_on", "pk"))


def _walk(unit: AdminUnit, *, forward: bool) -> list[AdminUnit]:
    """Units reached from `unit` through succession links, breadth-first, in link order."""
    seen: set[int] = {unit.pk}
    found: list[AdminUnit] = []
    frontier: list[int] = [unit.pk]
    while frontier:
        next_frontier: list[int] = []
        for link in _links_from(frontier, forward=forward):
            other = link.successor if forward else link.predecessor
            if other.pk in seen:
                continue
            seen.add(other.pk)
            found.append(other)
            next_frontier.append(other.pk)
        frontier = next_frontier
    return found


def current_successors(unit: AdminUnit) -> list[AdminUnit]:
    """The units valid today that took over `unit` (transitively); a current unit is its own."""
    today = _today()
    if unit.is_valid_on(today):
        return [unit]
    return [other for other in _walk(unit, forward=True) if other.is_valid_on(today)]


def former_units(unit: AdminUnit) -> list[AdminUnit]:
    """Every unit that `unit` succeeded, transitively (nearest first)."""
    return _walk(unit, forward=False)


def unit_ids_within(
    units: Iterable[AdminUnit], *, levels: Collection[str] | None = None
) -> set[int]:
    """Ids of `units`, the units below them and, through history, the units they replaced.

    - The given units are always included; their descendants too (only those of `levels`
      when given).
    - Every unit they succeeded (transitively) is included with its descendants (same level
      restriction), except a former descendant that has successor links of its own: that one
      is included only if one of its successors is itself in the result (Thôn Tân Phúc Thành
      of Xã Kỳ Lợi counts under Phường Hoành Sơn only, where it went).
    - Units that moved into the result from elsewhere bring their own predecessors.

    This is what scope rules and counts use: a record filed in 2018 against Xã Kỳ Lợi is found
    under each of Phường Vũng Áng, Phường Hoành Sơn and Phường Hải Ninh.
    """
    # Each unit's history is followed on its own (`unit_ids_within_each`): a unit reached
    # through one of them brings all it would bring in a walk from all of them together, since
    # a unit guarded by its successors is also a predecessor of whichever successor is in.
    found = unit_ids_within_each(units, levels=levels)
    return set().union(*found.values())


def _paths_above(path: str) -> list[str]:
    """The paths a unit's path starts with, shorter ones: "/1/7/42/" → "/", "/1/", "/1/7/"."""
    return [path[: i + 1] for i, char in enumerate(path[:-1]) if char == "/"]


def _covering_paths(paths: Collection[str], *, most: int = 20) -> set[str]:
    """Few paths whose subtrees hold every unit under `paths`: the paths themselves without
    those under another one, or (past `most` of them) the top-level units they are under."""
    ordered = sorted(set(paths))
    kept: list[str] = []
    for path in ordered:
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    if len(kept) <= most:
        return set(kept)
    return {"/".join(path.split("/", 2)[:2]) + "/" for path in kept}


def unit_ids_within_each(
    units: Iterable[AdminUnit], *, levels: Collection[str] | None = None
) -> dict[int, set[int]]:
    """For each of `units`, by id, the units within it as `unit_ids_within` defines them, in
    two queries whatever the number of units: the succession links (with both ends' paths
    and levels) are read once and the history is followed in memory; then one read of the
    units below the given units and below the former units reached brings the descendants
    that take no part in any succession (they follow their ancestors)."""
    given = {unit.pk: unit for unit in units}
    if not given:
        return {}
    wanted = set(levels) if levels is not None else None

    # The units that take part in history, with their path and level.
    predecessors: dict[int, set[int]] = {}
    successors: dict[int, set[int]] = {}
    linked_units: dict[int, str] = {}
    below: dict[str, set[int]] = {}  # path → linked units under it (within `levels`)
    links = AdminUnitSuccession.objects.order_by().values_list(
        "predecessor_id",
        "predecessor__path",
        "predecessor__level",
        "successor_id",
        "successor__path",
        "successor__level",
    )
    for before, before_path, before_level, after, after_path, after_level in links:
        predecessors.setdefault(after, set()).add(before)
        successors.setdefault(before, set()).add(after)
        for pk, path, level in (
            (before, before_path, before_level),
            (after, after_path, after_level),
        ):
            if pk in linked_units:
                continue
            linked_units[pk] = path
            if wanted is None or level in wanted:
                for above in _paths_above(path):
                    below.setdefault(above, set()).add(pk)

    # History, to a fixpoint, for each unit on its own.
    found: dict[int, set[int]] = {}
    subtrees: dict[int, set[str]] = {}  # unit → paths whose other descendants it holds
    for pk, unit in given.items():
        result = {pk} | below.get(unit.path, set())
        paths = {unit.path}
        asked: set[int] = set()
        guarded: dict[int, set[int]] = {}
        while True:
            ask = result - asked
            asked |= ask
            new_formers = {p for q in ask for p in predecessors.get(q, ())} - result
            if new_formers:
                result |= new_formers
                former_paths = {linked_units[former] for former in new_formers}
                paths |= former_paths
                candidates = set().union(*(below.get(path, set()) for path in former_paths))
                candidates -= result
                linked = {c: successors[c] for c in candidates if c in successors}
                result |= candidates - set(linked)
                guarded.update(linked)
            admitted = True
            while admitted:
                admitted = False
                for unit_id, unit_successors in list(guarded.items()):
                    if unit_successors & result:
                        result.add(unit_id)
                        del guarded[unit_id]
                        admitted = True
            if not new_formers and not (result - asked):
                break
        found[pk] = result
        subtrees[pk] = paths

    # The other descendants, read once, each counted under every unit holding its subtree.
    holders: dict[str, list[int]] = {}
    for pk, paths in subtrees.items():
        for path in paths:
            holders.setdefault(path, []).append(pk)
    level_filter = Q(level__in=list(wanted)) if wanted is not None else Q()
    rows = (
        AdminUnit.objects.filter(_under_q(_covering_paths(holders)), level_filter)
        .order_by()
        .values_list("pk", "path")
    )
    for unit_id, path in rows:
        if unit_id in linked_units:
            continue
        for above in _paths_above(path):
            for holder in holders.get(above, ()):
                found[holder].add(unit_id)
    return found


def current_successors_each(units: Iterable[AdminUnit]) -> dict[int, list[AdminUnit]]:
    """For each of `units`, by id, what `current_successors(unit)` gives (with each unit's
    parent loaded), in two queries whatever the number of units."""
    today = _today()
    given = list(units)
    found: dict[int, list[AdminUnit]] = {
        unit.pk: [unit] for unit in given if unit.is_valid_on(today)
    }
    former = [unit for unit in given if unit.pk not in found]
    if not former:
        return found
    # Links leaving each unit, with their rank in (effective_on, pk) order: each generation
    # is taken in that order, as `current_successors` reads it.
    forward: dict[int, list[tuple[int, int]]] = {}
    links = AdminUnitSuccession.objects.order_by("effective_on", "pk").values_list(
        "predecessor_id", "successor_id"
    )
    for rank, (before, after) in enumerate(links):
        forward.setdefault(before, []).append((rank, after))
    reached: dict[int, list[int]] = {}
    for unit in former:
        seen = {unit.pk}
        order: list[int] = []
        frontier = [unit.pk]
        while frontier:
            next_frontier: list[int] = []
            for _rank, after in sorted(link for pk in frontier for link in forward.get(pk, ())):
                if after not in seen:
                    seen.add(after)
                    order.append(after)
                    next_frontier.append(after)
            frontier = next_frontier
        reached[unit.pk] = order
    wanted = set().union(*reached.values())
    by_id = AdminUnit.objects.select_related("parent").in_bulk(wanted) if wanted else {}
    for pk, order in reached.items():
        found[pk] = [by_id[other] for other in order if by_id[other].is_valid_on(today)]
    return found


def resolve_unit_code(
    code: str, *, on: dt.date | None = None, levels: Collection[str] | None = None
) -> AdminUnit:
    """The unit with official `code` valid on `on`, else the current one with that code."""
    code = (code or "").strip()
    qs = AdminUnit.objects.filter(code=code).select_related("parent")
    if levels is not None:
        qs = qs.filter(level__in=list(levels))
    ordered = qs.order_by(F("valid_from").desc(nulls_last=True))
    unit = None
    if on is not None:
        unit = ordered.valid_on(on).first()
    if unit is None:
        unit = ordered.current().first()
    if unit is None:
        raise ValidationFailed(
            _("Không tìm thấy đơn vị hành chính có mã “%(code)s”.") % {"code": code},
            code="unknown_admin_unit",
            field="admin_unit",
        )
    return unit


def unit_label(unit: AdminUnit, *, on: dt.date | None = None) -> str:
    """The unit's name; for a unit that no longer exists, with what it belongs to today:
    "Xã Kỳ Lợi (nay thuộc Phường Vũng Áng, Phường Hoành Sơn, Phường Hải Ninh)"."""
    if unit.is_valid_on(on or _today()):
        return unit.name
    successors = current_successors(unit)
    if successors:
        return _("%(name)s (nay thuộc %(successors)s)") % {
            "name": unit.name,
            "successors": ", ".join(successor.name for successor in successors),
        }
    if unit.valid_to is not None:
        return _("%(name)s (đến %(date)s)") % {
            "name": unit.name,
            "date": date_format(unit.valid_to, "d/m/Y"),
        }
    return unit.name


def unit_ancestors(unit: AdminUnit) -> list[AdminUnit]:
    """The units above `unit`, nearest first, from its path in one query."""
    ids = [int(part) for part in unit.path.strip("/").split("/") if part and part.isdigit()]
    ids = [pk for pk in ids if pk != unit.pk]
    if not ids:
        return []
    by_id = AdminUnit.objects.in_bulk(ids)
    return [by_id[pk] for pk in reversed(ids) if pk in by_id]


def unit_full_label(unit: AdminUnit) -> str:
    """The name with its parents: "Xã Kỳ Lợi, Thị xã Kỳ Anh, Tỉnh Hà Tĩnh"."""
    return ", ".join([unit.name, *(ancestor.name for ancestor in unit_ancestors(unit))])


def search_units(
    q: str | None = None,
    *,
    level: str | None = None,
    parent: AdminUnit | None = None,
    include_former: bool = False,
    on: dt.date | None = None,
) -> QuerySet[AdminUnit]:
    """Units whose name matches `q` without regard to accents or case ("hoanh son"), of
    `level`, below `parent` (any depth), current only unless `include_former` or `on`."""
    qs = AdminUnit.objects.select_related("parent")
    for word in fold(q).split():
        qs = qs.filter(search_name__contains=word)
    if level:
        qs = qs.filter(level=level)
    if parent is not None:
        qs = qs.filter(path__startswith=parent.path).exclude(pk=parent.pk)
    if on is not None:
        qs = qs.valid_on(on)
    elif not include_former:
        qs = qs.current()
    return qs.order_by(level_rank(), "search_name", "code")
