"""Discovery, the service list and the service definitions."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

import pytest

from danvan.open311.tests.conftest import BASE, as_xml_text, xml_items
from danvan.petitions.models import Topic

pytestmark = pytest.mark.django_db


def test_discovery_names_the_endpoint_and_both_formats(client: Any, schemas: Any) -> None:
    response = client.get(f"{BASE}/discovery.json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    schemas.validate("discovery", data)
    endpoint = data["endpoints"][0]
    assert endpoint["url"] == "http://testserver/open311/v2/"
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert set(endpoint["formats"]) == {"application/json", "text/xml"}


def test_discovery_in_xml(client: Any) -> None:
    response = client.get(f"{BASE}/discovery.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    tree = ET.fromstring(response.content)
    assert tree.tag == "discovery"
    formats = [f.text for f in tree.findall("endpoints/endpoint/formats/format")]
    assert formats == ["application/json", "text/xml"]


def test_services_are_the_active_topics(client: Any, schemas: Any) -> None:
    Topic.objects.filter(code="religion").update(is_active=False)

    response = client.get(f"{BASE}/services.json")

    assert response.status_code == 200
    data = response.json()
    schemas.validate("services.json", data)
    codes = [service["service_code"] for service in data]
    assert codes == list(
        Topic.objects.filter(is_active=True)
        .order_by("position", "name")
        .values_list("code", flat=True)
    )
    assert "religion" not in codes
    land = next(service for service in data if service["service_code"] == "land")
    assert land["service_name"] == "Đất đai"
    assert land["metadata"] is True
    assert land["type"] == "realtime"
    assert "dat dai" in land["keywords"]
    assert land["group"]


def test_services_in_xml_carry_the_same_data(client: Any) -> None:
    as_json = client.get(f"{BASE}/services.json").json()

    response = client.get(f"{BASE}/services.xml")

    assert response.status_code == 200
    items = xml_items(response.content, "services", "service")
    assert len(items) == len(as_json)
    for item, service in zip(items, as_json, strict=True):
        assert item == {key: as_xml_text(value) for key, value in service.items()}


def test_service_definition_offers_the_wards_of_the_receiving_organisations(
    client: Any, schemas: Any, api_key: str
) -> None:
    response = client.get(f"{BASE}/services/environment.json")

    assert response.status_code == 200
    data = response.json()
    schemas.validate("service-definition.json", data)
    assert data["service_code"] == "environment"
    attributes = {attribute["code"]: attribute for attribute in data["attributes"]}
    assert set(attributes) == {"ward", "village"}
    ward = attributes["ward"]
    assert ward["datatype"] == "singlevaluelist"
    assert ward["required"] is False
    assert ward["order"] == 1
    assert {"key": "18832", "name": "Phường Hoành Sơn"} in ward["values"]
    assert attributes["village"]["datatype"] == "string"
    assert attributes["village"]["order"] == 2


def test_service_definition_with_a_key_lists_that_partners_wards(client: Any, api_key: str) -> None:
    from danvan.open311.services import partner_key_create
    from danvan.organizations.models import Organization

    partner_key_create(
        actor=None, name="Sông Trí", organization=Organization.objects.get(code="songtri-ubnd")
    )

    everyone = client.get(f"{BASE}/services/land.json").json()
    mine = client.get(f"{BASE}/services/land.json", {"api_key": api_key}).json()

    def keys(data: dict[str, Any]) -> set[str]:
        return {value["key"] for value in data["attributes"][0]["values"]}

    assert keys(everyone) == {"18832", "18754"}
    assert keys(mine) == {"18832"}


def test_service_definition_in_xml(client: Any, api_key: str) -> None:
    response = client.get(f"{BASE}/services/land.xml")

    assert response.status_code == 200
    tree = ET.fromstring(response.content)
    assert tree.tag == "service_definition"
    assert tree.findtext("service_code") == "land"
    codes = [a.findtext("code") for a in tree.findall("attributes/attribute")]
    assert codes == ["ward", "village"]
    values = tree.findall("attributes/attribute/values/value")
    assert [(v.findtext("key"), v.findtext("name")) for v in values] == [
        ("18832", "Phường Hoành Sơn")
    ]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_or_inactive_service_is_404(client: Any, schemas: Any, fmt: str) -> None:
    Topic.objects.filter(code="religion").update(is_active=False)

    for code in ("no-such-service", "religion"):
        response = client.get(f"{BASE}/services/{code}.{fmt}")

        assert response.status_code == 404
        if fmt == "json":
            schemas.validate("errors", response.json())
            assert response.json()[0]["code"] == 404
        else:
            errors = xml_items(response.content, "errors", "error")
            assert errors[0]["code"] == "404"
            assert errors[0]["description"]


@pytest.mark.parametrize(
    "path",
    ["services.yaml", "services", "discovery.html", "requests.csv", "nothing/here.json"],
)
def test_unknown_format_or_path_is_404_in_the_open311_shape(
    client: Any, schemas: Any, path: str
) -> None:
    response = client.get(f"{BASE}/{path}")

    assert response.status_code == 404
    schemas.validate("errors", response.json())


def test_a_method_the_endpoint_does_not_take_is_405(client: Any, schemas: Any) -> None:
    response = client.delete(f"{BASE}/services.json")

    assert response.status_code == 405
    assert response["Allow"] == "GET"
    schemas.validate("errors", response.json())
