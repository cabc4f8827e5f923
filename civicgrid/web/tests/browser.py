"""Browser tests: Playwright driving Debian's chromium against pytest-django's live server.

Never downloads a browser. Without ``/usr/bin/chromium`` (or ``CIVICGRID_CHROMIUM``) the browser
tests are skipped, unless ``CIVICGRID_REQUIRE_BROWSER`` is set (CI sets it), when they fail.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.db import OperationalError, connections

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# The three screens the product is tried on, as Playwright viewports (``viewport=DESKTOP`` or
# ``page.set_viewport_size(PHONE)``); ``size(PHONE)`` gives the (width, height) pair.
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1440, "height": 900}
WALL = {"width": 1920, "height": 1080}
SHOTS = Path(os.environ.get("CIVICGRID_SCREENSHOTS", "var/screenshots"))
# How long a browser test waits for the page to reach the state it expects: every wait (locator
# waits, navigations, ``wait_until`` and Playwright's retrying ``expect`` assertions) gets as
# long, since CI is a loaded two-core machine where a fetch can take seconds.
WAIT_MS = 15_000

# Browser tests commit what they set up (the live server reads it from another thread), so the
# database is flushed after each and restored from its serialized state (the catalogue, the
# calendar and the other rows migrations write).
browser_db = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def chromium():
    executable = os.environ.get("CIVICGRID_CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(executable):
        message = f"browser tests need Debian's chromium at {executable} (apt-get install chromium)"
        if os.environ.get("CIVICGRID_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright  # optional: only once chromium is found

    # Playwright's sync API keeps an event loop in this thread while it is open, so Django's
    # async-safety check is lifted for the test (its ORM calls are synchronous all the same).
    # Function scope on purpose: while the loop runs, Django's per-context connection handler
    # hands out other connection objects, and a module-wide loop would hide the test database's
    # serialized contents from the next test's restore.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
            # the connections this test opened inside the loop's context: else they outlive
            # the test and PostgreSQL refuses to drop the test database at the end
            connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def open_page(chromium, live_server, client, settings):
    """``open_page(user=None, viewport=PHONE, **context options)`` → a page logged in as user."""
    if connections["default"].vendor == "sqlite":
        # the live server's threads share one in-memory SQLite database, whose table locks do
        # not wait: a page's parallel requests (photos, map layers, suggestions) each rewriting
        # the session lock each other out and answer 400 (SessionInterrupted), an artefact
        # PostgreSQL does not have. The session is saved when it changes; the idle clock is not
        # what browser tests try.
        settings.SESSION_SAVE_EVERY_REQUEST = False
    contexts = []

    def open_page(user=None, viewport=PHONE, **options):
        context = chromium.new_context(
            viewport=viewport, base_url=live_server.url, locale="zh-CN", **options
        )
        contexts.append(context)
        if user is not None:
            _login(client, user)
            host = urlparse(live_server.url).hostname
            context.add_cookies(
                [
                    {
                        "name": "sessionid",
                        "value": client.cookies["sessionid"].value,
                        "domain": host,
                        "path": "/",
                    }
                ]
            )
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        return page

    # Playwright's expect() retries for 5 s by default: as long as every other wait instead
    from playwright.sync_api import expect

    expect.set_options(timeout=WAIT_MS)
    yield open_page
    for context in contexts:
        context.close()


def _login(client, user, attempts: int = 50) -> None:
    """Log the test client in, waiting while the live server holds the session table.

    On SQLite the tests share one in-memory database between the test and the live server's
    thread; a page left open in an earlier browser context may be polling (the inbox link, a
    live list) and lock the session table just when the test writes its login."""
    for attempt in range(attempts):
        try:
            client.force_login(user)
            return
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.1)


def submit(page, field: str) -> None:
    """Send the form that holds the field with the id ``field``, and wait for the answer."""
    page.locator(f"form:has(#{field}) button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def fits_the_screen(page) -> bool:
    """Nothing sticks out sideways: the page needs no horizontal scrolling."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def wait_until(page, expression: str, arg=None, timeout: float = 15.0) -> None:
    """Wait until ``expression`` (a JavaScript expression, or a function of ``arg``) is true.

    Playwright's ``wait_for_function`` polls by building the predicate with ``eval`` inside the
    page, which the Content Security Policy forbids (it works only when the first check already
    passes); ``page.evaluate`` goes through the browser's protocol, which the policy allows.

    A check that meets a document being replaced (a navigation the test's last action started)
    counts as false and is asked again of the next document."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout
    while True:
        try:
            if page.evaluate(expression, arg) if arg is not None else page.evaluate(expression):
                return
        except Error as exc:
            if "context was destroyed" not in str(exc) and "navigat" not in str(exc):
                raise
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        page.wait_for_timeout(50)


def suggestions_shown(page, typed: str) -> None:
    """Wait until the location widget lists the suggestions for all of ``typed``.

    The widget asks the server once typing has paused for 150 ms; on a loaded machine a pause
    comes mid-word, and the list for a part of the words ("示范") is on show, with other
    addresses first, until the answer for the whole arrives. The server is asked the same
    question here, and the list waited for until its first entry is that answer's."""
    url = page.locator("[data-location]").first.get_attribute("data-suggest")
    answer = page.request.get(url, params={"limit": "8", "q": typed.strip()})
    assert answer.ok, (url, answer.status)
    items = answer.json().get("items") or []
    # both at once: the list shown, and its first entry the answer's (an earlier list, hidden,
    # may hold the same first entry)
    wait_until(
        page,
        "(first) => { const list = document.getElementById('address-options'); "
        "if (!list || list.hidden) return false; "
        "const option = list.querySelector('[role=option] span'); "
        "return first === '' ? !option && !!list.querySelector('.cg-suggest-empty') "
        ": !!option && option.textContent === first; }",
        items[0]["text"] if items else "",
    )


