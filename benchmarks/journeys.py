"""Each role's main job in the browser, timed and counted (issue 18: "per role, the clicks and the
seconds the browser needed for its main job, before and after").

Debian's chromium driven by Playwright plays, for each role of the demo district, its main job
from the login page to the result, on the device that role uses:

- operator (1440×900): a phoned-in case placed by the address as the caller says it
  ("示范路391号"), the class found by its pinyin initials, its questions answered, recorded;
- dispatcher (1440×900): a registered case from the dispatch queue sent with the grouped unit
  picker;
- handler (1440×900 and 360×740): sign a dispatched case, then report it handled (photo, note);
- grid worker (360×740): a patrol report from the phone page;
- resident (360×740): a report from the residents' own area;
- grid leader (360×740): the look-up by a householder's name, to the household card;
- leader (1440×900): the command centre, loaded (charts drawn, live panels in, map drawn);
  at 1920×1080 the same, then its wall display (全屏大屏).

A click is each click, tap, choice in a list, tick or file picked; typing into a field counts as
one field typed, not a click. Seconds run from opening the login page to the result shown; every
journey checks that the job was really done (the case recorded, its state changed, the card or the
wall shown). The figures before issue 18 (the same jobs on the UI before it, measured by the lead
with the script of that time) are in benchmarks/journeys_before.json and printed beside.

    .venv/bin/python benchmarks/journeys.py [--base-url URL] [--output FILE] [--shots DIR]

Without ``--base-url`` it makes its own server: a fresh SQLite database in a temporary folder,
``migrate``, ``demo --scale small``, ``collectstatic``, gunicorn on a free port, stopped at the
end. With ``--base-url`` the server must hold the demo (``civicgrid demo``; logins use
CIVICGRID_DEMO_PASSWORD, default civicgrid-demo) and each run changes some of its cases. Writes
benchmarks/results/journeys.json and a screenshot per journey (var/screenshots/journeys-*.png).
Not part of ``make bench``: it measures people's work, not throughput. See docs/journeys.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CIVICGRID_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PASSWORD = os.environ.get("CIVICGRID_DEMO_PASSWORD", "civicgrid-demo")
DESKTOP = {"width": 1440, "height": 900}
WALL = {"width": 1920, "height": 1080}
PHONE = {"width": 360, "height": 740}
PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Mobile Safari/537.36"
)
# where the phones are: set before the journeys to the point of CALLER_SAYS (a grid worker on
# patrol there), asked of the public address search
HERE = {"latitude": 0.0, "longitude": 0.0}
CALLER_SAYS = "示范路391号"
REGISTER_ADDRESS = "示范区示范路391号"
BEFORE = ROOT / "benchmarks" / "journeys_before.json"
TIMEOUT_MS = 60_000  # a loaded machine
# a 1×1 JPEG: the photo a handler or a grid worker takes
JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c19"
    "12130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b08"
    "0001000101011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b51000"
    "02010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f0"
    "2433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768"
    "696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3"
    "c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00fb"
    "d3ffd9"
)
PHOTO = {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": JPEG}


class Failed(Exception):
    """The job was not done: what the page showed."""


class Journey:
    """One person's job in a fresh browser context: counts clicks and fields typed."""

    def __init__(self, browser, base: str, viewport: dict, phone: bool):
        extra = (
            {
                "is_mobile": True,
                "has_touch": True,
                "user_agent": PHONE_UA,
                "geolocation": HERE,
                "permissions": ["geolocation"],
            }
            if phone
            else {}
        )
        self.ctx = browser.new_context(
            viewport=viewport,
            base_url=base,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            **extra,
        )
        self.page = self.ctx.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.phone, self.clicks, self.typed = phone, 0, 0
        self.console: list[str] = []
        self.page.on(
            "console", lambda m: self.console.append(m.text[:160]) if m.type == "error" else None
        )

    # what a person does
    def click(self, target) -> None:
        self.clicks += 1
        self._loc(target).click()

    def type(self, target, text: str, *, keys: bool = False) -> None:
        """One field typed; ``keys`` types key by key (for fields that suggest as you type)."""
        self.typed += 1
        loc = self._loc(target)
        if keys:
            loc.click()
            loc.press_sequentially(text, delay=40)
        else:
            loc.fill(text)

    def choose(self, target, **option) -> None:
        self.clicks += 1
        self._loc(target).select_option(**option)

    def photo(self, target) -> None:
        self.clicks += 1  # the camera or the file picker
        self._loc(target).set_input_files(PHOTO)

    def menu(self, toggle: str, item: str) -> None:
        """A grouped menu: the hamburger when the bar is folded, the group, the entry."""
        page = self.page
        if not page.locator(toggle).first.is_visible():
            self.click(".navbar-toggler")
            page.locator(toggle).first.wait_for(state="visible")
        self.click(toggle)
        self.click(page.locator(item).first)

    def _loc(self, target):
        return self.page.locator(target).first if isinstance(target, str) else target

    def login(self, user: str, lands: str | None = None) -> None:
        page = self.page
        page.goto("/login/")
        self.type("#id_username", user)
        self.type("#id_password", PASSWORD)
        self.click("form button[type=submit]:not([name=language])")
        page.wait_for_load_state()
        if "/login/" in page.url:
            raise Failed(f"{user} could not log in: {errors(page)}")
        if lands and not urlsplit(page.url).path.startswith(lands):
            raise Failed(f"{user} landed on {urlsplit(page.url).path}, not {lands}")

    def wait_until(self, expression: str, timeout: float = 30) -> None:
        """Poll a page expression (no wait_for_function: the policy forbids eval)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.page.evaluate(
                f"() => {{ try {{ return !!({expression}); }} catch (e) {{ return false; }} }}"
            ):
                return
            self.page.wait_for_timeout(100)
        raise Failed(f"waited {timeout:.0f} s for {expression} on {self.path()}")

    def path(self) -> str:
        return urlsplit(self.page.url).path + (
            "#" + urlsplit(self.page.url).fragment if urlsplit(self.page.url).fragment else ""
        )

    def overflow(self) -> bool:
        return bool(
            self.page.evaluate(
                "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
            )
        )


def errors(page) -> list[str]:
    return [
        " ".join(t.split())[:120]
        for t in page.locator(
            ".alert-danger, .invalid-feedback:visible, .errorlist"
        ).all_inner_texts()
        if t.strip()
    ]


def case_state(page) -> str:
    """The state of the case on the page, asked of the API with the page's own session."""
    found = re.search(r"/cases/(\d+)/", urlsplit(page.url).path)
    if not found:
        return ""
    answer = page.request.get(f"/api/v1/cases/{found.group(1)}")
    return answer.json().get("state", "") if answer.ok else f"HTTP {answer.status}"


