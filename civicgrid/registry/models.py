"""The register (两个实有): buildings, houses, households, people, tags, units, visits, posts.

Scope: each model names the path of the grid it sits in (``scope_path``). ID numbers and phones
are stored only as Fernet ciphertext, an HMAC blind index and a masked form (see core/pii.py).
"""

from django.conf import settings
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicgrid.accounts.choices import Sensitivity
from civicgrid.accounts.models import ScopedQuerySet
from civicgrid.accounts.permissions import VIEW_REGISTER
from civicgrid.core import pii
from civicgrid.core.models import BaseModel

from . import choices as c


class RegisterModel(BaseModel):
    scope_path = "grid__path"
    scope_capability = VIEW_REGISTER

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


def grid_fk(related_name: str, db_index: bool = True):
    """The grid a row sits in. Models with a (grid, id) index pass ``db_index=False``: that
    index already serves grid look-ups, and each extra index slows large imports."""
    return models.ForeignKey(
        "areas.Area",
        verbose_name=_("grid"),
        on_delete=models.PROTECT,
        related_name=related_name,
        db_index=db_index,
    )


class EncryptedPii:
    """Mixin: ``<field>_enc``/``_index``/``_masked`` triples, read through ``reveal``."""

    def set_pii(self, field: str, value: str, mask) -> None:
        setattr(self, f"{field}_enc", pii.encrypt(value))
        setattr(self, f"{field}_index", pii.blind_index(value))
        setattr(self, f"{field}_masked", mask(value))

    def reveal(self, field: str) -> str:
        return pii.decrypt(getattr(self, f"{field}_enc"))


def pii_fields(name: str, label):
    """(ciphertext, blind index, masked) fields. Index the blind index in ``Meta.indexes`` (a plain
    btree: exact look-ups only, so no pattern-ops twin on PostgreSQL)."""
    return (
        models.TextField(
            format_lazy(_("{label} (encrypted)"), label=label), blank=True, editable=False
        ),
        models.CharField(
            format_lazy(_("{label} (blind index)"), label=label),
            max_length=64,
            blank=True,
            editable=False,
        ),
        models.CharField(
            format_lazy(_("{label} (masked)"), label=label), max_length=32, blank=True
        ),
    )


class Building(RegisterModel):
    """A building (楼栋); its register is 一栋一册."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200)
    grid = grid_fk("buildings", db_index=False)
    building_type = models.CharField(
        _("type"), max_length=20, choices=c.BuildingType.choices, default=c.BuildingType.RESIDENTIAL
    )
    floors = models.PositiveSmallIntegerField(_("floors"), default=1)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    property_company = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name=_("property company"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_buildings",
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        indexes = [models.Index(fields=["grid", "id"], name="building_grid_id")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class House(RegisterModel):
    """A dwelling or premises inside a building."""

    scope_path = "building__grid__path"

    building = models.ForeignKey(
        Building, verbose_name=_("building"), on_delete=models.PROTECT, related_name="houses"
    )
    entrance = models.CharField(_("entrance (unit)"), max_length=10, blank=True)
    room = models.CharField(_("room"), max_length=20)
    use = models.CharField(
        _("use"), max_length=20, choices=c.HouseUse.choices, default=c.HouseUse.OWNER_OCCUPIED
    )
    floor_area = models.DecimalField(
        _("floor area (m²)"), max_digits=8, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["building", "entrance", "room"]
        verbose_name = _("house")
        verbose_name_plural = _("houses")
        constraints = [
            models.UniqueConstraint(
                fields=["building", "entrance", "room"],
                name="uniq_house_in_building",
                violation_error_message=_(
                    "This building already has a house with this entrance and room."
                ),
            )
        ]

    def __str__(self) -> str:
        label = f"{self.entrance}-{self.room}" if self.entrance else self.room
        return f"{self.building.name} {label}"


class Household(RegisterModel):
    """A household (户); its card is 一户一卡."""

    number = models.CharField(_("household number"), max_length=40, unique=True)
    grid = grid_fk("households", db_index=False)
    house = models.ForeignKey(
        House,
        verbose_name=_("house"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="households",
    )
    needs = models.TextField(_("needs"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        indexes = [models.Index(fields=["grid", "id"], name="household_grid_id")]

    def __str__(self) -> str:
        return self.number


class Tag(BaseModel):
    """A GB/T 31000 group ("9+X") a person may belong to, with its sensitivity."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    group = models.CharField(_("group"), max_length=20, choices=c.TagGroup.choices)
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
        _("document type"), max_length=20, choices=c.IdType.choices, default=c.IdType.RESIDENT_ID
    )
    id_number_enc, id_number_index, id_number_masked = pii_fields("id_number", _("ID number"))
    gender = models.CharField(_("gender"), max_length=1, choices=c.Gender.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    phone_enc, phone_index, phone_masked = pii_fields("phone", _("phone"))
    residence_type = models.CharField(
        _("residence type"),
        max_length=20,
        choices=c.ResidenceType.choices,
        default=c.ResidenceType.REGISTERED,
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
        _("relation to householder"), max_length=20, choices=c.Relation.choices, blank=True
    )
    tags = models.ManyToManyField(
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
    kind = models.CharField(_("kind"), max_length=10, choices=c.ResidenceKind.choices)
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        ordering = ["house", "person"]
        verbose_name = _("residence")
        verbose_name_plural = _("residences")
        constraints = [models.UniqueConstraint(fields=["person", "house"], name="uniq_residence")]

    def __str__(self) -> str:
        return f"{self.person} @ {self.house}"


class Unit(EncryptedPii, RegisterModel):
    """An actual unit (实有单位): enterprise, shop, school, public place …"""

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=30, choices=c.UnitKind.choices)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, db_index=True
    )
    address = models.CharField(_("address"), max_length=200)
    grid = grid_fk("register_units")
    building = models.ForeignKey(
        Building,
        verbose_name=_("building"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="units",
    )
    contact_name = models.CharField(_("contact"), max_length=50, blank=True)
    contact_phone_enc, contact_phone_index, contact_phone_masked = pii_fields(
        "contact_phone", _("contact phone")
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name


class Visit(RegisterModel):
    """A grid worker's visit to a household (走访)."""

    scope_path = "household__grid__path"

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="visits"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    visited_on = models.DateField(_("visited on"))
    notes = models.TextField(_("notes"), blank=True)
    needs_found = models.TextField(_("needs found"), blank=True)

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self) -> str:
        return f"{self.household} {self.visited_on}"


class StaffPost(EncryptedPii, RegisterModel):
    """Who holds a post for a grid or a building: grid leader, building leader, community police."""

    scope_path = "area__path"

    kind = models.CharField(_("post"), max_length=20, choices=c.StaffPostKind.choices)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="staff_posts"
    )
    building = models.ForeignKey(
        Building,
        verbose_name=_("building"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="staff_posts",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_posts",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    phone_enc, phone_index, phone_masked = pii_fields("phone", _("phone"))

    class Meta:
        ordering = ["area", "kind"]
        verbose_name = _("staff post")
        verbose_name_plural = _("staff posts")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


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
    channel = models.CharField(_("channel"), max_length=10, choices=c.AccessChannel.choices)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    request_path = models.CharField(_("request"), max_length=200, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")

    def __str__(self) -> str:
        return f"{self.user_id} {self.subject} {self.at:%Y-%m-%d %H:%M}"
