"""Admin base class: non-superuser administrators see and change only their subtree."""

from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured

from . import permissions


class PredicatePermissions:
    """Every admin permission answered by one predicate, ``_allowed`` (admins and inlines)."""

    def _allowed(self, request) -> bool:
        raise ImproperlyConfigured(f"{type(self).__name__} must define _allowed")

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, obj=None):  # inlines pass the parent object
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)


class RulesPermissions(PredicatePermissions):
    """District-wide configuration (catalogue, routing, calendar): administrators granted on the
    district edit it."""

    def _allowed(self, request) -> bool:
        return permissions.can_manage_rules(request.user)


class ScopedAdmin(PredicatePermissions, admin.ModelAdmin):
    """Rows filtered by the model's ``visible_to``; access needs the admin role somewhere."""

    def _allowed(self, request) -> bool:
        return (
            request.user.is_active
            and request.user.is_staff
            and (permissions.can_manage_users(request.user))
        )

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.visible_to(request.user)

    def has_delete_permission(self, request, obj=None):
        # Register rows are retired or corrected, never deleted from the admin.
        return request.user.is_superuser