def open_panel(page) -> str:
    return page.evaluate(
        "() => Array.from(document.querySelectorAll(\"details[id^='act-']\"))"
        ".filter(d => d.open).map(d => d.id).join(',')"
    )


# ---- the journeys: each returns a note; raising Failed marks the job as not done ----


def answer_questions(j: Journey, scope: str = "#questions") -> None:
    """Each required question of the class answered with its first choice."""
    page = j.page
    for select in page.locator(f"{scope} select").all():
        if select.is_visible():
            j.choose(select, index=1)
    seen = set()
    for radio in page.locator(f"{scope} input[type=radio]").all():
        name = radio.get_attribute("name")
        if name not in seen and radio.is_visible():
            seen.add(name)
            j.click(radio)


def operator(j: Journey) -> str:
    page = j.page
    j.login("operator")
    new = page.locator("main a[href='/cases/new/']")
    if new.count() and new.first.is_visible():
        j.click(new.first)  # from the home page
    else:
        j.menu("#nav-work", "#nav a.dropdown-item[href='/cases/']")
        page.wait_for_load_state()
        j.click("main a[href='/cases/new/']")
    page.wait_for_url("**/cases/new/")
    # the class by its pinyin initials, the suggestion taken
    j.type("#case_class", "bllj", keys=True)
    page.locator("#class-options option").first.wait_for(state="attached")
    offered = page.locator("#class-options option").all_inner_texts()
    rank = next((n for n, text in enumerate(offered) if "暴露垃圾" in text), None)
    if rank is None:
        raise Failed(f"bllj does not offer 暴露垃圾: {offered[:5]}")
    code = page.locator("#class-options option").nth(rank).get_attribute("value")
    j.clicks += 1  # taking the suggestion (a datalist: the browser's own list)
    page.locator("#case_class").fill(code)
    page.locator("#case_class").press("Tab")
    page.locator("#questions select, #questions input").first.wait_for(state="attached")
    answer_questions(j)
    # the address as the caller says it, the first suggestion taken
    j.type("#address", CALLER_SAYS, keys=True)
    option = page.locator("#address-options [role=option]").first
    option.wait_for()
    suggested = option.inner_text().split()[0]
    j.click(option)
    j.wait_until("document.querySelector('[data-location]').dataset.grid")
    j.wait_until("!document.querySelector('[data-location-grid-name]').textContent.endsWith('…')")
    grid = page.locator("[data-location-grid-name]").inner_text().strip()
    j.type("#reporter_name", "张三")
    j.type("#reporter_phone", "13800000000")
    j.click(page.get_by_role("button", name="登记案件"))
    page.wait_for_load_state()
    if not re.search(r"/cases/\d+/$", urlsplit(page.url).path):
        raise Failed(f"not recorded, still on {j.path()}: {errors(page)}")
    main = page.locator("main").inner_text()
    if REGISTER_ADDRESS not in main:
        raise Failed(f"recorded at {j.path()} but not at {REGISTER_ADDRESS}")
    return (
        f"bllj: 暴露垃圾 suggestion {rank + 1} of {len(offered)}; "
        f"'{CALLER_SAYS}' typed as said, suggestion '{suggested[:40]}' taken, grid '{grid}'; "
        f"recorded at {j.path()} ({case_state(page)})"
    )


