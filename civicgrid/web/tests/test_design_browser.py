"""The look of the product (issue #18 §6), tried as each demo staff role in Chromium.

For each role: the home page and every entry of its menu at 1440×900, then the home page, the
menu button and the pages this slice styles at 360×740. Every page answers 200, writes no error to
the console and asks no host but the server; the pages styled here need no sideways scrolling on
the phone, and the top bar does not wrap at 1440 px. Screenshots: ``var/screenshots/design-*.png``.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from civicgrid.cases.services import case_transition
from civicgrid.cases.tests.fixtures import MONDAY
from civicgrid.cases.tests.test_views import seeded
from civicgrid.demo.generator import DEMO_ACCOUNTS
from civicgrid.disputes.tests.conftest import mediator  # noqa: F401
from civicgrid.disputes.tests.test_disputes import dispute_case, record
from civicgrid.web.tests.browser import (
    DESKTOP,
    PHONE,
    browser_db,
    fits_the_screen,
    guard,
    shoot,
    wait_until,
)
from civicgrid.web.tests.test_menu import people  # noqa: F401 (the fixture: one user per demo role)

pytestmark = [browser_db, pytest.mark.browser]

STAFF_ROLES = [username for username, *_ in DEMO_ACCOUNTS if username != "resident"]
# the pages this slice styles: they must fit a phone (the others' pages are their slices' tests)
OWN_PREFIXES = ("/duties/", "/orgs/", "/participation/", "/disputes/", "/account/")
# pages of other slices the menu leads to that load what they load: the API docs (Swagger) and
# the Django admin are checked for their answer only
ANSWER_ONLY = ("/api/", "/admin/")


def menu_links(page) -> list[str]:
    """The hrefs of the top bar's entries, in order, without repeats."""
    hrefs = page.eval_on_selector_all(
        "#nav a.dropdown-item[href], #nav a.nav-link[href]:not([data-bs-toggle])",
        "els => els.map(e => e.getAttribute('href'))",
    )
    seen: list[str] = []
    for href in hrefs:
        if href and href != "#" and href not in seen:
            seen.append(href)
    return seen


def section_links(page) -> list[str]:
    """The hrefs of the page's own tabs (``nav-pills``), without query strings."""
    hrefs = page.eval_on_selector_all(
        "main .nav-pills a.nav-link[href]", "els => els.map(e => e.getAttribute('href'))"
    )
    return [h for h in hrefs if h and "?" not in h and h != "#"]


def slug(url: str) -> str:
    return urlparse(url).path.strip("/").replace("/", "-") or "home"


def nav_height(page) -> float:
    return page.evaluate("document.querySelector('nav.cg-topbar').getBoundingClientRect().height")


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_each_role_sees_a_finished_product(open_page, live_server, loop, people, role):  # noqa: F811
    case = seeded(loop)
    case_transition(case_id=case.pk, action="register", actor=loop.shift_lead, now=MONDAY)
    user = people[role]

    page = open_page(user, viewport=DESKTOP)
    watch = guard(page, live_server)
    page.goto("/")
    page.wait_for_load_state("networkidle")
    if urlparse(page.url).path == "/":
        assert nav_height(page) <= 60, "the top bar wraps at 1440 px"
        shoot(page, f"design-{role}-home-desktop", full_page=False)
    links = menu_links(page)
    assert links, role
    watch.assert_clean(f"{role} home")
    for href in links:
        response = page.goto(href)
        assert response is not None and response.status == 200, (role, href)
        if href.startswith(ANSWER_ONLY):
            watch.clear()
            continue
        page.wait_for_load_state("networkidle")
        watch.assert_clean(f"{role} {href}")
        if href.startswith(OWN_PREFIXES):
            shoot(page, f"design-{role}-{slug(href)}-desktop", full_page=False)

    phone = open_page(user, viewport=PHONE)
    watch = guard(phone, live_server)
    phone.goto("/")
    phone.wait_for_load_state("networkidle")
    assert not phone.locator("#nav").is_visible(), "the menu is collapsed on a phone"
    assert fits_the_screen(phone), (role, phone.url)
    shoot(phone, f"design-{role}-home-phone", full_page=False)
    phone.locator(".navbar-toggler").click()
    wait_until(phone, "document.querySelector('#nav.show:not(.collapsing)') !== null")
    shoot(phone, f"design-{role}-menu-phone", full_page=False)
    own = [h for h in links if h.startswith(OWN_PREFIXES)]
    for href in own:
        response = phone.goto(href)
        assert response is not None and response.status == 200, (role, href)
        phone.wait_for_load_state("networkidle")
        assert fits_the_screen(phone), (role, href)
        shoot(phone, f"design-{role}-{slug(href)}-phone")
        # the section's own tabs (duty lists, social organisations, micro-projects) lead on
        for sub in section_links(phone):
            if sub not in own and sub.startswith(OWN_PREFIXES):
                own.append(sub)
        watch.assert_clean(f"{role} phone {href}")


