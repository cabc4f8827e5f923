"""A crawler over Django's test client: from a user's home page, follow every same-origin link
of the menu and the page (then of the pages reached) and record every answer that is not a
success — 403, 404, 5xx or an exception raised while rendering.

Pages of one kind (one URL name and the same query keys: /registry/persons/1/ and /2/) are
visited a few times, not once per row, so that a list of thousands costs a handful of requests.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urlsplit

from django.urls import Resolver404, resolve

SKIPPED_PREFIXES = ("/static/", "/media/", "/accounts/logout", "/logout")
SKIPPED_NAMES = {"logout", "set_language"}
PER_KIND = 2  # pages visited of each kind
LOGIN = "/login/"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def links(html: str, base: str) -> list[str]:
    """The same-origin links of a page, as paths with their queries (no fragment)."""
    parser = _Links()
    parser.feed(html)
    out = []
    for href in parser.links:
        href = urldefrag(href.strip())[0]
        if not href or href.startswith(("mailto:", "tel:", "javascript:", "data:")):
            continue
        if href.startswith("?"):
            href = urlsplit(base).path + href
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue  # another origin, or a relative path the app never writes
        out.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


def kind(url: str) -> tuple:
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
        name = match.view_name
    except Resolver404:
        name = parts.path
    return name, tuple(sorted({k for k, _v in parse_qsl(parts.query, keep_blank_values=True)}))


@dataclass
class Crawl:
    visited: list[str] = field(default_factory=list)
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (url, what, from)


def crawl(client, start: str = "/", depth: int = 2, *, signed_in: bool = True) -> Crawl:
    """Visit ``start`` and the links ``depth`` steps from it, GET only (signed in: a page that
    sends the user to the login page is a problem too)."""
    result = Crawl()
    seen: set[str] = set()
    per_kind: dict[tuple, int] = defaultdict(int)
    todo = deque([(start, 0, "")])
    while todo:
        url, level, source = todo.popleft()
        if url in seen or url.startswith(SKIPPED_PREFIXES):
            continue
        k = kind(url)
        if k[0] in SKIPPED_NAMES or per_kind[k] >= PER_KIND:
            continue
        seen.add(url)
        per_kind[k] += 1
        result.visited.append(url)
        try:
            response = client.get(url, follow=True)
            body = (
                b"".join(response.streaming_content)
                if getattr(response, "streaming", False)
                else response.content
            )
        except Exception as exc:  # a server error, raised by the test client
            result.problems.append((url, f"{type(exc).__name__}: {exc}"[:300], source))
            continue
        if response.status_code in (403, 404) or response.status_code >= 500:
            result.problems.append((url, str(response.status_code), source))
            continue
        if signed_in and response.redirect_chain and response.request["PATH_INFO"] == LOGIN:
            result.problems.append((url, "sent to the login page", source))
            continue
        if level >= depth or "text/html" not in response.get("Content-Type", ""):
            continue  # a download, or deep enough
        final = response.request["PATH_INFO"]
        for link in links(body.decode("utf-8", "replace"), final):
            if link not in seen:
                todo.append((link, level + 1, url))
    return result
