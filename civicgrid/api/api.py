"""The REST API v1: one NinjaAPI, routers from each app, one error mapping."""

from functools import wraps

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from civicgrid.accounts import permissions
from civicgrid.accounts.api import router as accounts_router
from civicgrid.accounts.api_audit import router as power_audit_router
from civicgrid.accounts.api_calendar import router as calendar_router
from civicgrid.accounts.api_org import router as organisation_router
from civicgrid.burden.api import router as duties_router
from civicgrid.burden.api_burden import router as burden_router
from civicgrid.campaigns.api import router as campaigns_router
from civicgrid.cases.api import router as cases_router
from civicgrid.catalogue.api import router as catalogue_router
from civicgrid.commercial.api import router as commercial_router
from civicgrid.core.errors import DomainError, ErrorCode, errors_from_validation
from civicgrid.disputes.api import router as disputes_router
from civicgrid.disputes.api_counsel import router as counsel_router
from civicgrid.estates.api import router as estates_router
from civicgrid.evaluation.api import router as evaluation_router
from civicgrid.evaluation.api_assessments import router as assessments_router
from civicgrid.evaluation.api_consequences import router as consequences_router
from civicgrid.evaluation.api_workers import router as worker_assessments_router
from civicgrid.finance.api import router as finance_router
from civicgrid.insight.api import router as insight_router
from civicgrid.insight.api_dispatch import router as dispatch_router
from civicgrid.insight.api_knowledge import router as knowledge_router
from civicgrid.notifications.api import router as inbox_router
from civicgrid.onestop.api import router as onestop_router
from civicgrid.onestop.api_applications import router as onestop_applications_router
from civicgrid.orgs.api import router as orgs_router
from civicgrid.participation.api import router as participation_router
from civicgrid.participation.api_councils import router as councils_router
from civicgrid.participation.api_votes import router as votes_router
from civicgrid.party.api import router as party_router
from civicgrid.party.api_cobuilding import router as party_cobuilding_router
from civicgrid.party.api_members import router as party_members_router
from civicgrid.party.api_projects import router as party_projects_router
from civicgrid.registry.api import router as registry_router
from civicgrid.registry.api_addresses import router as addresses_router
from civicgrid.registry.api_areas import router as areas_router
from civicgrid.registry.api_import import router as register_import_router
from civicgrid.routing.api import router as routing_router
from civicgrid.workforce.api import router as workforce_router
from civicgrid.workforce.api_daily import router as daily_records_router
from civicgrid.workforce.api_selections import router as selections_router
from civicgrid.workforce.api_volunteers import router as volunteers_router

from .auth import AUTH
from .errors import ApiError
from .responses import declare_errors


