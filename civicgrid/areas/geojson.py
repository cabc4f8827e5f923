"""GeoJSON import and export of the area tree."""

from __future__ import annotations

import json
from pathlib import Path

from django.utils.translation import gettext as _

from civicgrid.core.errors import DomainError

from .models import Area
from .services import AreaInput


def read_features(source: str | Path | dict) -> list[AreaInput]:
    """A FeatureCollection whose features carry ``code`` and ``name`` (``level``,
    ``parent_code`` and ``active`` optional) → AreaInput items. Errors name the feature."""
    if isinstance(source, dict):
        data = source
    else:
        try:
            data = json.loads(Path(source).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise DomainError(
                _("The file is not readable GeoJSON: %(why)s") % {"why": exc}
            ) from None
    if data.get("type") != "FeatureCollection":
        raise DomainError(_("The file must be a GeoJSON FeatureCollection."), field="type")
    items = []
    for n, feature in enumerate(data.get("features") or [], start=1):
        props = feature.get("properties") or {}
        code = str(props.get("code") or "").strip()
        if not code:
            raise DomainError(
                _("Feature %(n)s: the property 'code' is missing.") % {"n": n}, field="code"
            )
        items.append(
            AreaInput(
                code=code,
                name=str(props.get("name") or ""),
                level=props.get("level"),
                parent_code=props.get("parent_code") or None,
                boundary=feature.get("geometry"),
                active=bool(props.get("active", True)),
            )
        )
    return items


def feature(area: Area, **extra) -> dict:
    """An area as a GeoJSON Feature: the properties ``read_features`` reads back, plus ``extra``."""
    return {
        "type": "Feature",
        "geometry": area.boundary,
        "properties": {
            "code": area.code,
            "name": area.name,
            "level": area.level,
            "parent_code": area.parent.code if area.parent is not None else None,
            "active": area.active,
            **extra,
        },
    }


def collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def export_subtree(area: Area) -> dict:
    return collection([feature(a) for a in Area.objects.subtree(area).select_related("parent")])
