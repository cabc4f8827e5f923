"""Users, organisation units, role grants and API tokens."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicgrid.core import pii
from civicgrid.core.models import BaseModel

from .choices import Role, Sensitivity, UnitKind
from .permissions import scope_filter


class User(AbstractUser):
    """A person who logs in. What they see comes from their role assignments."""

    display_name = models.CharField(pgettext_lazy("person", "name"), max_length=100, blank=True)
    # the account holder's own phone (a resident fills it in once; their reports start from it):
    # encrypted like every phone (DOMAIN.md §3), shown masked to anyone but its owner
    phone_enc = models.TextField(_("phone (encrypted)"), blank=True, editable=False)
    phone_masked = models.CharField(_("phone (masked)"), max_length=20, blank=True, editable=False)

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    def own_phone(self) -> str:
        """The phone in clear, for its owner only (their own page, their report form)."""
        return pii.decrypt(self.phone_enc) if self.phone_enc else ""


class ScopedQuerySet(models.QuerySet):
    """``visible_to(user)`` filters by the model's ``scope_path`` (a path-prefix match)."""

    scope_capability: str | None = None

    def visible_to(self, user, capability: str | None = None):
        return self.filter(
            scope_filter(user, self.model.scope_path, capability or self.model.scope_capability)
        )


class OrgUnit(BaseModel):
    """An organisation: a department (条), a street or community body (块), a centre, or others."""

    scope_path = "area__path"
    scope_capability = None

    kind = models.CharField(_("kind"), max_length=30, choices=UnitKind.choices, db_index=True)
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=40, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("area served"),
        on_delete=models.PROTECT,
        related_name="org_units",
    )
    active = models.BooleanField(_("active"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["area__path", "kind", "name"]
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")

    def __str__(self) -> str:
        return self.name


class RoleAssignment(BaseModel):
    """``user`` holds ``role`` on ``unit``; the grant covers the unit's area subtree."""

    scope_path = "unit__area__path"
    scope_capability = "manage_users"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="assignments"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    view_pii = models.BooleanField(
        _("may view personal data"),
        default=False,
        help_text=_("Unmasked ID numbers and phones in this unit's area; every view is audited."),
    )
    tag_clearance = models.PositiveSmallIntegerField(
        _("tag clearance"),
        choices=Sensitivity.choices,
        default=Sensitivity.PUBLIC,
        help_text=_("Names of people with tags up to this sensitivity are visible."),
    )
    active = models.BooleanField(_("active"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["user__username", "role"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                name="uniq_role_assignment",
                violation_error_message=_("This user already holds this role on this unit."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(BaseModel):
    """A personal API token. Only its SHA-256 is stored; the secret is shown once at creation."""

    PREFIX = "cg_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    hint = models.CharField(_("hint"), max_length=12, editable=False)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def new_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)
