"""What one portal submission asks the database, so that it cannot grow back: the form's
places come from the process's cache, the key is looked up once, the register number takes
one statement, and the session is written once."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danvan.petitions.models import Petition
from danvan.places.models import AdminUnit
from danvan.portal import selectors

pytestmark = pytest.mark.django_db

SUBMIT = reverse("portal:submit")
# Counted on both databases, savepoints included: key, topics, 6 for duplicates, counter,
# petition, petitioner, duplicate, rule, deadline, audit, key, submission, audit, session
# (load, delete old, new key check, insert) and 6 savepoint statements.
MAX_QUERIES = 29


def _statements(context: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in context.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


def test_a_submission_asks_only_what_it_needs(client, form_data, django_assert_max_num_queries):
    client.post(SUBMIT, form_data())  # the places are read once, the visitor gets a session

    with (
        django_assert_max_num_queries(MAX_QUERIES),
        CaptureQueriesContext(connection) as context,
    ):
        response = client.post(SUBMIT, form_data(content="Rác thải ở chợ không ai dọn."))

    assert response.status_code == 302
    assert Petition.objects.count() == 2
    statements = _statements(context)
    repeated = [sql for sql, n in Counter(statements).items() if n > 1]
    assert repeated == []
    for table in ("places_adminunit", "organizations_organization", "petitions_pause"):
        assert not [sql for sql in statements if f'FROM "{table}"' in sql]
    assert len([sql for sql in statements if "portal_submissionkey" in sql]) == 2  # read, insert
    assert len([sql for sql in statements if "registercounter" in sql]) == 1
    session_writes = [
        sql
        for sql in statements
        if sql.startswith(("INSERT", "UPDATE")) and "django_session" in sql
    ]
    assert len(session_writes) == 1


def test_a_first_visitor_s_session_is_written_once_under_a_new_key(client, form_data):
    with CaptureQueriesContext(connection) as context:
        response = client.post(SUBMIT, form_data())

    assert response.status_code == 302
    session_statements = [sql for sql in _statements(context) if "django_session" in sql]
    assert [sql.split()[0] for sql in session_statements] == ["SELECT", "INSERT"]
    # The receipt and the case open with that session.
    receipt = client.get(response["Location"])
    assert Petition.objects.get().tracking_code in receipt.content.decode()


def test_a_returning_visitor_gets_a_new_session_key_keeping_what_it_held(client, form_data):
    session = client.session
    session["something"] = "kept"
    session.save()
    old_key = session.session_key

    response = client.post(SUBMIT, form_data())

    assert response.status_code == 302
    new_key = client.cookies["sessionid"].value
    assert new_key != old_key
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=old_key).exists()
    assert client.session["something"] == "kept"
    assert client.get(reverse("portal:case")).status_code == 200


def test_the_places_are_read_again_when_a_unit_changes(client, form_data, hoanhson):
    first = selectors.submission_places()
    assert selectors.submission_places() is first  # kept

    AdminUnit.objects.filter(pk=hoanhson.pk).get().save()

    assert selectors.submission_places() is not first


def test_the_places_are_read_on_every_request_when_keeping_is_off(settings, hoanhson):
    settings.PORTAL_PLACES_CACHE_SECONDS = 0
    first = selectors.submission_places()

    assert selectors.submission_places() is not first
    assert hoanhson in first.communes


def test_a_commune_not_offered_is_refused(client, form_data):
    other = AdminUnit.objects.filter(level="commune").exclude(
        pk__in=[u.pk for u in selectors.submission_places().communes]
    )
    unit: Any = other.first()

    response = client.post(SUBMIT, form_data(commune=str(unit.pk), village=""))

    assert response.status_code == 400
    assert "Hãy chọn xã, phường trong danh sách." in response.content.decode()


def test_the_lists_of_places_are_made_once_and_a_chosen_place_stays_chosen(
    client, form_data, hoanhson, monkeypatch
):
    from django import forms

    made: list[str] = []
    render = forms.Select.render

    def counting(self: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        made.append(name)
        return render(self, name, *args, **kwargs)

    monkeypatch.setattr(forms.Select, "render", counting)

    first = client.get(SUBMIT).content.decode()
    second = client.get(SUBMIT).content.decode()

    assert sorted(made) == ["commune", "village"]
    assert "Tổ dân phố Ba Đồng" in second
    assert first.split('name="commune"')[1][:2000] == second.split('name="commune"')[1][:2000]
    refused = client.post(SUBMIT, form_data(content="")).content.decode()
    assert f'<option value="{hoanhson.pk}" selected>' in refused
