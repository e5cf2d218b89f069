"""Garbage never makes a 500: every bad request is answered in the GeoReport error shape."""

from __future__ import annotations

from typing import Any

import pytest

from danvan.open311.tests.conftest import BASE, request_form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "services/%00.json",
        "services/" + "x" * 5000 + ".json",
        "requests/%00.xml",
        "requests/" + "A" * 500 + ".json",
        "tokens/%F0%9F%92%A9.json",
        "tokens/%ff%fe.xml",
        "request/..%2F..%2Fetc.json",
    ],
)
def test_garbage_paths_are_404(client: Any, schemas: Any, path: str) -> None:
    response = client.get(f"{BASE}/{path}")

    assert response.status_code == 404
    if path.endswith(".json"):
        schemas.validate("errors", response.json())


@pytest.mark.parametrize(
    "query",
    [
        "service_code=%00",
        "status=%ff",
        "start_date=2025-02-30",
        "start_date=2025-01-01T25:00",
        "end_date=99999-01-01",
        "service_request_id=" + "A," * 2000,
    ],
)
def test_garbage_queries_are_400(client: Any, schemas: Any, query: str) -> None:
    response = client.get(f"{BASE}/requests.json?{query}")

    assert response.status_code == 400
    schemas.validate("errors", response.json())


@pytest.mark.parametrize(
    "query", ["jurisdiction_id=anything", "service_request_id=%ff%fe", "status=OPEN", "x=%00"]
)
def test_unknown_or_odd_but_harmless_parameters_are_accepted(client: Any, query: str) -> None:
    response = client.get(f"{BASE}/requests.json?{query}")

    assert response.status_code == 200


def test_too_many_fields_is_400(client: Any, schemas: Any, api_key: str) -> None:
    body = "&".join(f"f{i}=1" for i in range(1500)) + f"&api_key={api_key}"

    response = client.post(
        f"{BASE}/requests.json", body, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400
    schemas.validate("errors", response.json())


def test_a_huge_body_is_400(client: Any, schemas: Any, api_key: str) -> None:
    response = client.post(
        f"{BASE}/requests.json",
        {**request_form(description="x" * 3_000_000), "api_key": api_key},
    )

    assert response.status_code == 400
    schemas.validate("errors", response.json())


def test_a_json_body_is_400_not_500(client: Any, schemas: Any, api_key: str) -> None:
    response = client.post(
        f"{BASE}/requests.json?api_key={api_key}",
        '{"service_code": "land"}',
        content_type="application/json",
    )

    assert response.status_code == 400
    schemas.validate("errors", response.json())


def test_a_broken_multipart_body_is_400(client: Any, api_key: str) -> None:
    response = client.post(
        f"{BASE}/requests.json?api_key={api_key}",
        b"--xx\r\nContent-Disposition: form-data\r\n\r\n",
        content_type="multipart/form-data; boundary=xx",
    )

    assert response.status_code == 400


def test_control_characters_do_not_break_the_xml(client: Any, created: Any) -> None:
    from xml.etree import ElementTree as ET

    request = created(description="Nước thải\x07 chảy ra đường\x1b.")

    response = client.get(f"{BASE}/requests/{request.petition.public_id}.xml")

    assert response.status_code == 200
    description = ET.fromstring(response.content).findtext("request/description")
    assert description == "Nước thải chảy ra đường."


def test_attribute_array_as_sent_by_generic_clients_is_ignored(client: Any, api_key: str) -> None:
    response = client.post(
        f"{BASE}/requests.json",
        {**request_form(), "api_key": api_key, "attribute": ["a", "b"], "jurisdiction_id": "x"},
    )

    assert response.status_code == 200
