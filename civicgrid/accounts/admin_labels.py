"""The admin in Chinese throughout. Two libraries show the administrator words they carry no
Chinese for: django-axes (the login lockout's records, decision 0001) and a few of Django's own
newer admin strings. Their msgids are marked here so that civicgrid's catalogue carries their
Chinese (a project's catalogue is read before a library's); and axes' app, which names itself
"Axes" without marking it for translation, gets a translatable name."""

from django.apps import apps
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# django-axes: its models, fields, filter, fieldsets and action, as axes writes them
AXES_MSGIDS = (
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Access Attempt"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("Locked Out"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Not set"),
    gettext_noop("Attempt Remaining"),
)

# Django's admin: strings newer than its Chinese catalogue
DJANGO_MSGIDS = (
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
)


def name_axes() -> None:
    """Axes' app label in the admin's index and breadcrumbs."""
    if apps.is_installed("axes"):
        apps.get_app_config("axes").verbose_name = _("Login attempts")


def name_the_site() -> None:
    """The admin's header and titles: the platform's name, not Django's."""
    admin.site.site_header = _("civicgrid administration")
    admin.site.site_title = _("civicgrid administration")
    admin.site.index_title = _("System administration")


# Model permissions are stored in English when the database is created ("Can add case"); the
# admin's permission pickers name them in the user's language instead.
PERMISSION_ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def permission_label(permission) -> str:
    """ "<app> | <model> | <what it allows>" in the current language, for a permission picker."""
    model = permission.content_type.model_class()
    if model is None:  # a model since removed: as stored
        return str(permission)
    action = permission.codename.split("_", 1)[0]
    meta = model._meta
    app = apps.get_app_config(meta.app_label).verbose_name
    what = PERMISSION_ACTIONS.get(action)
    shown = what % {"model": meta.verbose_name} if what is not None else permission.name
    return f"{app} | {meta.verbose_name} | {shown}"


class PermissionPickers:
    """A ModelAdmin mixin: the permission pickers (user_permissions, permissions) name each
    permission with ``permission_label``."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
        if field is not None and db_field.name in ("user_permissions", "permissions"):
            field.label_from_instance = permission_label
        return field
