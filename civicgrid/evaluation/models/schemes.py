"""Assessment schemes (考核方案): configurable checklists of weighted items, scored by the raters
each item names, in rounds with deadlines, with evidence, appeals (申诉) and levels.

An item earns points out of its weight by its rule:
- yes/no: the weight when met, nothing when not;
- scale: the weight × the level reached ÷ the scale's top level;
- deduction: the weight less ``deduction`` points for each occurrence, never below nothing;
- indicator: the weight × the points (out of 100) the subject's indicator earns in the round's
  period (evaluation/scoring.py).
An assessment's score is the sum of its items' points out of the sum of their weights, as a
percentage; its level is the highest whose floor the score reaches. A round's state changes only
through ``evaluation/workflow.py`` (closed: the results are final).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.core.models import BaseModel

from ..choices import RoundState
from ..definitions import BY_CODE

TEXT_MAX = 4000  # an appeal's reason and decision, a score's note, in characters
ANSWER_MAX = 40  # an item's answer: yes or no, a level, a number of times


class Scheme(BaseModel):
    class Subject(models.TextChoices):
        UNIT = "unit", _("organisations")
        PERSON = "person", _("people")
        AREA = "area", _("areas")
        WORKER = "worker", _("community workers")

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    subject = models.CharField(_("who is assessed"), max_length=10, choices=Subject.choices)
    levels = models.JSONField(
        _("levels"),
        default=list,
        blank=True,
        help_text=_('Highest first: [{"name": "A", "min": 90}, …]; a certificate names its level.'),
    )
    template = models.BooleanField(_("a template to copy"), default=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        floors = []
        for n, level in enumerate(self.levels or []):
            if not isinstance(level, dict) or not str(level.get("name", "")).strip():
                raise ValidationError({"levels": _("Level %(n)s needs a name.") % {"n": n + 1}})
            try:
                floors.append(float(level["min"]))
            except (KeyError, TypeError, ValueError):
                raise ValidationError(
                    {"levels": _("Level %(n)s needs a lowest score.") % {"n": n + 1}}
                ) from None
        if floors != sorted(floors, reverse=True):
            raise ValidationError({"levels": _("List the levels highest first.")})

    def level_of(self, score: float | None) -> str:
        if score is None:
            return ""
        for level in self.levels or []:
            if score >= float(level["min"]):
                return str(level["name"])
        return ""


class SchemeItem(BaseModel):
    class Rule(models.TextChoices):
        YES_NO = "yes_no", _("met or not")
        SCALE = "scale", _("a level on a scale")
        DEDUCTION = "deduction", _("points off per occurrence")
        INDICATOR = "indicator", _("from an indicator")

    class Rater(models.TextChoices):
        SELF = "self", _("self-assessment")
        SUPERIOR = "superior", _("superior")
        PEER = "peer", _("peers")
        RESIDENT = "resident", _("residents")
        THIRD_PARTY = "third_party", _("third party")
        SYSTEM = "system", _("computed")
        # rater groups of a community worker's assessment (002: the work station and the
        # residents' committee rate; each member rates, the item takes the group's mean)
        STATION = "station", _("the work station's staff")
        COMMITTEE = "committee", _("the residents' committee")
        # the rater group of a property company's assessment (004: residents rate the companies
        # at year end): the residents' representatives of the communities where it manages
        OWNERS = "owners", _("residents' representatives where it manages")
        # the rater group of a street's assessment (001: the consultation committee rates the
        # street's work): the members of the street's consultation committee
        CONSULTATION = "consultation", _("the street consultation committee")

    scheme = models.ForeignKey(
        Scheme, models.CASCADE, related_name="items", verbose_name=_("scheme")
    )
    section = models.CharField(_("section"), max_length=80, blank=True)
    title = models.CharField(_("item"), max_length=200)
    guidance = models.TextField(_("how to score"), blank=True)
    weight = models.DecimalField(
        _("points"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    rule = models.CharField(_("scoring rule"), max_length=10, choices=Rule.choices)
    scale_top = models.PositiveSmallIntegerField(_("top of the scale"), null=True, blank=True)
    deduction = models.DecimalField(
        _("points off each time"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    indicator = models.CharField(_("indicator"), max_length=40, blank=True)
    target = models.DecimalField(
        _("full marks at"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    rated_by = models.CharField(_("scored by"), max_length=12, choices=Rater.choices)
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["scheme", "order", "id"]
        verbose_name = _("scheme item")
        verbose_name_plural = _("scheme items")

    def __str__(self) -> str:
        return self.title

    @property
    def by_group(self) -> bool:
        """Rated by each member of a rater group, the item taking the group's mean."""
        return self.rated_by in GROUPS

    def clean(self):
        if self.by_group:
            subject = Scheme.Subject.UNIT if self.rated_by in UNIT_GROUPS else Scheme.Subject.WORKER
            if self.scheme_id and self.scheme.subject != subject:
                raise ValidationError({"rated_by": (
                    _("This rater group rates organisations (property companies) only.")
                    if subject == Scheme.Subject.UNIT
                    else _("This rater group rates community workers only.")
                )})  # fmt: skip
            if self.rule != self.Rule.SCALE:
                raise ValidationError({"rule": _("A rater group rates on a scale.")})
        if self.rule == self.Rule.SCALE and not self.scale_top:
            raise ValidationError({"scale_top": _("A scale needs its top level.")})
        if self.rule == self.Rule.DEDUCTION and not self.deduction:
            raise ValidationError({"deduction": _("Say how many points each occurrence costs.")})
        if self.rule == self.Rule.INDICATOR:
            indicator = BY_CODE.get(self.indicator)
            if indicator is None:
                raise ValidationError({"indicator": _("No indicator has this code.")})
            if indicator.unit != "%" and not self.target:
                raise ValidationError(
                    {"target": _("A count or a time needs the value that earns full marks.")}
                )
            if self.rated_by != self.Rater.SYSTEM:
                raise ValidationError({"rated_by": _("An indicator item is computed.")})

    def answer(self, value: str | None) -> str:
        """An answer as kept ("yes", "no", a level, a number of times), or an error that says
        what the item's rule takes."""
        text = str(value).strip().lower() if value is not None else ""
        if self.rule == self.Rule.YES_NO and text in ("yes", "no", "true", "false", "1", "0"):
            return "yes" if text in ("yes", "true", "1") else "no"
        if self.rule == self.Rule.SCALE and text.isdigit() and int(text) <= (self.scale_top or 0):
            return text
        if self.rule == self.Rule.DEDUCTION and text.isdigit():
            return text
        hints: dict = {
            self.Rule.YES_NO: _("Answer yes or no."),
            self.Rule.SCALE: _("Give a level from 0 to %(top)s.") % {"top": self.scale_top},
            self.Rule.DEDUCTION: _("Give how many times (0 or more)."),
        }
        raise DomainError(
            str(hints.get(self.rule, _("Not a valid answer."))),
            code=ErrorCode.INVALID,
            field="value",
        )

    def points_for(self, value) -> Decimal | None:
        """The points a value earns (None: not scored yet)."""
        if value is None or value == "":
            return None
        w = self.weight
        if self.rule == self.Rule.YES_NO:
            return w if value in (True, "true", "yes", "1", 1) else Decimal(0)
        if self.rule == self.Rule.SCALE:
            level = max(0, min(int(value), int(self.scale_top or 1)))
            return (w * level / Decimal(self.scale_top or 1)).quantize(Decimal("0.01"))
        if self.rule == self.Rule.DEDUCTION:
            return max(Decimal(0), w - (self.deduction or 0) * int(value))
        return (w * Decimal(str(value)) / 100).quantize(Decimal("0.01"))  # indicator points


