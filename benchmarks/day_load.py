"""The load of bench_day.py, run in a process of its own (never the server's): staff sessions
in browsers' shoes and the intake stream, for a while, against a server on 127.0.0.1.

    python benchmarks/day_load.py PLAN.json OUT.json

PLAN (written by bench_day.py): the port, the seconds, the sessions (username, password, role,
what they read), the intake's keys and points. Each session logs in once through the login
form, then loops: an activity of its role (the mix below), then a think time of 5–15 s. Actions
are taken as a person takes them: the role's queue page, a case from it, the case page, then
the action's form from that page (its CSRF token and the case's version), following the
redirect back; a refusal shown on the page is counted. Leaders keep the command centre open
(the page polled every 60 s and its live panel every 15 s, as the page itself does). The intake
is paced: 20 reports a second, one in four through Open311, from a few threads.

OUT: every request's (name, milliseconds, status, ok) and the actions' outcomes.
"""

from __future__ import annotations

import base64
import http.client
import json
import random
import re
import sys
import threading
import time
import uuid
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CASE_LINK = re.compile(r'href="/cases/(\d+)/"')
ACT_FORM = re.compile(r'action="/cases/(\d+)/act/([a-z_]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
HOUSEHOLD_LINK = re.compile(r'href="/register/households/(\d+)/"')
REFUSED = 'class="alert alert-danger"'

# the actions each role takes from its queue, most wanted first
ACTS = {
    "handler": ["report_handled", "sign"],
    "supervisor": ["pass_check"],
    "shift_lead": ["close", "register"],
    "operator": ["send_check"],
    "dispatcher": ["dispatch"],
}
PHOTOS = {"report_handled", "pass_check"}
# each role's activities and their weights (one is chosen after each think time)
MIX = {
    "handler": {"workbench": 2, "queue": 3, "act": 5, "detail": 2},
    "supervisor": {"workbench": 2, "queue": 3, "act": 4, "detail": 2},
    "dispatcher": {"workbench": 2, "queue": 3, "act": 5, "detail": 2},
    "shift_lead": {"workbench": 2, "queue": 3, "act": 5, "detail": 1},
    "operator": {"workbench": 2, "queue": 3, "act": 4, "detail": 2},
    "grid_leader": {"workbench": 1, "search": 4, "lookup": 2, "household": 4},
    "leader": {"workbench": 1, "evaluation": 3, "red_cards": 3, "detail": 2, "export": 1},
}


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.samples: list[tuple[str, float, int, bool]] = []
        self.outcomes: dict[str, int] = {}
        self.refusals: list[str] = []

    def add(self, name: str, ms: float, status: int, ok: bool) -> None:
        with self.lock:
            self.samples.append((name, round(ms, 2), status, ok))

    def outcome(self, key: str, detail: str = "") -> None:
        with self.lock:
            self.outcomes[key] = self.outcomes.get(key, 0) + 1
            if detail and len(self.refusals) < 20:
                self.refusals.append(detail)


class Browser:
    """One person's browser: a keep-alive connection, the cookies, the last CSRF token."""

    def __init__(self, port: int, rec: Recorder) -> None:
        self.port, self.rec = port, rec
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies: dict[str, str] = {}
        self.token = ""

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(self, name, method, path, body=None, headers=None, ok=(200,), read=True):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            self.rec.add(name, (time.perf_counter() - started) * 1000, 0, False)
            return 0, "", {}
        ms = (time.perf_counter() - started) * 1000
        for value in response.headers.get_all("Set-Cookie") or []:
            for key, morsel in SimpleCookie(value).items():
                self.cookies[key] = morsel.value
        self.rec.add(name, ms, response.status, response.status in ok)
        text = data.decode("utf-8", "replace") if read else ""
        if m := CSRF_FIELD.search(text):
            self.token = m.group(1)
        return response.status, text, response.headers

    def get(self, name, path, **kw):
        return self.request(name, "GET", path, **kw)

    def post(self, name, path, fields: dict, ok=(302,), photo: bytes | None = None):
        """A form's POST; with ``photo``, multipart with it as the form's ``photos``."""
        fields = {"csrfmiddlewaretoken": self.token, **fields}
        headers = {"Referer": f"http://127.0.0.1:{self.port}{path}"}
        if photo is None:
            body: bytes | str = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            edge = f"----day{uuid.uuid4().hex}"
            parts = [
                f'--{edge}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                for k, v in fields.items()
            ]
            parts.append(
                f'--{edge}\r\nContent-Disposition: form-data; name="photos"; '
                f'filename="site.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'.encode()
                + photo
                + f"\r\n--{edge}--\r\n".encode()
            )
            body = b"".join(parts)
            headers["Content-Type"] = f"multipart/form-data; boundary={edge}"
        return self.request(name, "POST", path, body=body, headers=headers, ok=ok)


class Session(threading.Thread):
    def __init__(self, plan: dict, person: dict, rec: Recorder, stop: float, seed: int) -> None:
        super().__init__(daemon=True)
        self.plan, self.p, self.rec, self.stop = plan, person, rec, stop
        self.rng = random.Random(seed)
        self.b = Browser(plan["port"], rec)
        self.tried: set[int] = set()
        self.queue_path = f"/cases/?queue={person['role']}"
        self.photo = base64.b64decode(plan["photo"])

    def think(self) -> None:
        time.sleep(min(self.rng.uniform(*self.plan["think"]), max(0, self.stop - time.time())))

    def log_in(self, gate: threading.Semaphore) -> bool:
        with gate:
            self.b.get("login page", "/login/")
            status, _t, headers = self.b.post(
                "log in",
                "/login/",
                {"username": self.p["username"], "password": self.plan["password"]},
            )
        if status != 302 or "/login" in (headers.get("Location") or ""):
            self.rec.outcome(f"login refused: {self.p['role']}", self.p["username"])
            return False
        return True

    def run(self) -> None:
        time.sleep(self.rng.uniform(0, self.plan["think"][1]))  # people start over a while
        if self.p["role"] == "leader":
            threading.Thread(target=self.wall, daemon=True).start()
        mix = MIX[self.p["role"]]
        names, weights = list(mix), list(mix.values())
        while time.time() < self.stop:
            getattr(self, self.rng.choices(names, weights)[0])()
            self.think()

    # -- activities ------------------------------------------------------------------------------
    def workbench(self) -> None:
        self.b.get("home with workbench", "/")

    def queue(self) -> list[int]:
        _s, text, _h = self.b.get("queue", self.queue_path)
        return [int(i) for i in dict.fromkeys(CASE_LINK.findall(text))]

    def detail(self) -> None:
        ids = self.queue() if self.p["role"] != "leader" else self.red_cards()
        if ids:
            self.b.get("case detail", f"/cases/{self.rng.choice(ids[:20])}/")

    def act(self) -> None:
        ids = [i for i in self.queue() if i not in self.tried]
        if not ids:
            return
        pk = self.rng.choice(ids[:20])
        self.tried.add(pk)
        _s, text, _h = self.b.get("case detail", f"/cases/{pk}/")
        offered = {a for i, a in ACT_FORM.findall(text) if int(i) == pk}
        action = next((a for a in ACTS[self.p["role"]] if a in offered), None)
        version = VERSION.search(text)
        if action is None or version is None:
            self.rec.outcome(f"nothing to do: {self.p['role']}")
            return
        time.sleep(self.rng.uniform(1, 3))  # reading the case before acting
        # the site's photo where the action takes photos (some classes require one)
        photo = self.photo if action in PHOTOS else None
        status, _t, headers = self.b.post(
            f"action {action}",
            f"/cases/{pk}/act/{action}",
            {"version": version.group(1)},
            photo=photo,
        )
        if status != 302:
            self.rec.outcome(f"{action}: HTTP {status}")
            return
        where = urlsplit(headers.get("Location") or "/")
        _s, page, _h = self.b.get("case detail" if where.path != "/cases/" else "queue", where.path)
        if REFUSED in page:
            alert = page.split(REFUSED, 1)[1].split("</div>", 1)[0]
            self.rec.outcome(f"{action}: refused", re.sub(r"<[^>]+>", "", alert)[:160])
        else:
            self.rec.outcome(f"{action}: done")

    def search(self) -> None:
        q = self.rng.choice(self.plan["surnames"])
        self.b.get("register search", "/register/persons/?" + urlencode({"q": q}))

    def lookup(self) -> None:
        self.b.get("look-up page", "/register/lookup/")
        q = self.rng.choice(self.plan["surnames"]) + self.rng.choice(self.plan["given"])
        status, _text, headers = self.b.post(
            "look-up", "/register/lookup/", {"q": q}, ok=(200, 302)
        )
        if status == 302:
            self.b.get("household card", headers.get("Location") or "/")

    def household(self) -> None:
        homes = self.p.get("households") or []
        if not homes:
            _s, text, _h = self.b.get("register households", "/register/households/")
            homes = [int(i) for i in HOUSEHOLD_LINK.findall(text)]
        if homes:
            self.b.get("household card", f"/register/households/{self.rng.choice(homes)}/")

    def evaluation(self) -> None:
        self.b.get("evaluation month", "/evaluation/")

    def red_cards(self) -> list[int]:
        _s, text, _h = self.b.get("case list red cards", "/cases/?card=red")
        return [int(i) for i in dict.fromkeys(CASE_LINK.findall(text))]

    def export(self) -> None:
        self.b.get("export 10,000 cases (xlsx)", self.p["export"], read=False)

    def wall(self) -> None:
        """The command centre left open: the page every 60 s, its live panel every 15 s."""
        time.sleep(self.rng.uniform(0, 15))
        wall = Browser(self.plan["port"], self.rec)
        wall.cookies = dict(self.b.cookies)
        last_page = 0.0
        while time.time() < self.stop:
            if time.time() - last_page >= 60:
                last_page = time.time()
                wall.get("command centre", "/command/")
                wall.get("command map open cases", "/command/cells?layer=open")
            wall.get("command live panel", f"/command/live?area={self.p['area']}")
            time.sleep(min(15, max(0, self.stop - time.time())))


def intake(plan: dict, rec: Recorder, stop: float, threads: int = 8) -> list[threading.Thread]:
    """Reports paced at ``plan['intake_per_second']``: slot i is sent at start + i / rate (a
    late slot is sent at once: the pace is kept, not the backlog dropped); one in four through
    Open311 ``POST requests.json``, the rest through ``POST /api/v1/cases``."""
    rate, points = plan["intake_per_second"], plan["points"]
    start, counter, lock = time.time(), [0], threading.Lock()
    api = {"Authorization": f"Bearer {plan['token']}"}
    form = {"Content-Type": "application/x-www-form-urlencoded"}

    def sender(n: int) -> None:
        b = Browser(plan["port"], rec)
        while True:
            with lock:
                i = counter[0]
                counter[0] += 1
            at = start + i / rate
            if at >= stop:
                return
            time.sleep(max(0, at - time.time()))
            lon, lat = points[i % len(points)]
            if i % 4 == 3:
                body = urlencode(
                    {
                        "api_key": plan["open311_key"],
                        "service_code": plan["service_code"],
                        "lat": lat,
                        "long": lon,
                        **{f"attribute[{k}]": v for k, v in plan["answers"].items()},
                        "description": "日常上报",
                        "phone": "13800000000",
                    }
                )
                b.request(
                    "intake Open311 POST",
                    "POST",
                    "/open311/v2/requests.json",
                    body,
                    form,
                    ok=(200, 201),
                )
            else:
                body = urlencode(
                    {
                        "case_class": plan["service_code"],
                        "channel": "hotline",
                        "lon": lon,
                        "lat": lat,
                        "reporter_name": "市民",
                        "reporter_phone": "13800000000",
                        "answers": json.dumps(plan["answers"]),
                        "idempotency_key": f"day-{uuid.uuid4().hex}",
                    }
                )
                b.request(
                    "intake REST POST", "POST", "/api/v1/cases", body, {**api, **form}, ok=(201,)
                )

    return [threading.Thread(target=sender, args=(n,), daemon=True) for n in range(threads)]


def arrive(sessions: list[Session], rec: Recorder) -> float:
    """Everyone logs in through the form before the day is measured (four at a time: each
    login hashes a password), as staff arrive before the office opens; returns the seconds."""
    started = time.time()
    gate = threading.Semaphore(4)
    threads = [threading.Thread(target=s.log_in, args=(gate,)) for s in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.time() - started


def main() -> None:
    with open(sys.argv[1]) as f:
        plan = json.load(f)
    arrival = Recorder()
    sessions = [
        Session(plan, person, arrival, 0, seed=n) for n, person in enumerate(plan["sessions"])
    ]
    arrival_seconds = arrive(sessions, arrival)
    rec = Recorder()
    started = time.time()
    stop = started + plan["seconds"]
    for s in sessions:
        s.rec, s.b.rec, s.stop = rec, rec, stop
    workers: list[threading.Thread] = [s for s in sessions if s.p["username"] not in set(
        arrival.refusals)]  # fmt: skip
    if plan["intake_per_second"]:
        workers += intake(plan, rec, stop)
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=max(1, stop - time.time()) + 180)
    out = {
        "arrival": {
            "seconds": round(arrival_seconds, 1),
            "samples": arrival.samples,
            "outcomes": arrival.outcomes,
        },
        "seconds": round(time.time() - started, 1),
        "samples": rec.samples,
        "outcomes": rec.outcomes,
        "refusals": rec.refusals,
    }
    with open(sys.argv[2], "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