def test_a_visitor_sees_the_menu_button_on_a_phone(open_page, live_server, db):
    phone = open_page(None, viewport=PHONE)
    watch = guard(phone, live_server)
    phone.goto("/login/")
    assert not phone.locator("#nav").is_visible()
    assert fits_the_screen(phone)
    shoot(phone, "design-login-phone")
    phone.goto("/no-such-page/")
    assert phone.locator(".cg-error a[href='/']").count() == 1
    assert fits_the_screen(phone)
    shoot(phone, "design-404-phone")
    watch.errors[:] = [e for e in watch.errors if "404" not in e]  # the page's own status
    watch.assert_clean("visitor")


def test_deadlines_count_down_in_the_page_language(open_page, live_server, loop):
    page = open_page(loop.dispatcher, viewport=PHONE)
    watch = guard(page, live_server)
    page.goto("/")
    texts = page.evaluate(
        """() => {
            const now = Date.now(), minute = 60000, main = document.querySelector("main");
            const badge = (offset, tone) => {
                const b = document.createElement("span");
                b.className = "cg-deadline " + tone;
                b.dataset.due = new Date(now + offset).toISOString();
                b.textContent = "fallback";
                main.appendChild(b);
                return b;
            };
            const left = badge((3 * 60 + 12) * minute + 30000, "is-ok");
            const over = badge(-(2 * 60 * minute + 30000), "is-red");
            const days = badge((2 * 24 * 60 + 5 * 60 + 7) * minute + 30000, "is-yellow");
            window.CivicPage.tick();
            return [left.textContent, over.textContent, over.className, days.textContent];
        }"""
    )
    # the words are the page's own (translated in base.html: "剩 3小时12分", "超时 2小时")
    words = page.evaluate("({...document.body.dataset})")

    def said(key: str, **parts: int) -> str:
        joined = "".join(
            words[f"cg{name.title()}"].replace(f"%({name})s", str(n)) for name, n in parts.items()
        )
        return words[key].replace("%(time)s", joined)

    assert texts == [
        said("cgLeft", hours=3, minutes=12),
        said("cgOver", hours=2),
        "cg-deadline is-over",
        said("cgLeft", days=2, hours=5),
    ]
    watch.assert_clean("countdown")


def test_stacked_tables_name_each_cell_by_its_column(open_page, live_server, loop):
    page = open_page(loop.dispatcher, viewport=PHONE)
    page.goto("/account/tokens/")
    labels = page.evaluate(
        """() => {
            const t = document.createElement("table");
            t.className = "table cg-table-stack";
            t.innerHTML = "<thead><tr><th colspan=2>甲乙</th><th>丙</th></tr></thead>"
              + "<tbody><tr><td>1</td><td data-label='自定'>2</td><td>3</td></tr>"
              + "<tr><td colspan=3>无。</td></tr></tbody>";
            document.querySelector("main").appendChild(t);
            window.CivicPage.label();
            return Array.from(t.querySelectorAll("td")).map(td => td.getAttribute("data-label"));
        }"""
    )
    assert labels == ["甲乙", "自定", "丙", None]
    assert fits_the_screen(page)


def test_a_dispute_reads_on_a_phone_and_a_desktop(open_page, live_server, loop, mediator):  # noqa: F811
    first = dispute_case(loop)
    record(loop, mediator, first, summary="邻里噪音纠纷，双方多次争执。")
    second = dispute_case(loop)  # the same address: an early warning
    record(loop, mediator, second)
    for viewport, name in ((PHONE, "phone"), (DESKTOP, "desktop")):
        page = open_page(mediator, viewport=viewport)
        watch = guard(page, live_server)
        for url, shot in (("/disputes/", "list"), (f"/disputes/{second.pk}/", "detail")):
            response = page.goto(url)
            assert response is not None and response.status == 200, url
            page.wait_for_load_state("networkidle")
            assert fits_the_screen(page), (name, url)
            shoot(page, f"design-dispute-{shot}-{name}")
        watch.assert_clean(f"dispute pages {name}")
