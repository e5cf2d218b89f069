"""The reception API: public identifiers, filters, the error shape, nothing saved on bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.receptions.models import ReceptionVisit
from danvan.receptions.tests.conftest import d

pytestmark = pytest.mark.django_db

VISITS = "/api/v1/reception-visits/"


def payload(**overrides):
    body = {
        "organization": "hoanhson-ubnd",
        "visited_on": "2026-09-03",
        "admin_unit": "18832",
        "people": [
            {"full_name": "Nguyễn Văn An", "id_number": "042080001234", "is_representative": True},
            {"full_name": "Trần Thị Bích"},
            {"full_name": "Lê Văn Cường"},
            {"full_name": "Phạm Thị Dung"},
            {"full_name": "Hoàng Văn Em"},
        ],
        "content": "Đề nghị bồi thường đất đai khu tái định cư.",
        "request": "Chi trả đủ tiền hỗ trợ.",
        "outcome": "accepted_petition",
    }
    body.update(overrides)
    return body


def test_sessions_are_listed_with_public_ids_and_filters(api_client_for, plan):
    plan(date=d("2026-09-03"), published=True)
    plan(date=d("2026-10-01"))
    client = api_client_for("hoanhson.canbo")

    everything = client.get("/api/v1/reception-sessions/").json()
    published = client.get("/api/v1/reception-sessions/?published=true").json()
    october = client.get(
        "/api/v1/reception-sessions/?organization=hoanhson-ubnd&from=2026-10-01&to=2026-10-31"
    ).json()
    elsewhere = api_client_for("songtri.canbo").get("/api/v1/reception-sessions/").json()

    assert everything["count"] == 2
    row = published["results"][0]
    assert published["count"] == 1
    assert isinstance(row["id"], str)
    assert len(row["id"]) == 12
    assert row["organization"] == "hoanhson-ubnd"
    assert row["admin_unit"] == "18832"
    assert row["receiver"] == "Lê Quang Hưng"
    assert row["time_from"] == "07:30:00"
    assert [r["date"] for r in october["results"]] == ["2026-10-01"]
    assert elsewhere["count"] == 0


def test_a_bad_session_filter_is_an_error_in_shape(api_client_for):
    response = api_client_for("hoanhson.canbo").get("/api/v1/reception-sessions/?from=hôm-qua")

    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["field"] == "from"


def test_posting_a_collective_visit(api_client_for):
    response = api_client_for("hoanhson.canbo").post(VISITS, payload(), format="json")

    assert response.status_code == 201
    body = response.json()
    assert len(body["id"]) == 12
    assert body["number"] == "1/2026"
    assert body["collective"] is True
    assert body["people_count"] == 5
    assert body["full_name"] == "Nguyễn Văn An"
    assert body["admin_unit"] == "18832"
    assert body["received_by"] == "hoanhson.canbo"
    assert len(body["people"]) == 5
    assert body["petitions"] == []


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        (
            {"visited_on": (dt.date.today() + dt.timedelta(days=2)).isoformat()},
            "visited_on",
            "date_in_future",
        ),
        ({"content": "   "}, "content", "required"),
        ({"people": []}, "people", "people_required"),
        (
            {
                "people_count": 12,
                "people": [{"full_name": f"N{i}", "is_representative": True} for i in range(6)],
            },
            "people",
            "too_many_representatives",
        ),
        ({"outcome": "bogus"}, "outcome", "invalid_choice"),
        ({"visited_on": "03/09/2026"}, "visited_on", "invalid"),
    ],
)
def test_bad_input_answers_in_the_error_shape_and_saves_nothing(
    api_client_for, overrides, field, code
):
    response = api_client_for("hoanhson.canbo").post(VISITS, payload(**overrides), format="json")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors[0]["field"] == field
    assert errors[0]["code"] == code
    assert errors[0]["message"]
    assert not ReceptionVisit.objects.exists()


def test_malformed_json_is_an_error_in_shape(api_client_for):
    response = api_client_for("hoanhson.canbo").post(
        VISITS, data='{"content": "thiếu ngoặc"', content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "malformed_json"
    assert not ReceptionVisit.objects.exists()


def test_posting_for_another_organisation_is_403(api_client_for):
    response = api_client_for("songtri.canbo").post(VISITS, payload(), format="json")
    anonymous = api_client_for(None).post(VISITS, payload(), format="json")

    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "permission_denied"
    assert anonymous.status_code == 401
    assert not ReceptionVisit.objects.exists()


def test_the_organisation_may_be_left_out_by_an_officer_of_one(api_client_for):
    body = payload()
    del body["organization"]

    response = api_client_for("hoanhson.canbo").post(VISITS, body, format="json")

    assert response.status_code == 201
    assert response.json()["organization"] == "hoanhson-ubnd"


def test_detail_and_scope(api_client_for, enter_visit):
    visit = enter_visit()

    mine = api_client_for("hoanhson.canbo").get(f"{VISITS}{visit.public_id}/")
    other = api_client_for("songtri.canbo").get(f"{VISITS}{visit.public_id}/")
    by_row_id = api_client_for("hoanhson.canbo").get(f"{VISITS}{visit.pk}/")

    assert mine.status_code == 200
    assert mine.json()["id"] == visit.public_id
    assert mine.json()["content"] == visit.content
    assert other.status_code == 404
    assert other.json()["errors"][0]["code"] == "not_found"
    assert by_row_id.status_code == 404


def test_the_list_filters_and_keeps_its_query_count(
    api_client_for, enter_visit, django_assert_max_num_queries
):
    from danvan.receptions.tests.conftest import people

    client = api_client_for("hoanhson.canbo")
    for n in range(3):
        enter_visit(content=f"Bồi thường lần {n}", people=people(6, representatives=2))
    client.get(VISITS)
    with django_assert_max_num_queries(20) as few:
        client.get(VISITS)
    baseline = len(few.captured_queries)
    for n in range(20):
        enter_visit(content=f"Đèn đường {n}", visited_on=d("2026-10-01"))

    with django_assert_max_num_queries(baseline):
        listing = client.get(VISITS)
    search = client.get(f"{VISITS}?q=boi thuong&collective=true").json()
    dates = client.get(f"{VISITS}?from=2026-10-01").json()

    assert listing.json()["count"] == 23
    assert search["count"] == 3
    assert dates["count"] == 20
