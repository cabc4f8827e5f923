"""The catalogue (事项清单): what a case can be about, and the rules each kind of case follows.

Matters (事项) and parts (部件) follow GB/T 47678.5-2026: a 5-digit code, 2-digit major class +
3-digit minor class. Appeal types, dispute classes and public-service items sit beside them in
major classes of their own (``AP``, ``DS``, ``SV``) with codes of the same shape. Local
extensions count down from 999 inside a major class; a code once given is never given again
(a retired class stays, inactive).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from civicgrid.core.models import BaseModel
from civicgrid.core.working_time import TimeUnit

from .choices import ClassKind, Priority, QuestionType, ServiceType

POSITIVE = MinValueValidator(Decimal("0.01"), _("A time limit must be greater than zero."))
CLASS_CODE = RegexValidator(
    r"^[0-9A-Z]{2}[0-9]{3}$", _("A class code is the 2-character major class and 3 digits.")
)


class Named(models.Model):
    """Chinese name with an English one; ``label`` follows the active language."""

    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)

    code: str  # every named row has a code (a field of the concrete model)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def label(self) -> str:
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class MajorClass(Named, BaseModel):
    """A major class (大类): ``01`` 市政公用设施类 … ``10``, and ``AP``, ``DS``, ``SV``."""

    kind = models.CharField(_("kind"), max_length=10, choices=ClassKind.choices)
    code = models.CharField(_("code"), max_length=2, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("major class")
        verbose_name_plural = _("major classes")


class PartType(Named, BaseModel):
    """A kind of physical part (部件) in the street: manhole cover, street light, bus stop …"""

    code = models.CharField(_("code"), max_length=5, unique=True, validators=[CLASS_CODE])
    major_code = models.CharField(_("major class code"), max_length=2)
    major_name = models.CharField(_("major class name"), max_length=50)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("part type")
        verbose_name_plural = _("part types")


class CaseClass(Named, BaseModel):
    """A class a case is registered under, with its conditions, limits and questions."""

    kind = models.CharField(_("kind"), max_length=10, choices=ClassKind.choices)
    code = models.CharField(_("code"), max_length=5, unique=True, validators=[CLASS_CODE])
    major = models.ForeignKey(
        MajorClass, models.PROTECT, related_name="classes", verbose_name=_("major class")
    )
    part = models.ForeignKey(
        PartType,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="matters",
        verbose_name=_("part type"),
    )
    description = models.TextField(_("description"), blank=True)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    initials = models.CharField(_("pinyin initials"), max_length=100, blank=True, db_index=True)
    registration_condition = models.TextField(_("registration condition"), blank=True)
    closing_condition = models.TextField(_("closing condition"), blank=True)
    sign_limit = models.DecimalField(
        _("sign-for limit"), max_digits=6, decimal_places=2, validators=[POSITIVE]
    )
    sign_unit = models.CharField(
        _("sign-for limit unit"), max_length=5, choices=TimeUnit.choices, default=TimeUnit.HOURS
    )
    handle_limit = models.DecimalField(
        _("handling limit"), max_digits=6, decimal_places=2, validators=[POSITIVE]
    )
    handle_unit = models.CharField(
        _("handling limit unit"), max_length=5, choices=TimeUnit.choices, default=TimeUnit.DAYS
    )
    check_limit = models.DecimalField(
        _("checking limit"), max_digits=6, decimal_places=2, validators=[POSITIVE]
    )
    check_unit = models.CharField(
        _("checking limit unit"), max_length=5, choices=TimeUnit.choices, default=TimeUnit.HOURS
    )
    priority = models.CharField(
        _("default priority"), max_length=10, choices=Priority.choices, default=Priority.ROUTINE
    )
    evidence_required = models.BooleanField(_("evidence photos required"), default=False)
    anonymous_allowed = models.BooleanField(_("anonymous reports allowed"), default=False)
    self_handle_allowed = models.BooleanField(_("may be self-handled on the spot"), default=False)
    answerable = models.BooleanField(
        _("may be answered on the spot"),
        default=False,
        help_text=_(
            "A consultation: the operator answers it while the caller is on the line (from a "
            "knowledge-base article) and it closes at once."
        ),
    )
    duplicate_radius_m = models.PositiveIntegerField(
        _("duplicate radius (m)"),
        default=100,
        help_text=_("Open cases of this class this close are offered as duplicates at intake."),
    )
    public = models.BooleanField(
        _("reportable by the public"),
        default=True,
        help_text=_("Offered on the residents' portal and as an Open311 service."),
    )
    service_type = models.CharField(
        _("Open311 service type"),
        max_length=10,
        choices=ServiceType.choices,
        default=ServiceType.REALTIME,
    )
    local = models.BooleanField(_("local extension"), default=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("case class")
        verbose_name_plural = _("case classes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sign_limit__gt=0, handle_limit__gt=0, check_limit__gt=0),
                name="case_class_limits_positive",
                violation_error_message=_("Time limits must be greater than zero."),
            )
        ]

    def limit(self, stage: str) -> tuple:
        """``(amount, unit)`` of the ``sign``, ``handle`` or ``check`` limit."""
        return getattr(self, f"{stage}_limit"), getattr(self, f"{stage}_unit")


class ClassQuestion(BaseModel):
    """An extra question every channel asks for cases of a class (Open311 attribute)."""

    case_class = models.ForeignKey(
        CaseClass, models.CASCADE, related_name="questions", verbose_name=_("case class")
    )
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("question"), max_length=200)
    label_en = models.CharField(_("question in English"), max_length=200, blank=True)
    description = models.CharField(_("help text"), max_length=300, blank=True)
    datatype = models.CharField(_("answer type"), max_length=16, choices=QuestionType.choices)
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    choices = models.JSONField(
        _("choices"),
        default=list,
        blank=True,
        help_text=_('For choice questions: a list of {"key": …, "name": …, "name_en": …}.'),
    )

    class Meta:
        ordering = ["case_class", "order", "id"]
        verbose_name = _("extra question")
        verbose_name_plural = _("extra questions")
        constraints = [
            models.UniqueConstraint(
                fields=["case_class", "code"],
                name="uniq_class_question_code",
                violation_error_message=_("This class already has a question with this code."),
            )
        ]

    def __str__(self) -> str:
        return self.text

    def clean(self):
        super().clean()
        choice = self.datatype in (QuestionType.SINGLE, QuestionType.MULTI)
        items = self.choices if isinstance(self.choices, list) else None
        if items is None or not all(
            isinstance(c, dict) and str(c.get("key", "")).strip() and str(c.get("name", "")).strip()
            for c in items
        ):
            raise ValidationError(
                {"choices": _('Choices are a list of {"key": …, "name": …} with both filled in.')}
            )
        if choice and not items:
            raise ValidationError({"choices": _("A choice question needs at least one choice.")})
        if not choice and items:
            raise ValidationError({"choices": _("Only choice questions have choices.")})
        keys = [str(c["key"]) for c in items]
        if len(set(keys)) != len(keys):
            raise ValidationError({"choices": _("Two choices have the same key.")})

    @property
    def text(self) -> str:
        if (get_language() or "").startswith("en") and self.label_en:
            return self.label_en
        return self.label

    def choice_keys(self) -> list[str]:
        return [str(c["key"]) for c in self.choices]

    def answer_text(self, value) -> str:
        """An answer as people read it: a choice by its name (several joined), yes or no."""
        if isinstance(value, bool):
            return str(_("yes") if value else _("no"))
        names = dict(self.choice_names())
        if isinstance(value, list):
            return "、".join(names.get(str(v), str(v)) for v in value)
        return names.get(str(value), str(value))

    def choice_names(self) -> list[tuple[str, str]]:
        """(key, name) of each choice, the name in the active language when it has one."""
        english = (get_language() or "").startswith("en")
        return [
            (str(c["key"]), c.get("name_en") if english and c.get("name_en") else c["name"])
            for c in self.choices
        ]
