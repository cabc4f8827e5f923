"""The people of the register (人): persons, their tags, where they live, and the audit of
every unmasked read of their personal data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicgrid.accounts.choices import Sensitivity
from civicgrid.core.models import BaseModel

from ..choices import (
    AccessChannel,
    Gender,
    IdType,
    Relation,
    ResidenceKind,
    ResidenceType,
    TagGroup,
)
from .base import EncryptedPii, RegisterModel, grid_fk, pii_fields
from .places import House, Household


class Tag(BaseModel):
    """A GB/T 31000 group ("9+X") a person may belong to, with its sensitivity."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    group = models.CharField(_("group"), max_length=20, choices=TagGroup.choices)
    sensitivity = models.PositiveSmallIntegerField(
        _("sensitivity"), choices=Sensitivity.choices, default=Sensitivity.INTERNAL
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["group", "code"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class Person(EncryptedPii, RegisterModel):
    """A person in the register (实有人口)."""

    name = models.CharField(pgettext_lazy("person", "name"), max_length=50, db_index=True)
    id_type = models.CharField(
        _("document type"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    id_number_enc, id_number_index, id_number_masked = pii_fields("id_number", _("ID number"))
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    phone_enc, phone_index, phone_masked = pii_fields("phone", _("phone"))
    residence_type = models.CharField(
        _("residence type"),
        max_length=20,
        choices=ResidenceType.choices,
        default=ResidenceType.REGISTERED,
    )
    grid = grid_fk("persons", db_index=False)
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    relation = models.CharField(
        _("relation to householder"), max_length=20, choices=Relation.choices, blank=True
    )
    tags: models.ManyToManyField[Tag, PersonTag] = models.ManyToManyField(
        Tag, verbose_name=_("tags"), through="PersonTag", related_name="persons", blank=True
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Cleared when a person moves away or dies.")
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [
            # a grid's persons in id order; the type is carried so that "this area, this
            # type" is answered from the index alone (PostgreSQL; SQLite ignores INCLUDE)
            models.Index(
                fields=["grid", "id"], include=["residence_type"], name="person_grid_type"
            ),
            models.Index(fields=["phone_index"], name="person_phone_index"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_index"],
                name="uniq_person_id_number",
                violation_error_message=_("A person with this ID number is already registered."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def birth_year(self) -> int | None:
        """What is shown beside a masked ID number: the date would fill in its hidden digits."""
        return self.birth_date.year if self.birth_date else None


class PersonTag(BaseModel):
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="person_tags",
        db_index=False,  # the (person, tag) unique index serves look-ups by person
    )
    tag = models.ForeignKey(
        Tag, verbose_name=_("tag"), on_delete=models.PROTECT, related_name="person_tags"
    )
    since = models.DateField(_("since"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["person", "tag"]
        verbose_name = _("person tag")
        verbose_name_plural = _("person tags")
        constraints = [models.UniqueConstraint(fields=["person", "tag"], name="uniq_person_tag")]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.tag_id}"


class Residence(RegisterModel):
    """A person's relation to a house (自住/租住/寄住)."""

    scope_path = "person__grid__path"

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="residences",
        db_index=False,  # the (person, house) unique index serves look-ups by person
    )
    house = models.ForeignKey(
        House, verbose_name=_("house"), on_delete=models.CASCADE, related_name="residences"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ResidenceKind.choices)
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        ordering = ["house", "person"]
        verbose_name = _("residence")
        verbose_name_plural = _("residences")
        constraints = [models.UniqueConstraint(fields=["person", "house"], name="uniq_residence")]

    def __str__(self) -> str:
        return f"{self.person} @ {self.house}"


class PiiAccess(models.Model):
    """Audit: every unmasked view of personal data (who, whose, when, from where, how)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=120, help_text=_("Whose data, as shown."))
    fields = models.CharField(_("fields"), max_length=100)
    count = models.PositiveIntegerField(_("records"), default=1)
    channel = models.CharField(_("channel"), max_length=10, choices=AccessChannel.choices)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    request_path = models.CharField(_("request"), max_length=200, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")

    def __str__(self) -> str:
        return f"{self.user_id} {self.subject} {self.at:%Y-%m-%d %H:%M}"
