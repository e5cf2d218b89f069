"""The portal shows what the communes have made public and is still posted, to anyone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from danvan.democracy import publications
from danvan.democracy.models import PublicationCategory
from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit

pytestmark = pytest.mark.django_db
URL = "/cong-dan/thong-tin-cong-khai/"


def _published(title, *, ago, length=None, channel="notice_board"):
    today = timezone.localdate()
    publication = publications.publication_record(
        actor=None,
        organization=Organization.objects.get(code="hoanhson-ubnd"),
        admin_unit=AdminUnit.objects.get(code="18832", valid_to__isnull=True),
        category=PublicationCategory.objects.get(code="budget"),
        title=title,
        decided_on=today - dt.timedelta(days=ago + 1),
    )
    start = today - dt.timedelta(days=ago)
    publications.publication_post(
        actor=None,
        publication=publication,
        channel=channel,
        place="Trụ sở UBND phường",
        from_on=start,
        to_on=start + dt.timedelta(days=length - 1) if length else None,
    )
    return publication


def test_current_publications_are_shown_to_anyone(client):
    _published("Dự toán ngân sách phường năm 2027", ago=3)
    _published("Danh sách hộ nghèo năm 2026", ago=10, length=30, channel="portal")
    _published("Kết quả giải quyết khiếu nại quý II", ago=60, length=30)  # ended
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dự toán ngân sách phường năm 2027" in html
    assert "Danh sách hộ nghèo năm 2026" in html
    assert "Kết quả giải quyết khiếu nại quý II" not in html
    assert "Trụ sở UBND phường" in html
    assert 'href="/cong-dan/thong-tin-cong-khai/"' in client.get("/cong-dan/").content.decode()


def test_nothing_posted_says_so(client):
    assert "Hiện không có nội dung nào" in client.get(URL).content.decode()


def test_queries_do_not_grow(client):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries.captured_queries)

    for number in range(2):
        _published(f"Nội dung {number}", ago=2)
    small = count()
    for number in range(6):
        _published(f"Nội dung thêm {number}", ago=2)
    assert count() == small
