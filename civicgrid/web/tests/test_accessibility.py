"""axe-core (vendored for the tests, MPL-2.0) inside the browser: no serious or critical
accessibility violation on the main pages. Each page checked is saved as a screenshot for review
(``CIVICGRID_SCREENSHOTS``, default ``var/screenshots``). And the language switch, both ways."""

import os
from pathlib import Path

import pytest

from civicgrid.cases.services import case_transition
from civicgrid.cases.tests.fixtures import MONDAY
from civicgrid.cases.tests.test_views import seeded
from civicgrid.web.tests.browser import DESKTOP, browser_db

pytestmark = [browser_db, pytest.mark.browser]
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
SHOTS = Path(os.environ.get("CIVICGRID_SCREENSHOTS", "var/screenshots"))


def violations(page) -> list[str]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    name = page.url.split("://", 1)[-1].split("/", 1)[-1].strip("/").replace("/", "-") or "home"
    page.screenshot(path=str(SHOTS / f"page-{name}.png"), full_page=True)
    # through the DevTools protocol, as the console would: the pages' policy refuses an inline
    # script tag (test_script_safety.py), and every page is checked under it
    devtools = page.context.new_cdp_session(page)
    devtools.send("Runtime.evaluate", {"expression": AXE})
    devtools.detach()
    found = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ["violations"]});
            return r.violations
              .filter(v => v.impact === "serious" || v.impact === "critical")
              .map(v => v.id + ": " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
        }"""
    )
    return found


def looked_at(page, name: str) -> None:
    """The page as its user sees it once loaded: it fits the screen, axe finds nothing serious,
    and its screenshot is kept as ``var/screenshots/<name>.png``."""
    from civicgrid.web.tests.browser import fits_the_screen, shoot

    page.wait_for_load_state("networkidle")
    assert fits_the_screen(page), page.url
    assert not violations(page), page.url
    shoot(page, name)


def test_staff_pages(open_page, loop, world):
    case = seeded(loop)
    case_transition(case_id=case.pk, action="register", actor=loop.shift_lead, now=MONDAY)
    page = open_page(loop.leader, viewport=DESKTOP)
    problems = {}
    pages = ("/", "/cases/", f"/cases/{case.pk}/", "/command/", "/register/persons/", "/inbox/")
    evaluation = (
        "/evaluation/",
        "/evaluation/indicators/",
        "/evaluation/rankings/",
        "/evaluation/rounds/",
    )
    for url in (*pages, *evaluation):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        problems[url] = violations(page)
    phone = open_page(loop.supervisor)
    phone.goto("/m/")
    problems["/m/"] = violations(phone)
    assert not any(problems.values()), problems


def test_public_pages(open_page, loop):
    page = open_page(None)
    problems = {}
    for url in ("/portal/", "/portal/follow/", "/login/", "/duties/"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        problems[url] = violations(page)
    assert not any(problems.values()), problems


def test_the_language_switch_turns_the_pages_to_english_and_back(open_page, loop):
    page = open_page(loop.leader, viewport=DESKTOP)
    page.goto("/command/")
    assert page.locator("h1").inner_text() == "指挥中心"
    # the switch posts and comes back to the same address, which wait_for_url would find
    # matched at once (the page in hand): wait for the navigation itself
    with page.expect_navigation(url="**/command/"):
        page.get_by_role("button", name="English").click()
    assert page.locator("h1").inner_text() == "Command centre"
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto("/cases/")  # the choice holds on the next page
    assert page.get_by_role("link", name="Command centre", include_hidden=True).count() >= 1
    with page.expect_navigation(url="**/cases/"):
        page.get_by_role("button", name="中文").click()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_role("link", name="指挥中心", include_hidden=True).count() >= 1
