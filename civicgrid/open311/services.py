"""Open311 writes: client keys (issue, revoke, authenticate) and posting a service request."""

from __future__ import annotations

import datetime as dt
import functools
import re
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from civicgrid.cases.choices import Channel
from civicgrid.cases.models import Case
from civicgrid.cases.services import Report, case_report
from civicgrid.catalogue.selectors import active_class
from civicgrid.core import audit
from civicgrid.core.errors import DomainError, TooManyAttempts
from civicgrid.core.ratelimit import Limit
from civicgrid.core.stamped import StampedCache
from civicgrid.core.working_time import TimeUnit

from .errors import Open311Error
from .models import ClientApp, RequestToken

ATTRIBUTE = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")
CJK = re.compile(r"[\u3400-\u9fff]")


class KeyRefused(DomainError):
    code = Open311Error.API_KEY
    status = 403


class Problems(DomainError):
    """Several things wrong at once: Open311 reports them all (one ``error`` each)."""

    def __init__(self, problems: list[DomainError], status: int = 400):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems
        self.status = status


def _live_apps() -> dict[str, ClientApp]:
    return {a.key_hash: a for a in ClientApp.objects.filter(revoked_at=None)}


# Every POST authenticates its key: each process keeps the live applications by key hash,
# re-read when the "open311.apps" stamp moves (issued, changed, revoked: signals.py).
CLIENT_APPS = StampedCache("open311.apps", _live_apps)


@transaction.atomic
def app_issue(
    *, name: str, contact: str = "", requests_per_hour: int = 1000, by=None, address=None
):
    """A new client application and its key (returned once, never stored)."""
    key = ClientApp.new_key()
    app = ClientApp(
        name=name,
        contact=contact,
        requests_per_hour=requests_per_hour,
        key_hash=ClientApp.hash_key(key),
        hint=key[:9],
        created_by=by,
    )
    app.full_clean()
    app.save()
    _audit("issue", app, None, by, address)
    return app, key


def _audit(action, app: ClientApp, before, actor, address) -> None:
    audit.record(
        kind=audit.Kind.OPEN311_KEY,
        action=action,
        actor=actor,
        address=address,
        target=app,
        before=before,
        after=audit.snapshot(app),
    )


@transaction.atomic
def app_revoke(
    *, app: ClientApp, now: dt.datetime | None = None, actor=None, address=None
) -> ClientApp:
    if app.revoked_at is None:
        before = audit.snapshot(app)
        app.revoked_at = now or timezone.now()
        app.save(update_fields=["revoked_at", "updated_at"])
        _audit("revoke", app, before, actor, address)
    return app


@transaction.atomic
def app_change(*, app: ClientApp, actor=None, address=None) -> ClientApp:
    """Save a changed application (its name, contact or hourly limit)."""
    before = audit.stored(app)
    app.full_clean()
    app.save()
    _audit("change", app, before, actor, address)
    return app


def app_authenticate(key: str, *, now: dt.datetime | None = None) -> ClientApp:
    """The application behind ``key``, counted against its hourly limit; else KeyRefused."""
    key = (key or "").strip()
    if not key:
        raise KeyRefused(_("An api_key is required to post a service request."), field="api_key")
    app = CLIENT_APPS.get().get(ClientApp.hash_key(key))
    if app is None:
        raise KeyRefused(_("The api_key is not valid or was revoked."), field="api_key")
    if not Limit("open311.app", app.requests_per_hour, 3600).hit(str(app.pk)):
        raise TooManyAttempts(
            _("This application sent more requests this hour than its limit allows."),
            field="api_key",
        )
    now = now or timezone.now()
    if app.last_used_at is None or now - app.last_used_at > dt.timedelta(minutes=1):
        ClientApp.objects.filter(pk=app.pk).update(last_used_at=now)
        app.last_used_at = now  # the cached copy too: written at most once a minute
    return app


