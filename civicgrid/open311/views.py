"""Open311 GeoReport v2 at /open311/v2/: discovery, services and service definitions.

Every path ends in ``.xml`` or ``.json``; anything else under /open311/v2/ is a 404 in the
spec's error format. ``jurisdiction_id`` is optional (one district per server); when given it
must name this district.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt

from civicgrid.areas.models import Area
from civicgrid.catalogue.choices import PLACE_KINDS
from civicgrid.catalogue.selectors import active_class
from civicgrid.core.errors import DomainError
from civicgrid.core.files import stored_file
from civicgrid.core.replicas import reads_from_replica

from . import arguments, catalogue, items, reading, render
from . import services as writes
from .documents import DOCUMENTS, query_key
from .models import RequestToken
from .services import Problems

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
FORMATS = ["text/xml", "application/json"]


def jurisdictions() -> set[str]:
    """What ``jurisdiction_id`` may say: the district's division code, or a configured name."""
    codes = set(Area.objects.filter(level=2, active=True).values_list("code", flat=True))
    return codes | {j for j in settings.CIVICGRID_OPEN311_JURISDICTIONS if j}


def _jurisdiction_error(request, fmt):
    given = (
        request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id") or ""
    ).strip()
    if given and given not in jurisdictions():
        return render.errors(
            fmt,
            404,
            [("404", _("jurisdiction_id “%(id)s” was not found.") % {"id": given})],
        )
    return None


def not_allowed(request, fmt: str, allowed) -> HttpResponse:
    """405 in the spec's format, with the methods the resource takes."""
    methods = ", ".join(allowed)
    text = _("%(method)s is not allowed here; this resource takes %(methods)s.") % {
        "method": request.method,
        "methods": methods,
    }
    response = render.errors(fmt, 405, [("405", text)])
    response["Allow"] = methods
    return response


def _open311(*writes: str):
    """Checks shared by every resource: the method (GET and HEAD, and ``writes``), the
    arguments' form (arguments.py), then the jurisdiction. No resource reads a session, so
    none needs a CSRF token: a wrong method is answered 405, not the CSRF page."""
    allowed = (*arguments.SAFE, *writes)

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, fmt, **kwargs):
            if request.method == "OPTIONS":
                response = HttpResponse(status=204)
                response["Allow"] = ", ".join((*allowed, "OPTIONS"))
                return response
            if request.method not in allowed:
                return not_allowed(request, fmt, (*allowed, "OPTIONS"))
            malformed = arguments.problems(request, kwargs)
            if malformed:
                status = max(p.status for p in malformed)  # 413 for a body too large
                return domain_errors(fmt, Problems(malformed, status))
            problem = _jurisdiction_error(request, fmt)
            return problem or view(request, fmt, **kwargs)

        return csrf_exempt(wrapped)

    return decorate


@_open311()
def discovery(request, fmt):
    changed = catalogue.changeset()
    return render.document(
        fmt,
        "discovery",
        {
            "changeset": changed,
            "contact": settings.CIVICGRID_OPEN311_CONTACT or _("The district's grid centre."),
            "key_service": settings.CIVICGRID_OPEN311_KEY_SERVICE
            or _("API keys are issued by the district's administrators."),
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": request.build_absolute_uri(reverse("open311:root")).rstrip("/"),
                    "changeset": changed,
                    "type": settings.CIVICGRID_OPEN311_ENDPOINT_TYPE,
                    "formats": FORMATS,
                }
            ],
        },
    )


@_open311()
@cache_control(max_age=60)
@reads_from_replica
def services(request, fmt):
    body = catalogue.service_document(
        fmt,
        get_language(),
        lambda items: render.document(fmt, "services", items).content,
    )
    return HttpResponse(body, content_type=render.CONTENT_TYPE[fmt])


@_open311()
@cache_control(max_age=60)
def service_definition(request, fmt, code):
    case_class = active_class(code)
    if case_class is None or not case_class.public:
        return render.errors(
            fmt, 404, [("404", _("service_code “%(code)s” was not found.") % {"code": code})]
        )
    return render.document(fmt, "service_definition", catalogue.definition(case_class))


