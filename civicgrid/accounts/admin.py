"""Users, units, grants and tokens in the admin: scoped to where the user administers, saved
through the services (which check the actor's powers and write the audit trail of powers)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from civicgrid.core.errors import DomainError

from . import (
    admin_calendar,  # noqa: F401  (registers the calendar and the audit trail)
    admin_labels,
    managed,
    services,
)
from .admin_scoping import (
    AdminOnly,
    ModelAdminMixin,
    PredicatePermissions,
    ScopeChoices,
    ScopedAdmin,
    ScopedInline,
    add_domain_error,
    address,
)
from .models import ApiToken, OrgUnit, RoleAssignment, User

SUPERUSER_ONLY = ("is_superuser", "groups", "user_permissions")

admin_labels.name_axes()
admin_labels.name_the_site()


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(admin_labels.PermissionPickers, BaseGroupAdmin):
    """Django's groups, their permissions named in the user's language."""


class GrantForm(forms.ModelForm):
    """Refuses, as form errors, a grant beyond the administrator's own scope and powers."""

    actor = None  # set by the admin's get_form / get_formset

    class Meta:
        model = RoleAssignment
        fields = ("user", "unit", "role", "view_pii", "tag_clearance", "active")

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        grant = self.instance
        user = cleaned.get("user") or getattr(grant, "user", None)
        unit = cleaned.get("unit") or (grant.unit if grant.unit_id else None)
        if self.errors or user is None or unit is None:
            return cleaned
        old = RoleAssignment.objects.filter(pk=grant.pk).first() if grant.pk else None
        try:
            if old is not None and (
                old.user_id != user.pk
                or old.unit_id != unit.pk
                or old.role != cleaned.get("role", old.role)
            ):
                raise DomainError(
                    str(_("End this grant and grant the new role instead.")), field="role"
                )
            if old is not None and not cleaned.get("active", True):
                if old.active:
                    services.role_end_check(self.actor, old)
                return cleaned
            services.grant_check(
                self.actor,
                user=user,
                unit=unit,
                view_pii=cleaned.get("view_pii", False),
                tag_clearance=cleaned.get("tag_clearance", 0),
                before=old if old is not None and old.active else None,
            )
        except DomainError as exc:
            add_domain_error(self, exc)
        return cleaned


def save_grant(request, grant: RoleAssignment) -> RoleAssignment:
    if grant.pk:
        return services.role_change(grant=grant, actor=request.user, address=address(request))
    return services.role_assign(
        user=grant.user,
        unit=grant.unit,
        role=grant.role,
        view_pii=grant.view_pii,
        tag_clearance=grant.tag_clearance,
        actor=request.user,
        address=address(request),
    )


class AccountForm(forms.ModelForm):
    """Refuses, as a form error, deactivating oneself (the services refuse it too)."""

    actor = None

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if self.instance.pk == getattr(self.actor, "pk", None) and not cleaned.get(
            "is_active", True
        ):
            self.add_error("is_active", _("You cannot deactivate yourself."))
        return cleaned


class RoleAssignmentInline(ScopedInline, admin.TabularInline):
    model = RoleAssignment
    form = GrantForm
    fields = ("unit", "role", "view_pii", "tag_clearance", "active")
    extra = 0
    raw_id_fields = ("unit",)
    can_delete = False  # grants are ended (unticked "active"), never deleted

    def has_delete_permission(self, request, obj=None):
        return False

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type("ActorGrantForm", (formset.form,), {"actor": request.user})
        return formset


@admin.register(User)
class UserAdmin(
    AdminOnly, ScopeChoices, PredicatePermissions, admin_labels.PermissionPickers, BaseUserAdmin
):
    """Administrators change the accounts wholly in their scope; superuser status, groups and
    model permissions are a superuser's to give; accounts are added through the API or the CLI
    (with their grants), or by a superuser."""

    fieldsets = (*(BaseUserAdmin.fieldsets or ()), (_("civicgrid"), {"fields": ("display_name",)}))
    list_display = ("username", "display_name", "is_active", "is_staff", "last_login")
    inlines = [RoleAssignmentInline]

    def get_queryset(self, request):
        return managed.users_managed(request.user).order_by("username")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (AccountForm, form), {"actor": request.user})

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return self.readonly_fields
        return (*self.readonly_fields, *SUPERUSER_ONLY, "last_login", "date_joined")

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        services.user_save(user=obj, actor=request.user, address=address(request))

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        for grant in formset.save(commit=False):
            grant.user = form.instance
            save_grant(request, grant)
        return None


class UnitForm(forms.ModelForm):
    actor = None

    class Meta:
        model = OrgUnit
        fields = ("kind", "name", "code", "parent", "area", "active")

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if not self.errors:
            unit = OrgUnit(
                pk=self.instance.pk, **{f: cleaned.get(f) for f in ("parent", "area", "code")}
            )
            try:
                services.orgunit_check(unit=unit, actor=self.actor)
            except DomainError as exc:
                add_domain_error(self, exc)
        return cleaned


class ActorForm(ModelAdminMixin):
    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})


@admin.register(OrgUnit)
class OrgUnitAdmin(ActorForm, ScopedAdmin):
    form = UnitForm
    list_display = ("name", "code", "kind", "area", "active")
    list_filter = ("kind", "active")
    search_fields = ("name", "code")
    raw_id_fields = ("parent", "area")

    def save_model(self, request, obj, form, change):
        services.orgunit_save(unit=obj, actor=request.user)
        self.recheck(request, obj)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ActorForm, ScopedAdmin):
    form = GrantForm
    list_display = ("user", "role", "unit", "view_pii", "tag_clearance", "active")
    list_filter = ("role", "view_pii", "active")
    search_fields = ("user__username", "unit__name")
    raw_id_fields = ("user", "unit")

    def get_readonly_fields(self, request, obj=None):
        return ("user", "unit", "role") if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        return False  # ended (untick "active"), so the record of who held what stays

    def save_model(self, request, obj, form, change):
        saved = save_grant(request, obj)
        obj.pk = saved.pk
        self.recheck(request, saved)


@admin.register(ApiToken)
class ApiTokenAdmin(AdminOnly, PredicatePermissions, admin.ModelAdmin):
    """Tokens of the accounts an administrator manages: shown, and revoked (audited)."""

    list_display = ("name", "user", "hint", "created_at", "last_used_at", "revoked_at")
    fields = ("name", "user", "hint", "created_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    search_fields = ("name", "user__username")
    actions = ["revoke"]

    def get_queryset(self, request):
        users = managed.users_managed(request.user).values("pk")
        return super().get_queryset(request).filter(user__in=users)

    def has_add_permission(self, request, obj=None):
        return False  # tokens are created from the user's page, where the secret is shown once

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset:
            services.token_revoke(token=token, actor=request.user, address=address(request))
        messages.success(request, _("The token was revoked."))
