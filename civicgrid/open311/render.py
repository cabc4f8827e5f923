"""GeoReport v2 documents in XML and JSON from one Python structure (the Spark convention).

A list under a key becomes, in XML, a wrapper element holding one element per item
(``services`` → ``<services><service>…``); in JSON it stays an array. Top-level lists are the
document (``<services>`` / ``[…]``). Booleans are ``true``/``false``, datetimes W3C with their
offset, and None an empty element (JSON ``null``). XML carries the UTF-8 declaration and no
namespace, as the spec asks.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from xml.etree import ElementTree as ET

from django.http import HttpResponse
from django.utils import timezone

# the element name of one item of each list
ITEM = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "service_requests": "request",
    "errors": "error",
    "notes": "note",
    "service_requests_updates": "request_update",
}
CONTENT_TYPE = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return w3c(value)
    return str(value)


def w3c(moment: dt.datetime) -> str:
    """A W3C datetime in the district's time zone, with its offset."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _fill(element: ET.Element, value) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), child)
    elif isinstance(value, list):
        name = ITEM[element.tag]
        for item in value:
            _fill(ET.SubElement(element, name), item)
    else:
        element.text = _text(value)


def to_xml(root: str, value) -> bytes:
    element = ET.Element(root)
    _fill(element, value)
    ET.indent(element)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="utf-8")


def _json_default(value):
    if isinstance(value, dt.datetime):
        return w3c(value)
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(type(value))


def document(fmt: str, root: str, value, status: int = 200) -> HttpResponse:
    """The response for ``value`` in ``fmt`` (xml or json); ``root`` names the XML root."""
    if fmt == "json":
        body = json.dumps(value, ensure_ascii=False, default=_json_default).encode()
    else:
        body = to_xml(root, value)
    return HttpResponse(body, status=status, content_type=CONTENT_TYPE[fmt])


def errors(fmt: str, status: int, problems: list[tuple[str | int, str]]) -> HttpResponse:
    """The spec's error document: one ``error`` (code, description) per problem."""
    items = [{"code": str(code), "description": str(text)} for code, text in problems]
    return document(fmt, "errors", items, status=status)