def _problem(error: DomainError) -> tuple[str, str]:
    text = f"{error.field}: {error.message}" if error.field else error.message
    return (str(error.http_status), text)


def domain_errors(fmt: str, exc: DomainError):
    """A refused request as the spec's error document (every problem when there are several)."""
    problems = getattr(exc, "problems", None) or [exc]
    status = exc.http_status if exc.http_status in (403, 404, 413, 429) else 400
    return render.errors(fmt, status, [(str(status), _problem(p)[1]) for p in problems])


@_open311("POST")
@reads_from_replica
def requests(request, fmt):
    if request.method == "POST":
        return _post(request, fmt)
    base = _base(request)
    return _listed(
        request, fmt, lambda: reading.listing(request.GET, base=base), "service_requests"
    )


def _base(request) -> str:
    """The site's address as this client reached it (photo links are absolute)."""
    return request.build_absolute_uri("/").rstrip("/")


def _listed(request, fmt, items, name):
    """A public list from the process's documents, built (``items()``) when none is current."""
    try:
        body = DOCUMENTS.get(
            query_key(fmt, get_language(), request.GET, _base(request)),
            lambda: render.document(fmt, name, items()).content,
        )
    except DomainError as exc:
        return domain_errors(fmt, exc)
    return HttpResponse(body, content_type=render.CONTENT_TYPE[fmt])


def _post(request, fmt):
    """201 with the new request; 200 with the same answer when the idempotency key was seen."""
    try:
        app = writes.app_authenticate(request.POST.get("api_key", ""))
        posted = writes.request_post(
            app=app,
            data=request.POST,
            files=request.FILES,
            idempotency_key=arguments.idempotency_key(request),
        )
    except DomainError as exc:
        return domain_errors(fmt, exc)
    item: dict[str, str | None] = (
        {"token": posted.token} if posted.token else {"service_request_id": posted.case.number}
    )
    item |= {"service_notice": posted.notice, "account_id": request.POST.get("account_id") or None}
    return render.document(fmt, "service_requests", [item], status=200 if posted.replayed else 201)


@_open311()
def request_one(request, fmt, number):
    # read on the primary: a client reads back what it just posted, and keeps no cookie to pin it
    notes = reading.wants_notes(request.GET)
    try:
        found = reading.one(number, base=_base(request), notes=notes)
    except DomainError as exc:
        return domain_errors(fmt, exc)
    return render.document(fmt, "service_requests", [found])


@_open311()
@reads_from_replica
def request_updates(request, fmt):
    base = _base(request)
    return _listed(
        request, fmt, lambda: reading.updates(request.GET, base=base), "service_requests_updates"
    )


@_open311()
def token(request, fmt, token):
    found = RequestToken.objects.select_related("case").filter(token=token).first()
    if found is None:
        return render.errors(
            fmt, 404, [("404", _("token “%(token)s” was not found.") % {"token": token})]
        )
    return render.document(
        fmt,
        "service_requests",
        [{"service_request_id": found.case.number, "token": found.token}],
    )


@csrf_exempt
def media(request, attachment_id, ext):
    """A photo staff chose to show, of a published case (decision 0008); anything else is 404."""
    if request.method not in arguments.SAFE:
        return not_allowed(request, "xml", arguments.SAFE)
    photo = (
        items.public_photos()
        .filter(
            pk=attachment_id,
            case__case_class__public=True,
            case__case_class__kind__in=PLACE_KINDS,
        )
        .only("file", "content_type")
        .first()
    )
    if photo is None or items.EXTENSION.get(photo.content_type, "jpg") != ext:
        return render.errors("xml", 404, [("404", _("No such photo."))])
    return stored_file(photo.file, photo.content_type, cache="public, max-age=300")


@csrf_exempt  # a write to no resource is a 404 in the spec's format, not the CSRF page
def not_found(request, rest=""):
    fmt = "json" if rest.endswith(".json") else "xml"
    return render.errors(fmt, 404, [("404", _("No such Open311 resource."))])
