"""Pagination for lists that can hold a province's archive.

Counting every row a reader may see costs as much as reading them: a count of a common search
word, or of the whole list for a province-wide reader, visits hundreds of thousands of rows
for a number nobody reads to the last digit. `CappedPaginator` counts at most `count_limit`
rows (`SELECT COUNT(*) FROM (SELECT … LIMIT n)`: the database stops at the limit) and says so:
the page shows "hơn 10.000" and numbered pages reach as far as the limit; narrowing the
filters (or the Excel export, or the API's cursor pagination) reaches the rest.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.formats import get_format
from django.utils.functional import cached_property

COUNT_LIMIT = 10_000


class CappedPaginator(Paginator):
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

    @property
    def count_display(self) -> str:
        """The count with the language's digit grouping ("10.000" in Vietnamese)."""
        return f"{self.count:,}".replace(",", str(get_format("THOUSAND_SEPARATOR")))