def dispatcher(j: Journey) -> str:
    page = j.page
    j.login("dispatcher")
    queue = page.locator("main a.cg-stat-queue[href*='queue=dispatcher']")
    if queue.count():
        j.click(queue.first)  # the home page's "waiting for me as dispatcher"
    else:
        j.menu("#nav-work", "#nav a.dropdown-item[href='/cases/']")
    page.wait_for_load_state()
    first = page.locator("main a[href^='/cases/']").filter(has_text=re.compile(r"\d{6,}")).first
    first.wait_for()
    j.click(first)
    page.wait_for_url(re.compile(r"/cases/\d+/"))
    page.wait_for_load_state()
    if "act-dispatch" not in open_panel(page):
        if page.locator("#act-dispatch").count() == 0:
            raise Failed(f"the queue's first case {j.path()} offers no dispatch")
        j.click("#act-dispatch > summary")
    before = case_state(page)
    select = page.locator("#dispatch-unit")
    groups = page.eval_on_selector_all("#dispatch-unit optgroup", "gs => gs.map(g => g.label)")
    first_unit = select.locator("optgroup option:not([disabled])").first
    unit = " ".join(first_unit.inner_text().split())
    j.choose(select, value=first_unit.get_attribute("value"))  # the first suggestion
    j.click("#act-dispatch button[type=submit]")
    page.wait_for_load_state()
    after = case_state(page)
    if after != "dispatched":
        raise Failed(f"state {before} → {after!r} on {j.path()}: {errors(page)}")
    return f"{before} → {after} to '{unit[:30]}' (groups: {', '.join(groups)})"


def handler(j: Journey) -> str:
    page = j.page
    j.login("handler", lands="/m/" if j.phone else None)
    if j.phone:  # the queue's cards: the first one waiting to be signed
        card = page.locator("main a.cg-card[href$='#act-sign']").first
    else:  # the home page's "dispatched" figure, then the list's first case
        j.click("main a[href='/cases/?state=dispatched']")
        page.wait_for_load_state()
        card = page.locator("main a[href^='/cases/']").filter(has_text=re.compile(r"\d{6,}")).first
    if card.count() == 0:
        raise Failed(f"nothing to sign on {j.path()}")
    j.click(card)
    page.wait_for_url(re.compile(r"/cases/\d+/"))
    page.wait_for_load_state()
    did = [f"opened on {open_panel(page) or 'no panel'}"]
    if "act-sign" in open_panel(page) or page.locator("#act-sign").count():
        main = page.locator("#main-action")
        if j.phone and main.count() and main.get_attribute("href") == "#act-sign":
            j.click(main)  # the main next action at the top of the case
        elif "act-sign" not in open_panel(page):
            j.click("#act-sign > summary")
        j.click("#act-sign button[type=submit]")
        page.wait_for_load_state()
        did.append(f"signed ({case_state(page)})")
    opened = open_panel(page)
    did.append(f"then open on {opened or 'nothing'}")
    if "act-report_handled" not in opened:
        j.click("#act-report_handled > summary")
    j.photo("#act-report_handled input[type=file]")
    j.type("#act-report_handled textarea", "已清理完毕")
    j.click("#act-report_handled button[type=submit]")
    page.wait_for_load_state()
    state = case_state(page)
    if state != "handled":
        raise Failed(f"{'; '.join(did)}; state after the report: {state!r} {errors(page)}")
    did.append("reported handled")
    return "; ".join(did) + f"; overflow={j.overflow()}"


