from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from danvan.places.tests.test_views import make_province

pytestmark = pytest.mark.django_db

LIST = "/api/v1/admin-units/"


@pytest.fixture
def api(officer) -> APIClient:
    client = APIClient()
    client.force_authenticate(officer)
    return client


def test_the_api_needs_authentication(ha_tinh):
    response = APIClient().get(LIST)
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "not_authenticated"


def test_list_filters_by_text_level_and_parent(api, ha_tinh):
    response = api.get(LIST, {"q": "hoanh son", "level": "commune", "parent": "42"})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"] == [
        {
            "code": "18832",
            "name": "Phường Hoành Sơn",
            "short_name": "Hoành Sơn",
            "level": "commune",
            "division_type": "phường",
            "parent": "42",
            "valid_from": "2025-07-01",
            "valid_to": None,
            "successors": [],
            "predecessors": ["18847", "18832", "18841", "18796"],
        }
    ]


def test_list_of_former_units_on_a_date(api, ha_tinh):
    in_2018 = api.get(LIST, {"parent": "449", "on": "2018-05-01", "level": "commune"}).json()
    assert "Xã Kỳ Lợi" in {row["name"] for row in in_2018["results"]}
    ky_loi = next(row for row in in_2018["results"] if row["code"] == "18796")
    assert ky_loi["successors"] == ["18823", "18832", "18781"]
    assert ky_loi["parent"] == "449"

    today = api.get(LIST, {"q": "ky loi"}).json()
    assert today["count"] == 0
    former = api.get(LIST, {"q": "ky loi", "include_former": "true"}).json()
    assert [row["code"] for row in former["results"]] == ["18796"]


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"on": "2018-13-45"}, "on", "invalid"),
        ({"level": "hamlet"}, "level", "invalid_choice"),
        ({"include_former": "maybe"}, "include_former", "invalid"),
        ({"parent": "00000"}, "parent", "unknown_admin_unit"),
    ],
)
def test_bad_filters_answer_400_in_the_error_shape(api, ha_tinh, params, field, code):
    response = api.get(LIST, params)

    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert (error["field"], error["code"]) == (field, code)
    assert error["message"]


def test_detail_by_code_today_and_on_a_date(api, ha_tinh):
    today = api.get(f"{LIST}18832/")
    before = api.get(f"{LIST}18832/", {"on": "2018-01-01"})

    assert today.status_code == 200
    assert today.json()["name"] == "Phường Hoành Sơn"
    assert before.json()["name"] == "Phường Kỳ Phương"
    assert before.json()["successors"] == ["18832"]
    assert before.json()["valid_to"] == "2025-06-30"
    village = api.get(f"{LIST}18796-01/", {"on": "2018-01-01"}).json()
    assert (village["name"], village["parent"]) == ("Thôn Tân Phúc Thành", "18796")


def test_detail_unknown_code_is_404_and_bad_date_400(api, ha_tinh):
    missing = api.get(f"{LIST}00000/")
    former_without_date = api.get(f"{LIST}18796/")
    bad_date = api.get(f"{LIST}18832/", {"on": "yesterday"})

    assert missing.status_code == 404
    assert missing.json()["errors"][0]["code"] == "not_found"
    assert former_without_date.status_code == 404
    assert bad_date.status_code == 400
    assert bad_date.json()["errors"][0]["field"] == "on"


def test_list_takes_the_same_number_of_queries_for_few_and_many_rows(api):
    make_province("98", 3)
    make_province("99", 25)

    counts = {}
    for code, rows in (("98", 6), ("99", 50)):
        with CaptureQueriesContext(connection) as queries:
            response = api.get(LIST, {"parent": code, "include_former": "true"})
        assert response.status_code == 200
        assert len(response.json()["results"]) == rows
        counts[rows] = len(queries)

    assert counts[6] == counts[50]
    assert counts[50] <= 6


def test_schema_documents_the_endpoints(api, db):
    response = api.get("/api/v1/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/admin-units/" in paths
    assert "/api/v1/admin-units/{code}/" in paths
    parameters = {p["name"] for p in paths["/api/v1/admin-units/"]["get"]["parameters"]}
    assert {"q", "level", "parent", "on", "include_former", "page"} <= parameters
