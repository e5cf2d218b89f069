"""The publication register and the warnings of Law 10/2022/QH15: published within 5 working
days of the decision (holidays do not count), on a notice board for at least 30 days."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danvan.audit.models import AuditEvent
from danvan.core.errors import ValidationFailed
from danvan.democracy import publications as register
from danvan.democracy.models import Publication, PublicationCategory
from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit

pytestmark = pytest.mark.django_db
# Tuesday 28 April 2026: 30 April and 1 May are holidays, so the 5th working day after it is
# Thursday 7 May.
DECIDED = dt.date(2026, 4, 28)
LAST_DAY = dt.date(2026, 5, 7)


def _publication(**changes: Any) -> Publication:
    arguments: dict[str, Any] = {
        "actor": None,
        "organization": Organization.objects.get(code="hoanhson-ubnd"),
        "admin_unit": AdminUnit.objects.get(code="18832", valid_to__isnull=True),
        "category": PublicationCategory.objects.get(code="land-use"),
        "title": "Phương án bồi thường, hỗ trợ, tái định cư đợt 2 dự án đường ven biển",
        "decided_on": DECIDED,
        "document_number": "215/QĐ-UBND",
    }
    arguments.update(changes)
    return register.publication_record(**arguments)


def _codes(publication: Publication, today: dt.date) -> list[str]:
    fresh = (
        register.publications_for(None)
        .model.objects.prefetch_related("postings")
        .get(pk=publication.pk)
    )
    return [w.code for w in register.warnings_for(fresh, today=today)]


def test_the_fourteen_categories_of_article_11():
    categories = list(PublicationCategory.objects.all())
    assert len(categories) == 14
    assert categories[13].citation == "khoản 14 Điều 11 Luật 10/2022/QH15"


def test_published_on_the_fifth_working_day_is_on_time():
    publication = _publication()
    assert register.publish_by(publication) == LAST_DAY
    assert _codes(publication, LAST_DAY) == []  # not yet late on the last day
    assert _codes(publication, LAST_DAY + dt.timedelta(days=1)) == ["not_published"]
    register.publication_post(
        actor=None, publication=publication, channel="notice_board", from_on=LAST_DAY
    )
    assert _codes(publication, dt.date(2026, 6, 1)) == []


def test_published_the_day_after_is_late():
    publication = _publication()
    register.publication_post(
        actor=None,
        publication=publication,
        channel="radio",
        from_on=LAST_DAY + dt.timedelta(days=1),
        to_on=LAST_DAY + dt.timedelta(days=1),
    )
    warnings = register.warnings_for(
        Publication.objects.prefetch_related("postings").get(pk=publication.pk),
        today=dt.date(2026, 6, 1),
    )
    assert [w.code for w in warnings] == ["late"]
    assert "07/05/2026" in warnings[0].message
    assert "Điều 12" in warnings[0].message


@pytest.mark.parametrize(("days", "short"), [(30, False), (29, True)])
def test_notice_board_for_thirty_days(days, short):
    publication = _publication()
    posting = register.publication_post(
        actor=None, publication=publication, channel="notice_board", from_on=DECIDED
    )
    register.publication_take_down(
        actor=None, posting=posting, on=DECIDED + dt.timedelta(days=days - 1)
    )
    assert ("short_posting" in _codes(publication, dt.date(2026, 7, 1))) is short


def test_a_short_radio_announcement_is_no_notice_board():
    publication = _publication()
    register.publication_post(
        actor=None, publication=publication, channel="radio", from_on=DECIDED, to_on=DECIDED
    )
    assert _codes(publication, dt.date(2026, 7, 1)) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": " "}, "title"),
        ({"decided_on": dt.date.today() + dt.timedelta(days=3)}, "decided_on"),
        ({"document_number": "x" * 65}, "document_number"),
    ],
)
def test_bad_publications_are_refused(changes, field):
    with pytest.raises(ValidationFailed) as error:
        _publication(**changes)
    assert error.value.field == field
    assert not Publication.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"channel": "pigeon"}, "channel"),
        ({"from_on": DECIDED - dt.timedelta(days=1)}, "from_on"),
        ({"to_on": DECIDED - dt.timedelta(days=1)}, "to_on"),
    ],
)
def test_bad_postings_are_refused(changes, field):
    publication = _publication()
    arguments: dict[str, Any] = {
        "actor": None,
        "publication": publication,
        "channel": "notice_board",
        "from_on": DECIDED,
    }
    arguments.update(changes)
    with pytest.raises(ValidationFailed) as error:
        register.publication_post(**arguments)
    assert error.value.field == field
    assert not publication.postings.exists()


def _count_queries(officer: Any) -> tuple[int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        rows = register.register(register.publications_for(officer), today=LAST_DAY)
    return len(rows), len(queries.captured_queries)


def test_the_register_is_scoped_audited_and_reads_in_constant_queries(persona):
    def add(count: int) -> None:
        for number in range(count):
            publication = _publication(title=f"Nội dung {number}")
            register.publication_post(
                actor=None, publication=publication, channel="portal", from_on=DECIDED
            )

    officer = persona("hoanhson.canbo")
    add(3)
    _count_queries(officer)  # the officer's scope and the calendar, once
    rows, small = _count_queries(officer)
    add(5)
    more, large = _count_queries(officer)
    assert (rows, more) == (3, 8)
    assert small == large == 2
    assert AuditEvent.objects.filter(action="democracy.publication_post").count() == 8
    assert not register.publications_for(persona("songtri.canbo")).exists()