def grid_worker(j: Journey) -> str:
    page = j.page
    j.login("supervisor", lands="/m/")
    j.click("main a[href='/m/patrol/']")
    page.wait_for_url("**/m/patrol/")
    j.wait_until("document.getElementById('lon').value !== ''")  # my position, by itself
    j.type("#class-q", "bllj", keys=True)
    page.locator("#class-choices label[for^='cls-']").first.wait_for()
    j.wait_until("document.getElementById('cls-06010')")
    labels = page.locator("#class-choices label[for^='cls-']")
    offered = [" ".join(t.split()) for t in labels.all_inner_texts()]
    rank = next((n for n, text in enumerate(offered) if "暴露垃圾" in text), None)
    if rank is None:
        raise Failed(f"bllj does not offer 暴露垃圾: {offered[:5]}")
    j.click(labels.nth(rank))
    page.locator("#questions select, #questions input").first.wait_for(state="attached")
    answer_questions(j)
    j.photo("#photos")
    j.wait_until("!document.querySelector('#patrol-form button[type=submit]').disabled")
    over = j.overflow()
    j.click("#patrol-form button[type=submit]")
    page.wait_for_load_state()
    if not re.search(r"/cases/\d+/$", urlsplit(page.url).path):
        raise Failed(f"not recorded, still on {j.path()}: {errors(page)}")
    return (
        f"bllj: 暴露垃圾 choice {rank + 1} of {len(offered)} ({', '.join(offered[:3])}); "
        f"my position placed it; recorded at {j.path()} "
        f"({case_state(page)}); form overflow={over}"
    )


def resident(j: Journey) -> str:
    page = j.page
    j.login("resident", lands="/portal/me/")
    staff = page.locator("nav a[href^='/cases/'], nav a[href^='/register/'], nav a[href^='/api/']")
    if staff.count():
        raise Failed(f"staff links in a resident's menu: {staff.count()}")
    j.click("#go-report")
    page.wait_for_url("**/portal/")
    pictures = page.locator("#plain-choices [data-choice]").count()
    j.click("[data-choice='sanitation']")
    page.locator("#cc-06010").wait_for(state="attached")
    j.click("label[for='cc-06010']")  # 暴露垃圾
    page.locator("#questions select, #questions input").first.wait_for(state="attached")
    answer_questions(j)
    j.type("#address", CALLER_SAYS, keys=True)
    option = page.locator("#address-options [role=option]").first
    option.wait_for()
    j.click(option)
    j.wait_until("document.querySelector('[data-location]').dataset.grid")
    filled = []
    for field, value in (("#reporter_name", "李四"), ("#reporter_phone", "13900000000")):
        if page.locator(field).input_value():
            filled.append(field[1:])
        else:
            j.type(field, value)
    j.click("#report-form button[type=submit]")
    page.wait_for_load_state()
    if "/portal/cases/" not in page.url:
        raise Failed(f"not sent, still on {j.path()}: {errors(page)}")
    return (
        f"{pictures} plain choices; {', '.join(filled) or 'nothing'} filled from the account; "
        f"receipt at {j.path()}; overflow={j.overflow()}"
    )


def grid_leader(j: Journey, name: str) -> str:
    page = j.page
    j.login("grid_leader", lands="/m/")
    box = page.locator("#find-household")  # the phone page's look-up
    if box.count() == 0:
        raise Failed(f"no look-up on the grid leader's phone page {j.path()}")
    landed = j.path()
    j.type(box, name)
    j.click("#find-household ~ button[type=submit]")
    page.wait_for_load_state()
    if "/register/households/" not in page.url:
        cards = page.locator("main a.cg-card[href*='/register/households/']")
        if cards.count() == 0:
            raise Failed(f"'{name}' found nothing on {j.path()}: {errors(page)}")
        j.click(
            cards.filter(has_text=name).first
            if cards.filter(has_text=name).count()
            else cards.first
        )
        page.wait_for_url(re.compile(r"/register/households/\d+/"))
    if name not in page.locator("main").inner_text():
        raise Failed(f"the card {j.path()} does not show {name}")
    return f"landed on {landed}, looked up '{name}' → card {j.path()}; overflow={j.overflow()}"


