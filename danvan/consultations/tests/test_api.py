from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from danvan.consultations import services
from danvan.consultations.tests.conftest import make_consultation

pytestmark = pytest.mark.django_db
BASE = "/api/v1/consultations"
LIST_FIELDS = {
    "id",
    "title",
    "opens_on",
    "closes_on",
    "status",
    "sections_count",
    "comments_count",
}


@pytest.fixture
def officer(api_client_for):
    return api_client_for("hoanhson.canbo")


@pytest.fixture
def commented(officer_user, opened):
    """Two sections; section 1 has three comments (accepted, explained, pending), section 2
    none, and one general comment from a meeting (partly accepted)."""
    first = opened.sections.get(position=1)
    today = timezone.localdate()
    comments = [
        services.comment_add(
            actor=None,
            consultation=opened,
            text="Tăng mức hỗ trợ.",
            source="portal",
            section=first,
        ),
        services.comment_add(
            actor=officer_user,
            consultation=opened,
            text="Bổ sung đối tượng.",
            source="paper_form",
            section=first,
            received_on=today,
        ),
        services.comment_add(
            actor=officer_user,
            consultation=opened,
            text="Rút ngắn thời gian.",
            source="hotline",
            section=first,
            received_on=today,
        ),
        services.comment_add(
            actor=officer_user,
            consultation=opened,
            text="Ý kiến chung.",
            source="meeting",
            source_note="Hội nghị thôn Hải Phong",
            received_on=today,
        ),
    ]
    for comment, kind in zip(
        comments, ["accepted", "explained", None, "partly_accepted"], strict=True
    ):
        if kind:
            services.comment_respond(
                actor=officer_user, comment=comment, kind=kind, text="Trả lời."
            )
    return opened


def test_list_shape(officer, commented):
    response = officer.get(f"{BASE}/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert set(row) == LIST_FIELDS
    assert row["id"] == commented.public_id
    assert row["status"] == "open"
    assert row["sections_count"] == 2
    assert row["comments_count"] == 4
    assert row["opens_on"] == commented.opens_on.isoformat()


def test_detail_tallies(officer, commented):
    response = officer.get(f"{BASE}/{commented.public_id}/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "open"
    assert body["organization"]["code"] == "hoanhson-ubnd"
    assert body["admin_unit"]["code"] == "18832"
    assert body["program"] is None
    assert body["document"] is None
    assert body["period"]["min_days"] == 20
    assert body["period"]["days"] == 20
    assert "10/2022/QH15" in body["period"]["citation"]
    assert body["sections_count"] == 2
    assert body["comments_count"] == 4
    first, second = body["sections"]
    assert first["heading"] == "Điều 1. Phạm vi"
    assert first["comments_count"] == 3
    assert first["responses"] == {
        "accepted": 1,
        "partly_accepted": 0,
        "explained": 1,
        "pending": 1,
    }
    assert second["comments_count"] == 0
    assert second["responses"] == {
        "accepted": 0,
        "partly_accepted": 0,
        "explained": 0,
        "pending": 0,
    }
    assert body["general"] == {
        "comments_count": 1,
        "responses": {"accepted": 0, "partly_accepted": 1, "explained": 0, "pending": 0},
    }
    assert body["by_source"] == {
        "portal": 1,
        "paper_form": 1,
        "meeting": 1,
        "hotline": 1,
        "officer": 0,
    }


def test_scope(api_client_for, commented):
    url = f"{BASE}/{commented.public_id}/"
    songtri = api_client_for("songtri.canbo")
    assert songtri.get(url).status_code == 404
    assert songtri.get(f"{BASE}/").json()["count"] == 0
    for username in ("tinh.danvan", "hoanhson.chutich", "admin"):
        assert api_client_for(username).get(url).status_code == 200, username


def test_unknown_id_is_404(officer):
    response = officer.get(f"{BASE}/nope/")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


def test_anonymous_is_refused(client, commented):
    assert client.get(f"{BASE}/").status_code in (401, 403)


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{BASE}/")
    assert response.status_code == 200
    return len(queries)


def _add(actor, count: int) -> None:
    for _ in range(count):
        consultation = make_consultation(actor)
        services.section_add(actor=actor, consultation=consultation, heading="Điều 1")
        services.consultation_open(actor=actor, consultation=consultation)
        services.comment_add(
            actor=actor,
            consultation=consultation,
            text="Góp ý.",
            source="meeting",
            received_on=timezone.localdate() - dt.timedelta(days=1),
        )


def test_list_query_count_is_constant(api_client_for, officer_user):
    client = api_client_for("hoanhson.canbo")
    client.get(f"{BASE}/")  # warm the per-process caches (content types, rules)
    _add(officer_user, 2)
    few = _list_queries(client)
    _add(officer_user, 6)
    many = _list_queries(client)
    assert client.get(f"{BASE}/").json()["count"] == 8
    assert few == many
    assert few <= 8, few


def test_detail_query_count_is_constant(api_client_for, officer_user, commented):
    client = api_client_for("hoanhson.canbo")
    url = f"{BASE}/{commented.public_id}/"
    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        services.comment_add(
            actor=None,
            consultation=commented,
            text="Thêm.",
            source="portal",
            section=commented.sections.get(position=2),
        )
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).json()
    assert body["sections"][1]["comments_count"] == 5
    assert len(few) == len(many)
    assert len(few) <= 12, len(few)
