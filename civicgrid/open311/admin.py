"""Open311 client applications: district administrators issue, limit and revoke their keys."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.admin_scoping import RulesAdmin, who

from . import services
from .models import ClientApp


@admin.register(ClientApp)
class ClientAppAdmin(RulesAdmin):
    list_display = ("name", "hint", "requests_per_hour", "last_used_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "contact")
    fields = ("name", "contact", "requests_per_hour", "hint", "last_used_at", "revoked_at")
    readonly_fields = ("hint", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if change:
            services.app_change(app=obj, **who(request))
            return
        app, key = services.app_issue(
            name=obj.name,
            contact=obj.contact,
            requests_per_hour=obj.requests_per_hour,
            by=request.user,
            address=who(request)["address"],
        )
        obj.pk = app.pk
        messages.warning(
            request,
            _("The key of %(name)s is %(key)s — copy it now: it is not shown again.")
            % {"name": app.name, "key": key},
        )

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the cases it posted keep pointing at it

    @admin.action(description=_("Revoke the keys of the selected applications"))
    def revoke(self, request, queryset):
        for app in queryset:
            services.app_revoke(app=app, **who(request))
        messages.success(request, _("Revoked."))