def leader(j: Journey, *, wall: bool = False) -> str:
    """The command centre; ``wall``: then its wall display (full screen, for the big screen)."""
    page = j.page
    j.login("leader")
    started = time.monotonic()
    link = page.locator("main a[href^='/command/']")
    if link.count() and link.first.is_visible():
        j.click(link.first)
    else:
        j.menu("#nav-work", "#nav a.dropdown-item[href='/command/']")
    page.wait_for_url("**/command/**")
    if wall:
        j.click("a.skip-wall[href*='wall=1']")
        page.wait_for_url("**wall=1**")
    for chart in ("#chart-channels", "#chart-classes", "#chart-daily", "#chart-hours"):
        j.wait_until(f"document.querySelector('{chart} canvas, {chart} svg')")
    j.wait_until(
        "document.querySelector('#wall-live') && !document.querySelector('#wall-live [data-loading], #wall-live .is-loading')"
    )
    j.wait_until("document.querySelector('#command-map .leaflet-interactive')")
    page.wait_for_load_state("networkidle")
    seconds = time.monotonic() - started
    tall, map_tall = page.evaluate(
        "() => [document.documentElement.scrollHeight,"
        " document.getElementById('command-map').getBoundingClientRect().height]"
    )
    return (
        f"command centre drawn (charts, live panels, map) {seconds:.1f} s after the click; "
        f"page {tall} px tall in a {page.viewport_size['height']} px window, map {map_tall:.0f} px; "
        f"overflow={j.overflow()}"
    )


# ---- running them ----


def place_the_phones(browser, base: str) -> str:
    """Untimed: the phones stand at the building of CALLER_SAYS."""
    ctx = browser.new_context(base_url=base)
    try:
        answer = ctx.request.get("/portal/addresses", params={"q": CALLER_SAYS, "limit": 1})
        items = answer.json()["items"] if answer.ok else []
        if not items:
            raise Failed(f"the public address search does not find {CALLER_SAYS}: {answer.status}")
        HERE.update(latitude=items[0]["lat"], longitude=items[0]["lon"])
        return items[0]["text"]
    finally:
        ctx.close()


def householder_name(browser, base: str) -> str:
    """Untimed: a householder the grid leader may see, read from the households list."""
    place_the_phones(browser, base)
    j = Journey(browser, base, DESKTOP, phone=False)
    try:
        j.login("grid_leader")
        j.page.goto("/register/households/")
        rows = j.page.locator("main table tbody tr")
        for row in rows.all()[:20]:
            for cell in row.locator("td").all_inner_texts():
                text = cell.strip()
                if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", text):
                    return text
        raise Failed("no householder name in the grid leader's households list")
    finally:
        j.ctx.close()


def journeys(name_for_lookup: str) -> list[tuple[str, str, dict, bool, Callable[[Journey], str]]]:
    """(key, role as in the before figures, viewport, phone, job)."""
    return [
        ("operator", "operator", DESKTOP, False, operator),
        ("dispatcher", "dispatcher", DESKTOP, False, dispatcher),
        ("handler", "handler", DESKTOP, False, handler),
        ("handler_phone", "handler_phone", PHONE, True, handler),
        ("grid_worker", "grid_worker", PHONE, True, grid_worker),
        ("resident", "resident", PHONE, True, resident),
        ("grid_leader", "grid_leader", PHONE, True, lambda j: grid_leader(j, name_for_lookup)),
        ("leader", "leader", DESKTOP, False, leader),
        ("leader_wall", "leader", WALL, False, lambda j: leader(j, wall=True)),
    ]


def play(browser, base: str, key: str, viewport: dict, phone: bool, job, shots: Path) -> dict:
    j = Journey(browser, base, viewport, phone)
    started = time.monotonic()
    out: dict = {"role": key, "viewport": f"{viewport['width']}x{viewport['height']}"}
    try:
        note = job(j)
        out.update(done=True, note=note)
    except Exception as exc:  # a journey that breaks is a finding, not a crash
        out.update(done=False, error=f"{type(exc).__name__}: {' '.join(str(exc).split())[:400]}")
        out["at"] = j.path()
    out.update(
        clicks=j.clicks,
        fields_typed=j.typed,
        seconds=round(time.monotonic() - started, 1),
    )
    if j.console:
        out["console_errors"] = j.console[:5]
    shots.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(Exception):
        j.page.screenshot(path=str(shots / f"journeys-{key}.png"))
    j.ctx.close()
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/healthz")
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False


