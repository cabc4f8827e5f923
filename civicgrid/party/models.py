"""Party building leads (党建引领, DOMAIN.md §13): party organisations on the area tree, the units
stationed in the area (驻区单位) and their seats on the committees, co-building agreements
(共驻共建) with their commitments, and the three lists such agreements run on — the community's
needs, the units' resources, and the projects that match them.

- A **party organisation** is an organisation unit of kind "party organisation" (its people log
  in and act through their role on that unit, and its place is the unit's area and parent) with
  its register entry: level, where it is built, the building of a building group, secretary (the
  phone encrypted and masked like every phone), member count.
- A **stationed unit** is not a user of civicgrid: an agency, school, hospital or enterprise
  stationed in a street or community, with its contact. It holds **seats** on a committee (a big
  party working committee, 大党工委) and signs **agreements** with a party organisation.
- The **needs** list is the community's, the **resources** list the units', and a **project**
  meets one need with some resources, under an agreement or not.

The platform records these bodies, links and figures for governance; it keeps no party-internal
affairs.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicgrid.accounts.models import ScopedQuerySet
from civicgrid.core.models import BaseModel
from civicgrid.registry.models import EncryptedPii, pii_fields

from .choices import (
    COMMITTEES,
    Advice,
    AgreementStatus,
    Category,
    Level,
    NeedStatus,
    ProjectKind,
    ProjectStatus,
    ResourceKind,
    ReviewRating,
    SeatPost,
    Setting,
    Side,
    Sponsor,
    StationedKind,
)

MEMBERS_MAX = 1_000_000  # more party members than any organisation here has: a typing slip


class PartyOrganisation(EncryptedPii, BaseModel):
    scope_path = "unit__area__path"
    scope_capability = "view_register"

    unit = models.OneToOneField(
        "accounts.OrgUnit", models.PROTECT, related_name="party_organisation",
        verbose_name=_("organisation unit"),
    )  # fmt: skip
    level = models.CharField(_("level"), max_length=24, choices=Level.choices)
    setting = models.CharField(
        _("built in"), max_length=24, choices=Setting.choices, default=Setting.AREA
    )
    host = models.CharField(
        _("host"), max_length=100, blank=True,
        help_text=_("The estate, enterprise or organisation it is built in, if any."),
    )  # fmt: skip
    building = models.ForeignKey(
        "registry.Building", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("building"),
    )  # fmt: skip
    secretary = models.CharField(pgettext_lazy("party", "secretary"), max_length=50, blank=True)
    secretary_phone_enc, secretary_phone_index, secretary_phone_masked = pii_fields(
        "secretary_phone", _("secretary's phone")
    )
    members = models.PositiveIntegerField(
        _("party members"), default=0, validators=[MaxValueValidator(MEMBERS_MAX)]
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["unit__area__path", "unit__name"]
        verbose_name = _("party organisation")
        verbose_name_plural = _("party organisations")
        indexes = [models.Index(fields=["secretary_phone_index"], name="party_secretary_phone")]

    def __str__(self) -> str:
        return self.unit.name

    @property
    def is_committee(self) -> bool:
        return self.level in COMMITTEES


class StationedUnit(EncryptedPii, BaseModel):
    scope_path = "area__path"
    scope_capability = "view_register"

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=24, choices=StationedKind.choices)
    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("stationed in")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True,
        help_text=_("18 characters (GB 32100), if it has one."),
    )  # fmt: skip
    party_body = models.CharField(
        _("its party organisation"), max_length=100, blank=True,
        help_text=_("The unit's own party committee or branch, as it is called."),
    )  # fmt: skip
    members = models.PositiveIntegerField(
        _("party members"), default=0, validators=[MaxValueValidator(MEMBERS_MAX)]
    )
    contact_name = models.CharField(_("contact"), max_length=50, blank=True)
    contact_phone_enc, contact_phone_index, contact_phone_masked = pii_fields(
        "contact_phone", _("contact phone")
    )
    active = models.BooleanField(_("active"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["area__path", "name"]
        verbose_name = _("stationed unit")
        verbose_name_plural = _("stationed units")
        indexes = [models.Index(fields=["contact_phone_index"], name="stationed_contact_phone")]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "name"], name="uniq_stationed_unit_name",
                violation_error_message=_("A unit of this name is already stationed here."),
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.name


class Seat(BaseModel):
    """A stationed unit's seat on a committee (大党工委), held by one of its people."""

    scope_path = "committee__unit__area__path"
    scope_capability = "view_register"

    committee = models.ForeignKey(
        PartyOrganisation, models.PROTECT, related_name="seats", verbose_name=_("committee")
    )
    stationed_unit = models.ForeignKey(
        StationedUnit, models.PROTECT, related_name="seats", verbose_name=_("stationed unit")
    )
    post = models.CharField(
        _("post"), max_length=20, choices=SeatPost.choices, default=SeatPost.PART_TIME_MEMBER
    )
    holder = models.CharField(
        _("held by"), max_length=50, blank=True,
        help_text=_("The unit's party head who takes the seat."),
    )  # fmt: skip
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "-since"]
        verbose_name = _("committee seat")
        verbose_name_plural = _("committee seats")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "stationed_unit"], condition=models.Q(until=None),
                name="uniq_open_seat",
                violation_error_message=_("This unit already holds a seat on this committee."),
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.stationed_unit} · {self.committee}"


