"""Fixtures of the Open311 tests: the shared GeoReport v2 JSON schemas, a partner key, a client
that posts requests, and helpers to validate and parse the answers."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from xml.etree import ElementTree as ET

import pytest
from django.conf import settings
from django.test import Client
from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SCHEMA_DIR = Path(settings.BASE_DIR).parent / "shared" / "open311-georeport-v2"
SCHEMA_FILES = (
    "service.json",
    "services.json",
    "service-definition.json",
    "request.json",
    "requests.json",
    "swagger.json",
)
BASE = "/open311/v2"

# The GeoReport v2 specification's error document (the shared folder has no schema for it).
ERRORS_SCHEMA = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["code", "description"],
        "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
    },
}
# The GeoReport v2 discovery document (from the specification's example).
DISCOVERY_SCHEMA = {
    "type": "object",
    "required": ["changeset", "contact", "key_service", "endpoints"],
    "properties": {
        "changeset": {"type": "string", "format": "date-time"},
        "contact": {"type": "string"},
        "key_service": {"type": "string"},
        "endpoints": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["specification", "url", "changeset", "type", "formats"],
                "properties": {
                    "specification": {"type": "string", "format": "uri"},
                    "url": {"type": "string", "format": "uri"},
                    "changeset": {"type": "string", "format": "date-time"},
                    "type": {"enum": ["production", "test"]},
                    "formats": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}


def _checker() -> FormatChecker:
    """Formats the schemas use: a date-time must carry its offset; a URI is absolute."""
    checker = FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def is_datetime(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parsed = dt.datetime.fromisoformat(value)
        return "T" in value and parsed.utcoffset() is not None

    @checker.checks("uri")
    def is_uri(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlparse(value)
        return bool(parts.scheme and parts.netloc)

    return checker


class Schemas:
    def __init__(self, directory: Path) -> None:
        missing = [name for name in SCHEMA_FILES if not (directory / name).is_file()]
        if missing:
            pytest.fail(
                f"The GeoReport v2 schemas are missing from {directory} ({', '.join(missing)}): "
                "the tests expect the shared/ folder beside the clone of the repository.",
                pytrace=False,
            )
        self.documents = {
            name: json.loads((directory / name).read_text(encoding="utf-8"))
            for name in SCHEMA_FILES
        }
        self.registry: Registry = Registry().with_resources(
            (name, Resource.from_contents(doc, default_specification=DRAFT7))
            for name, doc in self.documents.items()
        )
        self.checker = _checker()

    def schema(self, name: str) -> dict[str, Any]:
        if name == "errors":
            return ERRORS_SCHEMA
        if name == "discovery":
            return DISCOVERY_SCHEMA
        if name.startswith("#/definitions/"):
            definition = self.documents["swagger.json"]["definitions"][name.split("/")[-1]]
            return {"type": "array", "minItems": 1, "items": {**definition, "type": "object"}}
        return self.documents[name]

    def validate(self, name: str, instance: Any) -> None:
        Draft7Validator(
            self.schema(name), registry=self.registry, format_checker=self.checker
        ).validate(instance)
        # The shared schemas do not say "type": "object"; an item must still be an object.
        item_schema = {"services.json": "service.json", "requests.json": "request.json"}
        if name in item_schema:
            assert isinstance(instance, list)
            for item in instance:
                assert isinstance(item, dict)
                self.validate(item_schema[name], item)
        if name in {"service.json", "request.json", "service-definition.json"}:
            assert isinstance(instance, dict)


@pytest.fixture(scope="session")
def schemas() -> Schemas:
    return Schemas(SCHEMA_DIR)


@pytest.fixture
def partner_key(db: Any) -> tuple[Any, str]:
    """A key of the People's Committee of Phường Hoành Sơn: (key, plaintext)."""
    from danvan.open311.services import partner_key_create
    from danvan.organizations.models import Organization

    return partner_key_create(
        actor=None,
        name="Ứng dụng Kỳ Anh số",
        organization=Organization.objects.get(code="hoanhson-ubnd"),
    )


@pytest.fixture
def api_key(partner_key: tuple[Any, str]) -> str:
    return partner_key[1]


def request_form(**overrides: Any) -> dict[str, Any]:
    form = {
        "service_code": "infrastructure",
        "lat": "18.0712",
        "long": "106.2987",
        "address_string": "Đường Trần Phú, tổ dân phố Tân Phúc Thành",
        "attribute[ward]": "18832",
        "attribute[village]": "Tân Phúc Thành",
        "description": "Đèn đường hỏng ba tuần nay, buổi tối rất tối và nguy hiểm.",
        "first_name": "An",
        "last_name": "Nguyễn Văn",
        "phone": "0912345678",
        "email": "an.nguyen@example.vn",
        "device_id": "device-1",
        "account_id": "acct-42",
        "media_url": "https://example.vn/anh/den-duong.jpg",
    }
    form.update(overrides)
    return {key: value for key, value in form.items() if value is not None}


@pytest.fixture
def post_request(client: Client, api_key: str) -> Callable[..., Any]:
    """`post_request(**form_overrides)` → the response of POST requests.json."""

    def post(fmt: str = "json", **overrides: Any) -> Any:
        data = request_form(**overrides)
        if "api_key" not in data:
            data["api_key"] = api_key
        return client.post(f"{BASE}/requests.{fmt}", data)

    return post


@pytest.fixture
def created(post_request: Callable[..., Any]) -> Callable[..., Any]:
    """`created(**form_overrides)` → the Open311Request made by a successful POST."""
    from danvan.open311.models import Open311Request

    def make(**overrides: Any) -> Open311Request:
        response = post_request(**overrides)
        assert response.status_code == 200, response.content
        public_id = response.json()[0]["service_request_id"]
        return Open311Request.objects.select_related("petition").get(petition__public_id=public_id)

    return make


def xml_items(content: bytes, root: str, item: str) -> list[dict[str, str]]:
    """The items of an XML list as {tag: text} (empty text for an empty element)."""
    tree = ET.fromstring(content)
    assert tree.tag == root
    return [{child.tag: child.text or "" for child in element} for element in tree.findall(item)]


def as_xml_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
