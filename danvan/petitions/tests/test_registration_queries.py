"""What registering a petition reads and writes: the register counter in one statement, the
first deadlines without reading rows a new case cannot have."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.petitions import deadlines
from danvan.petitions.models import RegisterCounter

pytestmark = pytest.mark.django_db


def _touching(context: CaptureQueriesContext, table: str) -> list[str]:
    """Statements reading or writing `table` itself (not naming it in a subquery's join)."""
    verbs = (f'FROM "{table}"', f'INTO "{table}"', f'UPDATE "{table}"', f"INTO {table}")
    return [
        q["sql"]
        for q in context.captured_queries
        if any(
            q["sql"].lstrip().startswith(word) for word in ("SELECT", "INSERT", "UPDATE", "DELETE")
        )
        and any(verb in q["sql"].split(" WHERE ")[0] for verb in verbs)
    ]


def test_the_register_number_takes_one_statement_and_counts_on(register, hoanhson_ubnd):
    numbers = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as context:
            numbers.append(register(received_on=dt.date(2026, 2, 10)).number)
        assert len(_touching(context, "petitions_registercounter")) == 1

    assert numbers == [1, 2, 3]
    counter = RegisterCounter.objects.get(organization=hoanhson_ubnd, year=2026)
    assert counter.last_number == 3


def test_a_new_year_starts_the_register_again_at_one(register):
    register(received_on=dt.date(2025, 12, 31))
    register(received_on=dt.date(2025, 12, 31))

    assert register(received_on=dt.date(2026, 1, 2)).number == 1


def test_the_first_deadlines_are_computed_without_reading_what_a_new_case_cannot_have(
    register,
):
    with CaptureQueriesContext(connection) as context:
        petition = register(kind="complaint")

    for table in ("petitions_pause", "petitions_extension", "petitions_forwarding"):
        assert _touching(context, table) == []
    deadline_statements = _touching(context, "petitions_petitiondeadline")
    assert [sql.split()[0] for sql in deadline_statements] == ["INSERT"]
    stored = [(d.step, d.starts_on, d.due_on, d.met_on) for d in petition.deadlines.all()]
    recomputed = [(d.step, d.starts_on, d.due_on, d.met_on) for d in deadlines.refresh(petition)]
    assert stored == recomputed
    assert stored[0][:2] == ("accept", dt.date(2026, 2, 10))


# A ward officer's registration from the back office's form, duplicate check included: the
# officer and their scope, the form's wards, topics, 5 for duplicates, the counter, 3 inserts,
# the rule, the deadline and the audit event (savepoints counted).
OFFICE_MAX_QUERIES = 35


def test_a_back_office_registration_asks_only_what_it_needs(
    client, persona, register, django_assert_max_num_queries
):
    from django.urls import reverse

    from danvan.petitions.tests.test_views import form_data

    register()  # an earlier petition of the same person: a duplicate to find
    client.force_login(persona("hoanhson.canbo"))

    with (
        django_assert_max_num_queries(OFFICE_MAX_QUERIES),
        CaptureQueriesContext(connection) as context,
    ):
        response = client.post(reverse("petitions:petition_create"), form_data())

    assert response.status_code == 302
    assert len(_touching(context, "petitions_registercounter")) == 1
    assert _touching(context, "petitions_pause") == []
    assert len(_touching(context, "petitions_duplicatecandidate")) == 1
