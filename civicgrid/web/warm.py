"""Work a server process does once when it starts rather than during its first request: the URL
map (importing it builds the API's schemas, seconds of pydantic), the map's reverse index, and
the templates of the pages people open first after a restart (the command-centre wall, the home
page). Called by ``config/wsgi.py``; management commands never pay for it."""

from __future__ import annotations

import logging
import time

from django.template.loader import get_template
from django.urls import get_resolver, reverse

log = logging.getLogger(__name__)
TEMPLATES = (
    "web/base.html",
    "web/home.html",
    "web/command.html",
    "web/wall_live.html",
    "web/wall_feed.html",
    "web/wall_overdue.html",
    "web/wall_duty.html",
)


def warm() -> float:
    """Load the URL map and compile the first pages' templates; the seconds it took. A failure
    is logged, never raised: the first request would then do the same work (or report it)."""
    started = time.perf_counter()
    try:
        get_resolver().url_patterns  # noqa: B018  (the import is the point)
        reverse("home")  # builds the reverse index of every URL
        for name in TEMPLATES:
            get_template(name)
    except Exception:
        log.exception("warming the server process up failed; the first request will")
    return time.perf_counter() - started
