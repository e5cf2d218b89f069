"""Pagination for lists that can hold a province's archive.

Counting every row a reader may see costs as much as reading them: a count of a common search
word, or of the whole list for a province-wide reader, visits hundreds of thousands of rows
for a number nobody reads to the last digit. `CappedPaginator` counts at most `count_limit`
rows (`SELECT COUNT(*) FROM (SELECT … LIMIT n)`: the database stops at the limit) and says so:
the page shows "hơn 10.000" and numbered pages reach as far as the limit; narrowing the
filters (or the Excel export) reaches the rest.

A page of a query is read in two steps: the ids of its rows first (the filters and the
order, nothing joined), then those rows with their joins and prefetches by primary key. In
one step the database may join every candidate row to its related tables before sorting and
keeping fifty.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.db.models.query import ModelIterable
from django.utils.formats import get_format
from django.utils.functional import cached_property

COUNT_LIMIT = 10_000


def _two_step(rows: Any) -> bool:
    """Whether a page of `rows` can be read ids first: a plain query of model instances."""
    return (
        isinstance(rows, QuerySet)
        and rows._iterable_class is ModelIterable
        and not rows.query.annotations
        and not rows.query.distinct
    )


def _is_one(number: Any) -> bool:
    try:
        return int(number) == 1
    except (TypeError, ValueError):
        return False


class TwoStepPaginator(Paginator):
    """A Paginator that reads a page of a query ids first, then the rows by primary key.

    The first page's ids are read before the count: when they are all there is (a filtered
    list, an overdue list), their number is the count and the list is not counted at all."""

    _first_ids: list[Any] | None = None

    def validate_number(self, number: Any) -> int:
        rows: Any = self.object_list
        if "count" not in self.__dict__ and _is_one(number) and _two_step(rows):
            fits = self.per_page + self.orphans
            ids = list(rows.values_list("pk", flat=True)[: fits + 1])
            if len(ids) <= fits:
                self._counted(len(ids))
                self._first_ids = ids
            else:
                self._first_ids = ids[: self.per_page]
        return super().validate_number(number)

    def _counted(self, found: int) -> None:
        self.__dict__["count"] = found

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows: Any = self.object_list
        if not _two_step(rows):
            return Page(rows[bottom:top], number, self)
        if number == 1 and self._first_ids is not None:
            ids = self._first_ids[:top]
        else:
            ids = list(rows.values_list("pk", flat=True)[bottom:top])
        fetched = rows.model._default_manager.filter(pk__in=ids)
        fetched.query.select_related = rows.query.select_related
        fetched = fetched.prefetch_related(*getattr(rows, "_prefetch_related_lookups", ()))
        by_id = {row.pk: row for row in fetched}
        return Page([by_id[pk] for pk in ids if pk in by_id], number, self)


class CappedPaginator(TwoStepPaginator):
    """A Paginator whose count stops at `count_limit`; `capped` tells whether it did."""

    def __init__(
        self, object_list: Any, per_page: int, *, count_limit: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.count_limit = COUNT_LIMIT if count_limit is None else count_limit
        self.capped = False

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if isinstance(rows, QuerySet):
            # No ordering (nothing to sort for a count), no joins or prefetches (none filter).
            found = rows.order_by()[: self.count_limit + 1].count()
        else:
            found = len(rows)
        self.capped = found > self.count_limit
        return min(found, self.count_limit)

    def _counted(self, found: int) -> None:
        self.capped = found > self.count_limit
        self.__dict__["count"] = min(found, self.count_limit)

    @property
    def count_display(self) -> str:
        """The count with the language's digit grouping ("10.000" in Vietnamese)."""
        return f"{self.count:,}".replace(",", str(get_format("THOUSAND_SEPARATOR")))
