"""The list's plans use the indexes made for them (migration 0010): the reader's scope and the
overdue filter are read from indexes alone, and no query reads the whole petition table.

The test tables are tiny, so on PostgreSQL the planner is told to avoid plain table scans
(as it would avoid them on a large table); SQLite plans by the schema and is checked as is."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from danvan.petitions import services
from danvan.petitions.selectors import PetitionFilters, petition_list
from danvan.petitions.tests.conftest import d

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite plan")
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plan")


@pytest.fixture
def officer_with_cases(register, persona):
    officer = persona("hoanhson.canbo")
    chairman = persona("hoanhson.chutich")
    for i in range(5):
        petition = register(title=f"Đơn {i}", received_on=d("2026-01-05"))
        if i % 2:
            services.petition_assign(
                actor=chairman, petition=petition, user=officer, on=d("2026-01-06")
            )
    return officer


def _sql(queryset) -> tuple[str, tuple]:
    return queryset.order_by().values("pk")[:10001].query.sql_with_params()


def _postgres_plan(queryset) -> str:
    sql, params = _sql(queryset)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN SELECT count(*) FROM ({sql}) AS page", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _sqlite_plan(queryset) -> str:
    sql, params = _sql(queryset)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN SELECT count(*) FROM ({sql}) AS page", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


@postgresql_only
def test_a_ward_officers_scope_is_read_from_covering_indexes(officer_with_cases):
    plan = _postgres_plan(petition_list(officer_with_cases, PetitionFilters(overdue=True)))

    for index in (
        # Either index that leads with the unit: on these tiny tables the planner may take
        # the other one; on a large table only `petition_unit_order` gives an index-only scan.
        "petition_unit_(order|status)",
        "petition_org_ids",
        "assignment_user_petition",
        "forwarding_to_petition",
        "deadline_(open_petition|met_due_petition)",
    ):
        # An index-only scan on a large table whose visibility map is set (after VACUUM);
        # a bitmap scan of the same index on these fresh, tiny ones.
        assert re.search(rf"(Index Only Scan using|Bitmap Index Scan on) {index}\b", plan), plan
    assert "Seq Scan" not in plan, plan


@sqlite_only
def test_a_ward_officers_list_reads_no_table_whole(officer_with_cases):
    plan = _sqlite_plan(petition_list(officer_with_cases, PetitionFilters(overdue=True)))

    assert "SCAN petitions_petition" not in plan, plan
    assert not re.search(r"^SCAN U\d", plan, re.MULTILINE), plan
    assert re.search(r"USING COVERING INDEX petition_unit_(order|status)", plan), plan
    assert re.search(r"COVERING INDEX deadline_(open_petition|met_due_petition)\b", plan), plan


@sqlite_only
def test_the_duplicate_check_finds_the_same_person_through_the_petitioners_indexes(db):
    from danvan.petitions.duplicates import Person, _same_person_ids
    from danvan.petitions.models import Petitioner

    person = Person(full_name="Trần Văn Hải", address="Thôn Tây", phone="0912345678")
    queries: list[tuple[str, tuple]] = []

    def keep(execute, sql, params, many, context):
        queries.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        _same_person_ids(Petitioner.objects.all(), [person])
    ((sql, params),) = queries
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())

    # Then the phone and the name are looked up in their indexes, and no petition is read
    assert "SCAN" not in plan, plan
    assert "petitions_petition " not in plan + " ", plan
    assert plan.count("USING INDEX") >= 2, plan


@sqlite_only
def test_a_status_filter_reads_its_page_in_order_from_the_status_index(officer_with_cases):
    rows = petition_list(officer_with_cases, PetitionFilters(status="received"))
    sql, params = rows.values("pk")[:50].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())

    assert "COVERING INDEX petition_status_order (status=?)" in plan, plan
    assert "TEMP B-TREE FOR ORDER BY" not in plan, plan


@sqlite_only
def test_a_wide_scope_with_a_list_of_ids_starts_from_those_ids(db, persona, monkeypatch):
    from danvan.organizations import scope
    from danvan.petitions.selectors import visible_petitions

    # Given the province specialist's wide scope and the ids a rare search word found
    monkeypatch.setattr(scope, "WIDE_SCOPE_UNITS", 0)
    found = list(range(1, 2001))

    rows = visible_petitions(persona("tinh.danvan")).filter(pk__in=found)
    sql, params = rows.order_by("-received_on", "-pk").values("pk")[:50].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())

    # Then those ids are looked up and the scope is tested on their rows: the scope's units
    # are not read one by one through their index (most of the table at a province)
    assert "MULTI-INDEX OR" not in plan, plan
    assert "petition_unit_order" not in plan, plan
    assert "USING INTEGER PRIMARY KEY (rowid=?)" in plan, plan