@contextlib.contextmanager
def own_server() -> Iterator[str]:
    """The small demo on a fresh SQLite file, served by gunicorn on a free port."""
    var = tempfile.mkdtemp(prefix="civicgrid-journeys-")
    env = {
        **os.environ,
        "CIVICGRID_VAR_DIR": var,
        "DATABASE_URL": f"sqlite:///{var}/civicgrid.sqlite3",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "CIVICGRID_LOG_LEVEL": "WARNING",
        "CIVICGRID_DEMO_PASSWORD": PASSWORD,
    }
    cli = [sys.executable, "-c", "import sys; from civicgrid.cli import main; main(sys.argv)"]
    started = time.monotonic()
    for args in (
        ["migrate", "-v0"],
        ["demo", "--scale", "small", "-v0"],
        ["collectstatic", "--no-input", "-v0"],
    ):
        subprocess.run([*cli, *args], cwd=ROOT, env=env, check=True)
    print(f"  demo ready in {time.monotonic() - started:.0f} s", flush=True)
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "2",
            "--timeout",
            "120",
            "--log-level",
            "warning",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(1200):  # a loaded machine: up to 2 minutes
            if _healthy(port):
                break
            if server.poll() is not None:
                raise SystemExit("gunicorn stopped before answering")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        shutil.rmtree(var, ignore_errors=True)


def warm(browser, base: str) -> None:
    """One untimed visit of the login page and the static files (the server's first request)."""
    ctx = browser.new_context(base_url=base)
    with contextlib.suppress(Exception):
        ctx.new_page().goto("/login/", wait_until="load")
    ctx.close()


def table(after: list[dict], before: list[dict]) -> str:
    old = {b["role"]: b for b in before}
    lines = [
        f"{'journey':<14} {'screen':<10} {'clicks':>13} {'fields typed':>13} {'seconds':>13}  done",
        f"{'':<14} {'':<10} {'before→after':>13} {'before→after':>13} {'before→after':>13}",
    ]
    for a in after:
        role = "leader" if a["role"] == "leader_wall" else a["role"]
        b = old.get(role, {}) if a["role"] != "leader_wall" else {}

        def pair(field: str, b=b, a=a) -> str:
            return f"{b.get(field, '–')}→{a.get(field, '–')}"

        lines.append(
            f"{a['role']:<14} {a['viewport']:<10} {pair('clicks'):>13} {pair('fields_typed'):>13} "
            f"{pair('seconds'):>13}  {'yes' if a.get('done') else 'NO'}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base-url", default=None, help="a running server holding the demo")
    parser.add_argument("--output", default=str(ROOT / "benchmarks" / "results" / "journeys.json"))
    parser.add_argument("--shots", default=str(ROOT / "var" / "screenshots"))
    parser.add_argument("--only", default="", help="some journeys, e.g. operator,leader_wall")
    args = parser.parse_args()
    if not os.path.exists(CHROMIUM):
        print(f"journeys.py needs Debian's chromium at {CHROMIUM}; skipped")
        return
    from playwright.sync_api import sync_playwright

    before = json.loads(BEFORE.read_text(encoding="utf-8"))
    load = os.getloadavg()
    print(f"== each role's main job in the browser (load average {load[0]:.1f}) ==", flush=True)
    with (
        (
            contextlib.nullcontext(args.base_url.rstrip("/")) if args.base_url else own_server()
        ) as base,
        sync_playwright() as pw,
    ):
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        warm(browser, base)
        name = householder_name(browser, base)
        after = []
        for key, _role, viewport, phone, job in journeys(name):
            if args.only and key not in args.only.split(","):
                continue
            result = play(browser, base, key, viewport, phone, job, Path(args.shots))
            print("  " + json.dumps(result, ensure_ascii=False), flush=True)
            after.append(result)
        browser.close()
    load_after = os.getloadavg()
    print()
    print(table(after, before))
    report = {
        "benchmark": "journeys",
        "database": "sqlite" if not args.base_url else "as served",
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_before": [round(x, 2) for x in load],
            "load_average_after": [round(x, 2) for x in load_after],
        },
        "counting": "clicks: each click, tap, choice, tick or file picked; fields typed: each "
        "field typed into; seconds: from opening the login page to the result shown",
        "before": before,
        "after": after,
    }
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nload average {load[0]:.1f} → {load_after[0]:.1f}; written {out}")
    if not all(a.get("done") for a in after):
        sys.exit(1)


if __name__ == "__main__":
    main()
