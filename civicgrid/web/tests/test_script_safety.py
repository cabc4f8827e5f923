"""What a user may type is shown as text by the pages' scripts, and no script runs that the pages
did not bring themselves (the Content Security Policy, config/settings.py and decision 0011).

A street administrator may name an area anything; the name reaches the maps' tooltips, which
Leaflet would read as HTML if handed a string."""

import pytest

from civicgrid.areas.services import AreaInput, areas_import
from civicgrid.cases.services import case_transition
from civicgrid.cases.tests.fixtures import MONDAY
from civicgrid.cases.tests.test_views import seeded
from civicgrid.web.tests.browser import DESKTOP, browser_db

pytestmark = [browser_db, pytest.mark.browser]

PAYLOAD = '"><img src=x onerror="window.__xss=1"><b id="injected">x</b>'


def rename(area, name: str) -> None:
    areas_import([AreaInput(area.code, name, boundary=area.boundary)])


def watched(page) -> list[str]:
    """The dialogs the page opens (none expected): each is recorded and dismissed."""
    dialogs: list[str] = []

    def dismiss(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    return dialogs


def assert_shown_as_text(page, tooltip) -> None:
    assert PAYLOAD in tooltip.inner_text()
    assert tooltip.locator("img, b").count() == 0
    assert page.locator("#injected").count() == 0
    assert page.evaluate("window.__xss") is None


def test_an_area_named_like_markup_is_text_on_the_area_map(open_page, loop):
    rename(loop.tree.community, PAYLOAD)  # a community's name is a permanent label
    page = open_page(loop.leader, viewport=DESKTOP)
    dialogs = watched(page)
    page.goto(f"/areas/{loop.tree.street.code}/")
    page.wait_for_selector("#map[data-loaded]")
    tooltip = page.locator(".leaflet-tooltip", has_text="onerror").first
    tooltip.wait_for()
    page.wait_for_load_state("networkidle")
    assert_shown_as_text(page, tooltip)
    assert dialogs == []


def test_an_area_named_like_markup_is_text_in_the_command_centre(open_page, loop):
    rename(loop.tree.street, PAYLOAD)
    page = open_page(loop.leader, viewport=DESKTOP)
    dialogs = watched(page)
    page.goto(f"/command/?area={loop.tree.district.code}")
    page.wait_for_selector("#command-map[data-loaded]")
    shapes = page.locator("#command-map path.leaflet-interactive")
    for i in range(shapes.count()):  # the tooltips open on hover
        shapes.nth(i).hover(force=True)
        if page.locator(".leaflet-tooltip", has_text="onerror").count():
            break
    tooltip = page.locator(".leaflet-tooltip", has_text="onerror").first
    tooltip.wait_for()
    page.wait_for_load_state("networkidle")
    assert_shown_as_text(page, tooltip)
    assert dialogs == []


WATCH_POLICY = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || e.sample || ""));
});
"""


def policed(page) -> list[str]:
    """Everything the page reports breaking: policy violations, script errors, console errors."""
    problems: list[str] = []
    page.add_init_script(WATCH_POLICY)
    page.on(
        "pageerror",
        lambda error: problems.append(f"{page.url}: {error} {error.message} {error.stack}"),
    )
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and "Failed to load resource" not in m.text
            and problems.append(f"{page.url}: {m.text}")
        ),
    )
    return problems


def visit(page, url: str, problems: list[str], ready: str | None = None) -> None:
    response = page.goto(url)
    assert response.status < 400, (url, response.status)
    assert "script-src 'self'" in response.headers["content-security-policy"], url
    if ready:
        page.wait_for_selector(ready)
    page.wait_for_load_state("networkidle")
    problems += [f"{url}: {v}" for v in page.evaluate("window.__violations")]


def test_the_main_pages_work_under_the_policy(open_page, loop, django_user_model):
    case = seeded(loop)
    case_transition(case_id=case.pk, action="register", actor=loop.shift_lead, now=MONDAY)
    page = open_page(loop.leader, viewport=DESKTOP)
    problems = policed(page)
    visit(page, "/", problems)
    visit(page, "/cases/", problems)
    visit(page, f"/cases/{case.pk}/", problems, ready="#case-map[data-loaded]")
    visit(page, "/command/", problems, ready="#command-map[data-loaded]")
    page.locator("#chart-classes canvas").wait_for()
    visit(page, "/command/?wall=1", problems, ready="#command-map[data-loaded]")
    visit(page, f"/areas/{loop.tree.street.code}/", problems, ready="#map[data-loaded]")
    visit(page, "/evaluation/", problems)
    visit(
        page, "/api/v1/docs", problems, ready=".swagger-ui"
    )  # the page error check sees it fail to draw

    operator = open_page(loop.operator, viewport=DESKTOP)
    problems += policed(operator)
    visit(operator, "/cases/new/", problems)
    with operator.expect_response(lambda r: "/cases/new/classes" in r.url) as typed:
        operator.locator("#case_class").fill("0601")  # htmx asks for matching classes
    assert typed.value.ok
    operator.locator("#class-options option").first.wait_for(state="attached")

    admin = django_user_model.objects.create_superuser("root", password="pw-for-tests-123")
    site = open_page(admin, viewport=DESKTOP)
    problems += policed(site)
    for url in (
        "/admin/",
        "/admin/areas/area/",
        f"/admin/areas/area/{loop.tree.street.pk}/change/",
    ):
        visit(site, url, problems)

    public = open_page(None)
    problems += policed(public)
    visit(public, "/portal/", problems, ready="[data-location-map][data-basemap]")
    visit(public, "/login/", problems)
    assert problems == []


def test_printing_needs_no_inline_handler(open_page, loop):
    case = seeded(loop)
    page = open_page(loop.leader, viewport=DESKTOP)
    page.add_init_script("window.print = () => { window.__printed = true; };")
    page.goto(f"/cases/{case.pk}/")
    page.locator("[data-print]").click()
    assert page.evaluate("window.__printed") is True


def test_chart_tooltips_show_names_as_text(open_page, loop):
    """The charts (command.js, evaluation.js) use ECharts' own tooltips, which escape the names of
    classes, areas and series; this holds them to it across upgrades of the vendored library."""
    page = open_page(loop.leader, viewport=DESKTOP)
    page.goto("/login/")
    page.add_script_tag(url="/static/vendor/echarts/echarts.min.js")
    for trigger in ("axis", "item"):
        page.evaluate(
            """([name, trigger]) => {
              const el = document.createElement("div");
              el.style.width = "600px"; el.style.height = "300px";
              document.body.prepend(el);
              const chart = echarts.init(el);
              chart.setOption({
                tooltip: {trigger}, legend: {top: 0},
                xAxis: {type: "category", data: [name]}, yAxis: {type: "value"},
                series: [{name, type: "bar", data: [3]}],
              });
              chart.dispatchAction({type: "showTip", seriesIndex: 0, dataIndex: 0});
            }""",
            [PAYLOAD, trigger],
        )
        page.locator("div", has_text="onerror").last.wait_for(state="attached")
        assert page.locator("#injected").count() == 0
        assert page.evaluate("window.__xss") is None


def test_the_case_list_holds_its_refresh_while_rows_are_ticked(open_page, loop):
    """The refresh's condition was an inline expression htmx evaluated; page.js keeps it."""
    case = seeded(loop)
    case_transition(case_id=case.pk, action="register", actor=loop.shift_lead, now=MONDAY)
    page = open_page(loop.dispatcher, viewport=DESKTOP)
    page.goto("/cases/?queue=dispatcher")
    page.wait_for_load_state("networkidle")
    asked: list[str] = []

    def the_list(request) -> bool:
        # the list's own refresh only: the inbox link and the workbench poll by htmx as well
        return bool(request.headers.get("hx-request")) and "/cases/" in request.url

    page.on("request", lambda r: the_list(r) and asked.append(r.url))
    refresh = "htmx.ajax('GET', location.href, {source: '#case-rows', target: '#case-rows'})"
    page.locator("#case-rows input[name=ids]").first.check()
    page.evaluate(refresh)
    page.wait_for_timeout(500)  # a request not held would be on its way by now
    assert asked == []
    page.locator("#case-rows input[name=ids]").first.uncheck()
    with page.expect_request(the_list):
        page.evaluate(refresh)
