"""The capped count of long lists: exact below the limit, "more than" above it, and the
database asked to stop counting at the limit."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from danvan.core import paging
from danvan.core.paging import CappedPaginator
from danvan.places.models import AdminUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    province = AdminUnit.objects.create(code="99", name="Tỉnh Thử", level="province")
    made = [province.pk]
    for number in range(7):
        made.append(
            AdminUnit.objects.create(
                code=f"99{number:03}", name=f"Xã {number}", level="commune", parent=province
            ).pk
        )
    return AdminUnit.objects.filter(pk__in=made).order_by("code")


def test_below_the_limit_the_count_is_exact(units):
    paginator = CappedPaginator(units, 3, count_limit=8)

    assert paginator.count == 8
    assert paginator.capped is False
    assert paginator.num_pages == 3


def test_above_the_limit_the_count_stops_there_and_says_so(units):
    paginator = CappedPaginator(units, 3, count_limit=5)

    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 5
    assert paginator.capped is True
    assert paginator.num_pages == 2
    (query,) = queries.captured_queries
    assert "LIMIT 6" in query["sql"]
    assert "ORDER BY" not in query["sql"]
    assert [u.code for u in paginator.page(2).object_list] == ["99002", "99003"]


def test_the_default_limit_is_read_when_the_paginator_is_made(units, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_LIMIT", 2)

    assert CappedPaginator(units, 10).count == 2


def test_a_list_that_is_not_a_query_is_counted_whole():
    paginator = CappedPaginator(list(range(12)), 5, count_limit=10)

    assert paginator.count == 10
    assert paginator.capped is True


def test_the_count_is_grouped_as_the_language_writes_it(units):
    paginator = CappedPaginator(list(range(12_345)), 50, count_limit=20_000)

    with translation.override("vi"):
        assert paginator.count_display == "12.345"
    with translation.override("en"):
        assert paginator.count_display == "12,345"


def test_a_page_is_read_ids_first_then_rows_with_their_joins(units):
    paginator = CappedPaginator(units.select_related("parent"), 3)

    with CaptureQueriesContext(connection) as queries:
        page = paginator.page(2)
        codes = [(u.code, u.parent.code if u.parent else None) for u in page.object_list]

    assert codes == [("99002", "99"), ("99003", "99"), ("99004", "99")]
    count_query, ids_query, rows_query = [q["sql"] for q in queries.captured_queries]
    assert "COUNT" in count_query
    assert "JOIN" not in ids_query
    assert "JOIN" in rows_query
    assert page.has_next()
    assert page.has_previous()


def test_a_query_of_values_is_paged_in_one_step(units):
    paginator = CappedPaginator(units.values("code"), 3)

    assert [row["code"] for row in paginator.page(3).object_list] == ["99005", "99006"]


def test_a_first_page_that_holds_the_whole_list_is_not_counted(units):
    paginator = CappedPaginator(units.select_related("parent"), 10)

    with CaptureQueriesContext(connection) as queries:
        page = paginator.page(1)
        codes = [u.code for u in page.object_list]

    assert len(codes) == 8
    assert paginator.count == 8
    assert paginator.capped is False
    assert not page.has_next()
    ids_query, rows_query = [q["sql"] for q in queries.captured_queries]
    assert "COUNT" not in ids_query + rows_query
    assert "LIMIT 11" in ids_query


def test_a_longer_list_is_counted_and_its_first_page_read_once(units):
    paginator = CappedPaginator(units, 3)

    with CaptureQueriesContext(connection) as queries:
        codes = [u.code for u in paginator.get_page("1").object_list]

    assert codes == ["99", "99000", "99001"]
    assert paginator.count == 8
    assert paginator.num_pages == 3
    ids_query, count_query, _rows_query = [q["sql"] for q in queries.captured_queries]
    assert "LIMIT 4" in ids_query
    assert "COUNT" in count_query


def test_a_first_page_shorter_than_the_count_limit_still_says_more_than(units):
    paginator = CappedPaginator(units, 10, count_limit=5)

    page = paginator.page(1)

    assert (paginator.count, paginator.capped) == (5, True)
    assert len(page.object_list) == 5