WORKER_GROUPS = (SchemeItem.Rater.STATION, SchemeItem.Rater.COMMITTEE)
UNIT_GROUPS = (SchemeItem.Rater.OWNERS, SchemeItem.Rater.CONSULTATION)
GROUPS = WORKER_GROUPS + UNIT_GROUPS


class AssessmentRound(BaseModel):
    scheme = models.ForeignKey(
        Scheme, models.PROTECT, related_name="rounds", verbose_name=_("scheme")
    )
    name = models.CharField(_("name"), max_length=120)
    period = models.CharField(_("period assessed"), max_length=30)
    scoring_due = models.DateField(_("scores due by"))
    appeals_due = models.DateField(_("appeals due by"))
    state = models.CharField(
        _("state"), max_length=10, choices=RoundState.choices, default=RoundState.OPEN
    )

    class Meta:
        ordering = ["-scoring_due", "name"]
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")

    def __str__(self) -> str:
        return self.name

    @property
    def closed(self) -> bool:
        """The results are final."""
        return self.state == RoundState.CLOSED


class Assessment(BaseModel):
    """One subject's assessment in a round: an organisation, a person, an area or a community
    worker."""

    round = models.ForeignKey(
        AssessmentRound, models.CASCADE, related_name="assessments", verbose_name=_("round")
    )
    unit = models.ForeignKey(
        "accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("organisation"),
    )  # fmt: skip
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("person"),
    )  # fmt: skip
    area = models.ForeignKey(
        "areas.Area", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("area"),
    )  # fmt: skip
    worker = models.ForeignKey(
        "workforce.Worker", models.PROTECT, null=True, blank=True, related_name="assessments",
        verbose_name=_("community worker"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.round} · {self.subject}"

    @property
    def subject(self):
        return self.unit or self.person or self.area or self.worker


class ItemScore(BaseModel):
    """The score of one item in one assessment, with its evidence and who gave it."""

    assessment = models.ForeignKey(
        Assessment, models.CASCADE, related_name="scores", verbose_name=_("assessment")
    )
    item = models.ForeignKey(SchemeItem, models.PROTECT, related_name="+", verbose_name=_("item"))
    value = models.CharField(_("answer"), max_length=ANSWER_MAX)
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to="assessments/%Y/%m/", blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("scored by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="uniq_item_score"),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.points}"


class Appeal(BaseModel):
    """An appeal (申诉) against an item's score, reviewed with a decision and its reasons."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("waiting for review")
        UPHELD = "upheld", _("upheld: the score is changed")
        REFUSED = "refused", _("refused: the score stands")

    score = models.ForeignKey(
        ItemScore, models.CASCADE, related_name="appeals", verbose_name=_("item score")
    )
    reason = models.TextField(_("reason"), max_length=TEXT_MAX)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("filed by")
    )
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    outcome = models.TextField(_("outcome"), blank=True)
    points_before = models.DecimalField(
        _("points before"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")

    def __str__(self) -> str:
        return f"{self.score} · {self.get_decision_display()}"
