"""What an Open311 request may send before any view reads it: the methods, the characters and
lengths of its arguments and path ids, and the idempotency key.

Anything refused here is a 400 naming the argument (405 for a method), in the spec's error
format, never a database error: PostgreSQL cannot store or compare a NUL, and an id thousands of
characters long is never meant.
"""

from __future__ import annotations

import re

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from civicgrid.cases.models import Case
from civicgrid.core.errors import DomainError
from civicgrid.core.text import column_length

# control characters; tab, line feed and carriage return are allowed in free text only
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FREE_TEXT = {"description", "address_string"}
# the longest value of each bounded argument: ids a client chooses or echoes, and what the case
# keeps (its address; the media link of its source)
LONGEST = {
    "account_id": 64,
    "device_id": 64,
    "jurisdiction_id": 64,
    "api_key": 100,
    "idempotency_key": 64,
    "address_string": column_length(Case, "address"),
    "media_url": 500,
}
PATH_IDS = {"code": "service_code", "number": "service_request_id", "token": "token"}
PATH_LONGEST = 64
IDEMPOTENCY_HEADER = "Idempotency-Key"
KEY = re.compile(r"^[\x21-\x7e]{1,64}$")  # visible ASCII, as the REST API's form field
SAFE = ("GET", "HEAD")


def _bad_value(name: str, value: str) -> DomainError | None:
    control = TEXT_CONTROL if name in FREE_TEXT else CONTROL
    if control.search(value):
        return DomainError(
            _("%(name)s holds a control character, which is not allowed.") % {"name": name},
            field=name,
        )
    longest = LONGEST.get(name)
    if longest is not None and len(value) > longest:
        return DomainError(
            _("%(name)s may be at most %(count)s characters long.")
            % {"name": name, "count": longest},
            field=name,
        )
    return None


def problems(request, path_ids: dict) -> list[DomainError]:
    """Every argument, path id and header of ``request`` that is malformed, each once."""
    found: list[DomainError] = []
    for key, value in path_ids.items():
        name = PATH_IDS.get(key, key)
        if CONTROL.search(value) or len(value) > PATH_LONGEST:
            found.append(
                DomainError(
                    _("%(name)s must be at most %(count)s characters, without control characters.")
                    % {"name": name, "count": PATH_LONGEST},
                    field=name,
                )
            )
    try:
        fields = list(request.GET.lists())
        if request.method == "POST":
            fields += list(request.POST.lists())
    except MultiPartParserError as exc:
        return [DomainError(_("The multipart body cannot be read: %(why)s") % {"why": exc})]
    except RequestDataTooBig:
        too_big = DomainError(_("The request body is too large."))
        too_big.status = 413
        return [too_big]
    except (TooManyFieldsSent, TooManyFilesSent):
        return [DomainError(_("The request has too many arguments or files."))]
    for name, values in fields:
        if CONTROL.search(name):
            found.append(
                DomainError(_("An argument's name holds a control character."), field="name")
            )
            continue
        problem = next(filter(None, (_bad_value(name, v) for v in values)), None)
        if problem is not None:
            found.append(problem)
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if key is not None and not KEY.match(key):
        found.append(
            DomainError(
                _("%(name)s must be 1 to 64 visible ASCII characters.")
                % {"name": IDEMPOTENCY_HEADER},
                field=IDEMPOTENCY_HEADER,
            )
        )
    return found


def idempotency_key(request) -> str:
    """The key a client sends to make a retried POST safe: the ``Idempotency-Key`` header, or
    the ``idempotency_key`` field the REST API takes (the header wins)."""
    return (
        request.headers.get(IDEMPOTENCY_HEADER) or request.POST.get("idempotency_key") or ""
    ).strip()
