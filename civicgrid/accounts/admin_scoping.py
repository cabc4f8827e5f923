"""Admin base classes: non-superuser administrators see and change only their subtree.

The admin is one more interface onto the core: every choice of a related row is limited to the
administrator's scope, saves go through the services (which check and audit), and a saved row
that would leave the administrator's scope is refused (the whole change is rolled back).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from civicgrid.areas.models import Area
from civicgrid.core.client import client_address
from civicgrid.core.errors import DomainError

from . import permissions
from .managed import users_in_scope
from .scope import areas_visible_to

if TYPE_CHECKING:
    # The mixins here join an admin class; mypy checks their super() calls against it.
    AdminMixin = admin.options.BaseModelAdmin[Any]
    ModelAdminMixin = admin.ModelAdmin[Any]
else:
    AdminMixin = ModelAdminMixin = object


class PredicatePermissions(AdminMixin):
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


def in_scope(queryset, user):
    """Rows of a related model the administrator may pick: those where they administer."""
    if permissions.is_everywhere(user):
        return queryset
    if queryset.model is get_user_model():
        return queryset.filter(pk__in=users_in_scope(user).values("pk"))
    if queryset.model is Area:
        return areas_visible_to(user, permissions.MANAGE_USERS, among=queryset)
    visible_to = getattr(queryset, "visible_to", None)
    if visible_to is None:
        return queryset
    try:
        return visible_to(user, permissions.MANAGE_USERS)
    except TypeError:  # a model scoped by its own rule (cases)
        return visible_to(user)


class ScopeChoices(AdminMixin):
    """Foreign-key and many-to-many choices limited to the user's scope (raw-id fields too:
    the form field validates the typed id against the same queryset)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = in_scope(field.queryset, request.user)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = in_scope(field.queryset, request.user)
        return field


class ViewOnly:
    """Shown in the admin, never added, changed or deleted there: changed on the pages, where the
    rules apply, or a record nobody changes. Put it first among the bases."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AdminOnly:
    def _allowed(self, request) -> bool:
        return permissions.can_use_account_admin(request.user)


class ScopedInline(AdminOnly, ScopeChoices, PredicatePermissions):
    """An inline of a scoped admin: its rows and choices in the administrator's scope."""

    def get_queryset(self, request):
        return in_scope(super().get_queryset(request), request.user)


class ScopedAdmin(AdminOnly, ScopeChoices, PredicatePermissions, admin.ModelAdmin):
    """Rows filtered by the model's ``visible_to`` where the user administers (their admin
    grants' subtrees); access needs the admin role somewhere."""

    def get_queryset(self, request):
        return in_scope(super().get_queryset(request), request.user)

    def has_delete_permission(self, request, obj=None):
        # Register rows are retired or corrected, never deleted from the admin.
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.recheck(request, obj)

    def recheck(self, request, obj) -> None:
        """After saving: the row must still be in the user's scope, else all is rolled back
        (the admin's change view runs in a transaction)."""
        if not self.get_queryset(request).filter(pk=obj.pk).exists():
            raise PermissionDenied


def address(request) -> str | None:
    return client_address(request)


def add_domain_error(form, exc: DomainError) -> None:
    """Show a refusal of the services on the form: on its field when the form has it."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


class RulesAdmin(RulesPermissions, ScopeChoices, admin.ModelAdmin):
    """District-wide configuration; units, areas and people offered are the user's own."""


class RulesInline(RulesPermissions, ScopeChoices):
    """An inline of a ``RulesAdmin``: the same permission and choices."""


def who(request) -> dict:
    """The actor and address a change made in the admin is audited with."""
    return {"actor": request.user, "address": client_address(request)}
