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
from collections.abc import Iterable
from decimal import Decimal

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


def _escaped(text: str) -> str:
    # what ElementTree escapes in character data: &, < and > (quotes and line ends stay)
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        return text.replace(">", "&gt;")
    return text


def _element(out: list[str], tag: str, value, level: int) -> None:
    """``value`` as the element ``tag``, written as ElementTree writes it after
    ``ET.indent(space="  ")``: each child on its own line, one level deeper; an element
    without text or children as ``<tag />``."""
    children: Iterable[tuple[str, object]]
    if isinstance(value, dict):
        children = value.items()
    elif isinstance(value, list):
        name = ITEM[tag]
        children = [(name, item) for item in value]
    else:
        text = value if type(value) is str else _text(value)
        out.append(f"<{tag}>{_escaped(text)}</{tag}>" if text else f"<{tag} />")
        return
    if not value:
        out.append(f"<{tag} />")
        return
    inner = "\n" + "  " * (level + 1)
    out.append(f"<{tag}>")
    for name, child in children:
        if child is None:  # most leaves of a list: written here, without a call
            out.append(f"{inner}<{name} />")
        elif type(child) is str:
            out.append(
                f"{inner}<{name}>{_escaped(child)}</{name}>" if child else f"{inner}<{name} />"
            )
        elif type(child) is float:  # lat and long: str() is repr(), nothing to escape
            out.append(f"{inner}<{name}>{child!r}</{name}>")
        else:
            out.append(inner)
            _element(out, name, child, level + 1)
    out.append(f"\n{'  ' * level}</{tag}>")


def to_xml(root: str, value) -> bytes:
    """The document: the UTF-8 declaration, then ``value`` as the element ``root`` (the bytes
    ``ET.tostring(encoding="utf-8")`` gives after ``ET.indent``, without building the tree:
    tests/test_render.py compares the two)."""
    out = ['<?xml version="1.0" encoding="utf-8"?>\n']
    _element(out, root, value, 0)
    return "".join(out).encode("utf-8", "xmlcharrefreplace")


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
