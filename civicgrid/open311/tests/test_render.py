"""render.to_xml writes the bytes ElementTree wrote before it (issue 19 made it a direct writer):
compared on any document the JSON/XML structure allows, escapes and whitespace included."""

import datetime as dt
from decimal import Decimal
from xml.etree import ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from civicgrid.open311 import render


def _reference(root: str, value) -> bytes:
    """The writer as it was: a tree of elements, ET.indent, ET.tostring."""

    def fill(element, value):
        if isinstance(value, dict):
            for key, child in value.items():
                fill(ET.SubElement(element, key), child)
        elif isinstance(value, list):
            name = render.ITEM[element.tag]
            for item in value:
                fill(ET.SubElement(element, name), item)
        else:
            element.text = render._text(value)

    element = ET.Element(root)
    fill(element, value)
    ET.indent(element)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="utf-8")


def _outcome(write, root, value):
    try:
        return write(root, value)
    except KeyError as exc:  # a list under a name that has no item name
        return ("KeyError", exc.args)


TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("&<>\"' \t\r\n]]>垃圾😀\u2028"),
        st.characters(codec="utf-8"),
        st.characters(),  # lone surrogates too: written as character references
    )
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.datetimes(timezones=st.just(dt.UTC)),
    TEXT,
    st.sampled_from(["", " ", "\n", "  \n  "]),
)
NAMES = st.sampled_from([*render.ITEM, "status", "description", "lat"])
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(NAMES, children, max_size=5)
    ),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(root=st.sampled_from(list(render.ITEM)), value=VALUES)
def test_the_same_bytes_as_elementtree(root, value):
    assert _outcome(render.to_xml, root, value) == _outcome(_reference, root, value)


def test_a_list_of_requests_and_the_special_cases():
    items = [
        {
            "service_request_id": "SQ1",
            "description": "a < b & c > d\r\n  ",
            "lat": 31.12,
            "notes": [],
            "media_url": None,
            "updated": dt.datetime(2026, 11, 23, 2, tzinfo=dt.UTC),
            "limit": Decimal("4.00"),
            "flag": False,
            "empty": "",
        },
        {"notes": [{"status": "open"}, {}]},
    ]
    for root, value in (("service_requests", items), ("service_requests", []), ("errors", {})):
        assert render.to_xml(root, value) == _reference(root, value)
