"""The portal's address suggestions (``/portal/addresses``): building level only, for anyone,
rate-limited per client address like the portal's other searches (decision 0006)."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from civicgrid.core.client import client_address
from civicgrid.core.ratelimit import Limit

from .search import suggest

SUGGEST_LIMIT = Limit("portal.addresses", 600, 3600)


@require_GET
def portal_suggest(request):
    """``{"items": [...]}`` as the staff API answers, building-level entries only."""
    if not SUGGEST_LIMIT.hit(client_address(request) or "unknown"):
        return JsonResponse(
            {"detail": _("Too many searches from here. Please wait a little."), "items": []},
            status=429,
        )
    try:
        limit = int(request.GET.get("limit", 8))
    except ValueError:
        limit = 8
    found = suggest(request.GET.get("q", "")[:200], limit=limit, public=True)
    return JsonResponse({"items": [c.as_json() for c in found]})
