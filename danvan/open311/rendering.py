"""GeoReport v2 responses in JSON or XML, and its error documents.

Errors are `[{"code": <HTTP status as an integer>, "description": "..."}]` in JSON and
`<errors><error><code>…</code><description>…</description></error></errors>` in XML, as in
the GeoReport v2 specification."""

from __future__ import annotations

import json
import re
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpResponse

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}

# The element name of one item of each list, in XML.
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}


# Characters XML 1.0 cannot carry (control characters, lone surrogates, U+FFFE/U+FFFF).
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class Open311Error(Exception):
    """A GeoReport error answer (400, 403, 404, 405)."""

    def __init__(self, status: int, description: str, *, allow: str = "") -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.allow = allow


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return NOT_XML.sub("", str(value))


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), child)
    elif isinstance(value, list):
        item_tag = ITEM_TAGS.get(element.tag, "item")
        for child in value:
            _fill(ET.SubElement(element, item_tag), child)
    else:
        element.text = _text(value)


def to_xml(root: str, data: Any) -> bytes:
    element = ET.Element(root)
    _fill(element, data)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)


def respond(fmt: str, data: Any, *, xml_root: str, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        body = to_xml(xml_root, data)
    else:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8", "replace")
    return HttpResponse(body, status=status, content_type=FORMATS.get(fmt, FORMATS["json"]))


def error_response(fmt: str, error: Open311Error) -> HttpResponse:
    data = [{"code": error.status, "description": error.description}]
    response = respond(fmt, data, xml_root="errors", status=error.status)
    if error.allow:
        response["Allow"] = error.allow
    return response
