"""Template context shared by every page."""

from django.conf import settings

from civicgrid.accounts import permissions
from civicgrid.notifications.selectors import unread_count


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
    }
