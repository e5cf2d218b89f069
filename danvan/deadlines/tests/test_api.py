"""API: the rule table, the calendar and date arithmetic, with the project's error shape."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def assert_error_shape(response, status=400):
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"errors"}
    assert body["errors"]
    for error in body["errors"]:
        assert set(error) == {"code", "field", "message"}
        assert error["message"]
    return body["errors"]


def test_the_api_needs_authentication():
    response = APIClient().get("/api/v1/legal-rules/")
    assert_error_shape(response, 401)


def test_legal_rules_list_with_filters(api_client):
    response = api_client.get("/api/v1/legal-rules/")
    assert response.status_code == 200
    assert response.json()["count"] == 26
    response = api_client.get("/api/v1/legal-rules/", {"kind": "complaint", "step": "resolve"})
    codes = {row["code"] for row in response.json()["results"]}
    assert codes == {
        "complaint.resolve.r1",
        "complaint.resolve.r1.complex",
        "complaint.resolve.r1.remote",
        "complaint.resolve.r1.remote.complex",
        "complaint.resolve.r2",
        "complaint.resolve.r2.complex",
        "complaint.resolve.r2.remote",
        "complaint.resolve.r2.remote.complex",
    }


def test_legal_rule_detail_by_code(api_client):
    response = api_client.get("/api/v1/legal-rules/complaint.resolve.r1.remote.complex/")
    assert response.status_code == 200
    body = response.json()
    assert body["period"] == 60
    assert body["unit"] == "days"
    assert body["start_event"] == "acceptance"
    assert body["complex"] is True
    assert body["remote_area"] is True
    assert body["source"] == "Luật Khiếu nại 02/2011/QH13, Điều 28"


def test_unknown_rule_is_a_404_in_the_error_shape(api_client):
    errors = assert_error_shape(api_client.get("/api/v1/legal-rules/no.such.rule/"), 404)
    assert errors[0]["code"] == "not_found"


def test_calendar_of_a_year(api_client):
    response = api_client.get("/api/v1/calendar/2026/")
    assert response.status_code == 200
    body = response.json()
    days = {row["date"]: row for row in body["days"]}
    assert days["2026-02-17"]["kind"] == "day_off"
    assert days["2026-02-17"]["name"] == "Tết Nguyên Đán"
    assert days["2026-08-22"] == {
        "date": "2026-08-22",
        "kind": "working_day",
        "name": "Làm bù cho ngày nghỉ thứ Hai 31/8/2026",
        "origin": "override",
        "legal_source": days["2026-08-22"]["legal_source"],
    }
    assert days["2026-08-31"]["kind"] == "day_off"
    assert body["months"][1] == {"month": 2, "working_days": 15}
    assert body["working_days"] == sum(month["working_days"] for month in body["months"])


def test_calendar_of_an_unsupported_year_is_a_400(api_client):
    errors = assert_error_shape(api_client.get("/api/v1/calendar/1900/"))
    assert errors[0]["code"] == "year_out_of_range"


def test_add_working_days_across_tet(api_client):
    response = api_client.get(
        "/api/v1/calendar/add-working-days/", {"start": "2026-02-12", "n": 10}
    )
    assert response.status_code == 200
    assert response.json() == {"start": "2026-02-12", "n": 10, "result": "2026-03-05"}


def test_add_days_rolls_forward(api_client):
    response = api_client.get("/api/v1/calendar/add-days/", {"start": "2026-01-01", "n": 30})
    assert response.json() == {"start": "2026-01-01", "n": 30, "result": "2026-02-02"}


@pytest.mark.parametrize("endpoint", ["add-working-days", "add-days"])
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2026-02-30", "n": 1}, "start"),
        ({"start": "12/02/2026", "n": 1}, "start"),
        ({"n": 1}, "start"),
        ({"start": "2026-02-12", "n": -1}, "n"),
        ({"start": "2026-02-12", "n": 10**12}, "n"),
        ({"start": "2026-02-12", "n": "mười"}, "n"),
        ({"start": "2026-02-12"}, "n"),
    ],
)
def test_bad_input_is_a_400_in_the_error_shape(api_client, endpoint, params, field):
    response = api_client.get(f"/api/v1/calendar/{endpoint}/", params)
    errors = assert_error_shape(response)
    assert errors[0]["field"] == field


def test_a_result_beyond_the_supported_years_is_a_400(api_client):
    response = api_client.get(
        "/api/v1/calendar/add-working-days/", {"start": "2100-12-01", "n": 3000}
    )
    errors = assert_error_shape(response)
    assert errors[0]["code"] == "year_out_of_range"
    assert "2100" in errors[0]["message"]