class Agreement(BaseModel):
    """A co-building agreement (共驻共建协议) between a party organisation and a stationed unit."""

    scope_path = "party_organisation__unit__area__path"
    scope_capability = "view_register"

    party_organisation = models.ForeignKey(
        PartyOrganisation, models.PROTECT, related_name="agreements",
        verbose_name=_("party organisation"),
    )  # fmt: skip
    stationed_unit = models.ForeignKey(
        StationedUnit, models.PROTECT, related_name="agreements", verbose_name=_("stationed unit")
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    starts_on = models.DateField(_("in force from"))
    ends_on = models.DateField(_("in force until"))
    ended_on = models.DateField(_("terminated on"), null=True, blank=True)
    ended_why = models.TextField(_("why terminated"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("co-building agreement")
        verbose_name_plural = _("co-building agreements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="agreement_ends_after_start",
                violation_error_message=_("An agreement ends after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def in_force_on(self, day) -> bool:
        return self.status == AgreementStatus.SIGNED and self.starts_on <= day <= self.ends_on


class Commitment(BaseModel):
    """What one side of an agreement undertakes to do, and whether it was done."""

    agreement = models.ForeignKey(
        Agreement, models.CASCADE, related_name="commitments", verbose_name=_("agreement")
    )
    side = models.CharField(_("side"), max_length=12, choices=Side.choices)
    text = models.CharField(_("commitment"), max_length=300)
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["agreement", "side", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return self.text


class Review(BaseModel):
    """A committee's yearly review of a stationed unit (审查、评价): its rating, and the veto on
    the unit's party-building rating (一票否决) with the reason."""

    scope_path = "committee__unit__area__path"
    scope_capability = "view_register"

    committee = models.ForeignKey(
        PartyOrganisation, models.PROTECT, related_name="reviews", verbose_name=_("committee")
    )
    stationed_unit = models.ForeignKey(
        StationedUnit, models.PROTECT, related_name="reviews", verbose_name=_("stationed unit")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    rating = models.CharField(_("rating"), max_length=12, choices=ReviewRating.choices)
    veto = models.BooleanField(
        _("veto its party-building rating"), default=False,
        help_text=_("一票否决: the unit's party-building rating for the year fails, whatever else."),
    )  # fmt: skip
    reason = models.TextField(_("reason"), blank=True)
    comments = models.TextField(_("comments"), blank=True)
    reviewed_on = models.DateField(_("reviewed on"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("reviewed by")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "stationed_unit__name"]
        verbose_name = _("review of a stationed unit")
        verbose_name_plural = _("reviews of stationed units")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "stationed_unit", "year"], name="uniq_review_year",
                violation_error_message=_("This unit was already reviewed for this year."),
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.stationed_unit} · {self.year}"


class Recommendation(BaseModel):
    """What a review recommends about one of the unit's people (建议权: promotion, commendation,
    or what to improve), in their official capacity only."""

    review = models.ForeignKey(
        Review, models.CASCADE, related_name="recommendations", verbose_name=_("review")
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    post = models.CharField(_("post"), max_length=100, blank=True)
    advice = models.CharField(_("advice"), max_length=14, choices=Advice.choices)
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["review", "pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return self.name


class Need(BaseModel):
    """An item of the community's needs list (需求清单)."""

    scope_path = "area__path"
    scope_capability = "view_register"

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=pgettext_lazy("need", "of")
    )
    title = models.CharField(_("title"), max_length=200)
    detail = models.TextField(_("detail"), blank=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    raised_on = models.DateField(_("raised on"))
    status = models.CharField(
        _("status"), max_length=12, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "title"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")

    def __str__(self) -> str:
        return f"{self.title}（{self.area.name}）"


class Resource(BaseModel):
    """An item of the resources list (资源清单): what a stationed unit offers."""

    scope_path = "stationed_unit__area__path"
    scope_capability = "view_register"

    stationed_unit = models.ForeignKey(
        StationedUnit, models.PROTECT, related_name="resources", verbose_name=_("offered by")
    )
    title = models.CharField(_("title"), max_length=200)
    detail = models.TextField(_("detail"), blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=ResourceKind.choices)
    category = models.CharField(
        pgettext_lazy("resource", "serves"), max_length=16, choices=Category.choices
    )
    value = models.DecimalField(
        _("value (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )  # fmt: skip
    available = models.BooleanField(_("available"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["stationed_unit__name", "title"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self) -> str:
        return f"{self.title}（{self.stationed_unit.name}）"


class Project(BaseModel):
    """An item of the projects list (项目清单): a need met with resources (co-building), a party
    organisation's project published for members and organisations to claim (党建项目认领), or a
    livelihood project (民生项目) tagged by its sponsor."""

    scope_path = "area__path"
    scope_capability = "view_register"

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("community")
    )
    title = models.CharField(_("title"), max_length=200)
    detail = models.TextField(_("detail"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=12, choices=ProjectKind.choices, default=ProjectKind.COBUILDING
    )
    sponsor = models.CharField(_("sponsor"), max_length=20, choices=Sponsor.choices, blank=True)
    publisher = models.ForeignKey(
        PartyOrganisation, models.PROTECT, null=True, blank=True, related_name="projects",
        verbose_name=_("published by"),
    )  # fmt: skip
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    need = models.ForeignKey(
        Need, models.PROTECT, null=True, blank=True, related_name="projects",
        verbose_name=_("need met"),
    )  # fmt: skip
    resources = models.ManyToManyField(
        Resource, blank=True, related_name="projects", verbose_name=_("resources used")
    )
    agreement = models.ForeignKey(
        Agreement, models.PROTECT, null=True, blank=True, related_name="projects",
        verbose_name=_("under agreement"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    beneficiaries = models.PositiveIntegerField(_("beneficiaries"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            # a livelihood project names its sponsor; the others have none
            models.CheckConstraint(
                condition=models.Q(kind=ProjectKind.LIVELIHOOD, sponsor__gt="")
                | (~models.Q(kind=ProjectKind.LIVELIHOOD) & models.Q(sponsor="")),
                name="party_project_sponsor_of_livelihood",
            ),
            # a party-building project is published by a party organisation
            models.CheckConstraint(
                condition=~models.Q(kind=ProjectKind.PARTY) | models.Q(publisher__isnull=False),
                name="party_project_publisher",
            ),
        ]

    def __str__(self) -> str:
        return self.title


from .member_models import Activity, Claim, CreditEntry, Member  # noqa: E402,F401
