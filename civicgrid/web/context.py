"""Template context shared by every page."""

from django.conf import settings
from django.core.cache import cache

from civicgrid.accounts import permissions
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.notifications.selectors import unread_count

DISTRICT_CACHE_KEY = "civicgrid:web:district-name"
DISTRICT_CACHE_SECONDS = 300

# which menu of the top bar a page belongs to (web/_nav_staff.html marks it), by URL namespace
SECTIONS = {
    "cases": "work",
    "disputes": "work",
    "registry": "data",
    "areas": "data",
    "evaluation": "evaluation",
    "duties": "governance",
    "participation": "governance",
    "onestop": "governance",
    "insight": "work",
    "orgs": "governance",
    "party": "governance",
    "workforce": "governance",
    "accounts": "system",
    "admin": "system",
}
SECTIONS_BY_NAME = {"command": "work", "phone": "phone", "patrol": "phone"}


def district_name() -> str:
    """The name shown beside the product's in the top bar: the (first) district, else the city."""
    name = cache.get(DISTRICT_CACHE_KEY)
    if name is None:
        top = (
            Area.objects.filter(active=True, level__lte=AreaLevel.DISTRICT)
            .order_by("-level", "path")
            .values_list("name", flat=True)
            .first()
        )
        name = top or ""
        cache.set(DISTRICT_CACHE_KEY, name, DISTRICT_CACHE_SECONDS)
    return name


def section(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    if match.url_name in SECTIONS_BY_NAME and not match.namespace:
        return SECTIONS_BY_NAME[match.url_name]
    if match.namespace == "evaluation" and match.url_name and match.url_name.startswith("round"):
        return "governance"
    return SECTIONS.get(match.namespace.split(":")[0], "") if match.namespace else ""


def civicgrid(request):
    user = getattr(request, "user", None)
    roles = permissions.roles(user) if user is not None else []
    return {
        "cg_roles": roles,
        # staff of any unit (not residents only): the duty lists, tasks, complaints and burden
        "cg_staff": bool(user) and permissions.is_staff_member(user),
        "cg_can_import": bool(user and permissions.can_import_register(user)),
        "cg_can_manage_users": bool(user and permissions.can_manage_users(user)),
        "cg_unread": (lambda: unread_count(user=user)) if user and user.is_authenticated else 0,
        "cg_tile_url": settings.CIVICGRID_TILE_URL,
        "cg_tile_attribution": settings.CIVICGRID_TILE_ATTRIBUTION,
        "cg_district": district_name,
        "cg_section": section(request),
    }