def not_for_residents(view):
    """The docs are for staff and integrators: a signed-in resident (no staff role) gets the
    site's 404, as on every staff page (their area is the portal)."""

    @wraps(view)
    def docs(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not permissions.is_staff_member(user):
            raise Http404
        return view(request, *args, **kwargs)

    return docs


class CivicgridAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        """The generated document with the error statuses of each operation (responses.py)."""
        return declare_errors(super().get_openapi_schema(**kwargs))


api = CivicgridAPI(
    title="civicgrid API",
    version="1",
    description=(
        "The civicgrid REST API. Authenticate with a personal token (`Authorization: Bearer cg_…`, "
        "created on your tokens page) or a browser session. Everything is scoped to the caller: "
        "what is out of scope does not exist (404). Lists use keyset paging: pass `next_after` "
        "back as `after`. Personal data is masked unless you hold the right to see it, and every "
        "unmasked read is audited."
    ),
    auth=AUTH,
    urls_namespace="api-1",
    docs_url="/docs",
    docs_decorator=not_for_residents,
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, exc.as_dict(), status=exc.http_status)


@api.exception_handler(DjangoValidationError)
def model_invalid(request, exc: DjangoValidationError):
    # a model's own checks (full_clean) refused the write: the first problem names its field
    problems = errors_from_validation(exc)
    return api.create_response(
        request, {**problems[0].as_dict(), "errors": [p.as_dict() for p in problems]}, status=400
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(
        request,
        {"code": ErrorCode.NOT_FOUND, "field": None, "message": _("Not found.")},
        status=404,
    )


# Where ninja found a refused value (a query string, the path, a JSON or form body, a file), and
# the name of the parameter a body is read into: neither is part of the field's name.
SOURCES = frozenset({"query", "path", "header", "cookie", "body", "form", "file"})
BODY_PARAMETERS = frozenset({"payload"})


def field_of(loc) -> str | None:
    """The refused field as the client names it: ``["form", "hours"]`` is ``hours``, and
    ``["body", "payload", "grants", 0, "unit"]`` is ``grants.0.unit``."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in SOURCES:
        parts = parts[1:]
    if len(parts) > 1 and parts[0] in BODY_PARAMETERS:
        parts = parts[1:]
    return ".".join(parts) or None


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    first = exc.errors[0] if exc.errors else {}
    return api.create_response(
        request,
        {
            "code": ErrorCode.INVALID,
            "field": field_of(first.get("loc", [])),
            "message": first.get("msg", _("Invalid input.")),
            "errors": exc.errors,
        },
        status=422,
    )


@api.exception_handler(OverflowError)
def out_of_range(request, exc):
    # an id or a number larger than the database's integers: nothing can match it
    return api.create_response(
        request,
        {"code": ErrorCode.INVALID, "field": None, "message": _("A number is out of range.")},
        status=422,
    )


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    # ninja's own refusals (a body it cannot parse …) in the same shape as every other error
    code = {
        429: ErrorCode.RATE_LIMITED,
        403: ErrorCode.NOT_PERMITTED,
        404: ErrorCode.NOT_FOUND,
    }
    message = _("The request body cannot be read.") if exc.status_code == 400 else str(exc)
    return api.create_response(
        request,
        {"code": code.get(exc.status_code, ErrorCode.INVALID), "field": None, "message": message},
        status=exc.status_code,
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(
        request,
        {
            "code": ApiError.UNAUTHENTICATED,
            "field": None,
            "message": _("Log in or send a valid API token."),
        },
        status=401,
    )


api.add_router("/", accounts_router)
api.add_router("/", organisation_router)
api.add_router("/", power_audit_router)
api.add_router("/areas", areas_router)
api.add_router("/", registry_router)
api.add_router("/", addresses_router)
api.add_router("/", register_import_router)
api.add_router("/catalogue", catalogue_router)
api.add_router("/", cases_router)
api.add_router("/", inbox_router)
api.add_router("/", disputes_router)
api.add_router("/", counsel_router)
api.add_router("/routing", routing_router)
api.add_router("/", calendar_router)
api.add_router("/", evaluation_router)
api.add_router("/", consequences_router)
api.add_router("/", assessments_router)
api.add_router("/", worker_assessments_router)
api.add_router("/", duties_router)
api.add_router("/", burden_router)
api.add_router("/", participation_router)
api.add_router("/", councils_router)
api.add_router("/", votes_router)
api.add_router("/", orgs_router)
api.add_router("/", party_router)
api.add_router("/", party_cobuilding_router)
api.add_router("/", party_projects_router)
api.add_router("/", party_members_router)
api.add_router("/", workforce_router)
api.add_router("/", volunteers_router)
api.add_router("/", daily_records_router)
api.add_router("/", finance_router)
api.add_router("/", estates_router)
api.add_router("/", commercial_router)
api.add_router("/", campaigns_router)
api.add_router("/", onestop_router)
api.add_router("/", onestop_applications_router)
api.add_router("/", insight_router)
api.add_router("/", knowledge_router)
api.add_router("/", dispatch_router)
api.add_router("/", selections_router)