def attributes(data) -> dict:
    """``attribute[code]=v`` and ``attribute[code][]=v`` (repeated) as answers by code."""
    answers: dict = {}
    for name in data:
        match = ATTRIBUTE.match(name)
        if match:
            values = data.getlist(name)
            answers[match.group(1)] = values if match.group(2) else (values[-1] if values else "")
    return answers


def _name(first: str, last: str) -> str:
    first, last = first.strip(), last.strip()
    if CJK.search(first + last):
        return last + first  # 王 + 小明
    return " ".join(p for p in (first, last) if p)


def _problems(data) -> list[DomainError]:
    """What is missing or malformed, all of it (the intake then checks the rest)."""
    found = []
    if not (data.get("service_code") or "").strip():
        found.append(DomainError(_("service_code was not provided."), field="service_code"))
    lat, lon = (data.get("lat") or "").strip(), (data.get("long") or "").strip()
    if bool(lat) != bool(lon):
        found.append(DomainError(_("lat and long must be sent together."), field="lat"))
    if not (lat or (data.get("address_string") or "").strip() or data.get("address_id")):
        found.append(
            DomainError(
                _("A location is required: lat and long, address_string or address_id."),
                field="lat",
            )
        )
    for name in ("lat", "long"):
        value = (data.get(name) or "").strip()
        if value:
            try:
                float(value)
            except ValueError:
                found.append(
                    DomainError(_("%(name)s is not a number.") % {"name": name}, field=name)
                )
    return found


@dataclass
class Posted:
    case: Case
    token: str | None  # batch services answer with a token instead of the case number
    notice: str
    replayed: bool = False  # the idempotency key was seen: the first request's answer


def request_post(*, app: ClientApp, data, files, idempotency_key: str = "") -> Posted:
    """A service request into the loop. With an ``idempotency_key`` already used by this
    application, the case (and token) made the first time: the intake's own replay, the key
    kept per application so that two applications' keys never meet."""
    problems = _problems(data)
    if problems:
        raise Problems(problems)
    code = data["service_code"].strip().upper()
    case_class = active_class(code)
    if case_class is None or not case_class.public:
        raise Problems(
            [DomainError(_("service_code “%(code)s” was not found.") % {"code": code})], 404
        )
    source = {"client": app.name, "client_id": app.pk}
    for name in ("device_id", "account_id", "media_url"):
        if data.get(name):
            source[name] = data[name]  # each at most as long as arguments.LONGEST allows
    report = Report(
        case_class=code,
        channel=Channel.OPEN311,
        description=data.get("description", ""),
        lon=data.get("long") or None,
        lat=data.get("lat") or None,
        building=(data.get("address_id") or "").strip(),
        address=(data.get("address_string") or "").strip(),
        answers=attributes(data),
        reporter_name=_name(data.get("first_name", ""), data.get("last_name", "")),
        reporter_phone=data.get("phone", ""),
        reporter_email=data.get("email", ""),
        photos=files.getlist("media"),
        photos_field="media",
        source=source,
        idempotency_key=f"app{app.pk}:{idempotency_key}" if idempotency_key else "",
    )
    if case_class.service_type != "batch":
        case = case_report(actor=None, report=report)
        return Posted(case, None, notice(case_class), case.replayed)
    with transaction.atomic():  # the case and its token together
        case = case_report(actor=None, report=report)
        token = RequestToken.objects.filter(case=case, app=app).first() if case.replayed else None
        token = token or RequestToken.objects.create(
            token=secrets.token_hex(16), case=case, app=app
        )
    return Posted(case, token.token, notice(case_class), case.replayed)


def notice(case_class) -> str:
    return _notice(case_class.handle_limit, case_class.handle_unit, get_language())


@functools.lru_cache(maxsize=512)
def _notice(limit, unit: str, language: str) -> str:
    # the same few texts for every item of a list of 1,000 requests: made once
    return _(
        "Received. The responsible unit is told at once and handles it within %(limit)s %(unit)s."
    ) % {"limit": f"{limit:g}", "unit": TimeUnit(unit).label}
