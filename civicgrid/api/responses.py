"""The error statuses each operation of the OpenAPI document really returns.

A router declares what its view returns itself (200, 201, an import's 400 …); the errors come
from the one mapping in api.py, whatever the view: a domain error (400, 403 not permitted, 404 out
of scope, 409 conflict, 429 a rate limit), ninja's validation (422), the authentication (401).
They are added to the document here, from what each operation takes, so that none is left out
and a new operation gets them too. Only the document changes: a router's own declarations,
which ninja uses to answer, are left as they are (and win where they name the same status).
"""

from __future__ import annotations

from civicgrid.core.api.schemas import ErrorOut

WRITES = {"post", "put", "patch", "delete"}
PAGING = {"after", "limit", "order"}
ERROR = "ErrorOut"
DESCRIPTION = {
    400: "The request was refused: `field` names the argument to fix.",
    401: "Log in or send a valid API token.",
    403: "In scope, but your roles do not allow this.",
    404: "Not found, or out of your scope (which is the same for you).",
    409: "The object changed or is in a state where this cannot happen.",
    422: "An argument is malformed or out of range: `field` names it.",
    429: "Too many attempts: try again later.",
}


def statuses(method: str, operation: dict) -> set[int]:
    """The error statuses ``operation`` (a path item's ``method``) can answer."""
    params = operation.get("parameters", [])
    where = {p.get("in") for p in params}
    filters = {p.get("name") for p in params if p.get("in") == "query"} - PAGING
    found: set[int] = set()
    if operation.get("security"):
        found.add(401)
    if method in WRITES:
        # a write checks roles, the scope of every id it is given, the object's state, its input
        found |= {400, 403, 404, 409, 422}
    if "path" in where:
        found |= {404, 422}
    if "query" in where:
        found.add(422)  # the types and ranges of every argument, by ninja
    if filters:
        found |= {400, 404}  # what a filter names, by the domain: refused, or not in scope
    return found


def declare_errors(document: dict) -> dict:
    """Add to every operation of ``document`` the error statuses it can answer (in place)."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault(ERROR, ErrorOut.model_json_schema())
    error = {"$ref": f"#/components/schemas/{ERROR}"}
    for item in document.get("paths", {}).values():
        for method, operation in item.items():
            responses = operation.setdefault("responses", {})
            for status in sorted(statuses(method, operation)):
                own = responses.get(status) or responses.get(str(status))
                if own is None:
                    responses[status] = {
                        "description": DESCRIPTION[status],
                        "content": {"application/json": {"schema": error}},
                    }
                    continue
                # the view's own body for this status (an import's report …), or the mapping's
                body = own.get("content", {}).get("application/json")
                if body and body.get("schema") != error:
                    body["schema"] = {"anyOf": [body["schema"], error]}
    return document