def size(viewport: dict) -> tuple[int, int]:
    """``(width, height)`` of one of the viewports above."""
    return viewport["width"], viewport["height"]


def shoot(page, name: str, full_page: bool = True) -> Path:
    """Save a screenshot of ``page`` as ``var/screenshots/<name>.png`` (``CIVICGRID_SCREENSHOTS``)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


@dataclass
class Guard:
    """What a page did wrong while watched: console errors, uncaught exceptions, requests to any
    host but the live server. ``assert_clean()`` fails listing them; ``clear()`` forgets them."""

    origin: str
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def on_console(self, message) -> None:
        if message.type == "error":
            url = (message.location or {}).get("url", "")
            if urlparse(url).path == "/favicon.ico":
                return  # the browser's own guess, whatever the page's <link rel="icon"> says
            self.errors.append(f"{message.text} ({url})")

    def on_pageerror(self, error) -> None:
        self.errors.append(f"uncaught: {error}")

    def on_request(self, request) -> None:
        url = request.url
        if url.startswith(("data:", "blob:", "about:")):
            return
        parsed = urlparse(url)
        if f"{parsed.scheme}://{parsed.netloc}" != self.origin:
            self.foreign.append(url)

    def clear(self) -> None:
        self.errors.clear()
        self.foreign.clear()

    def assert_clean(self, where: str = "") -> None:
        problems = [f"console: {e}" for e in self.errors] + [f"external: {u}" for u in self.foreign]
        assert not problems, f"{where}: {'; '.join(problems)}"


def guard(page, live_server) -> Guard:
    """Watch ``page`` from now on (console errors, page errors, requests off the live server)."""
    parsed = urlparse(live_server.url)
    watched = Guard(origin=f"{parsed.scheme}://{parsed.netloc}")
    page.on("console", watched.on_console)
    page.on("pageerror", watched.on_pageerror)
    page.on("request", watched.on_request)
    return watched
