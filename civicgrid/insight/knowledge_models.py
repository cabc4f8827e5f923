"""The knowledge base (知识库, as 12345 hotlines keep one): articles an operator reads to a caller
— the policy's answer, who is responsible, what the resident can do — linked to the classes and
service items they answer for, each with the unit that owns it, the date it must be reviewed by,
and every version kept (``ArticleVersion``: who changed what, when)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.core.models import BaseModel


class Article(BaseModel):
    title = models.CharField(_("title"), max_length=120)
    answer = models.TextField(_("answer"), max_length=4000,
                              help_text=_("What the operator tells the caller."))  # fmt: skip
    responsible = models.CharField(
        _("who is responsible"), max_length=300, blank=True,
        help_text=_("The office or unit that handles it, and how to reach it."),
    )  # fmt: skip
    resident_can = models.TextField(_("what the resident can do"), max_length=2000, blank=True)
    keywords = models.CharField(
        _("keywords"), max_length=300, blank=True,
        help_text=_("Words callers use, separated by spaces: they find the article."),
    )  # fmt: skip
    classes = models.ManyToManyField(
        "catalogue.CaseClass", blank=True, related_name="+", verbose_name=_("classes")
    )
    items = models.ManyToManyField(
        "onestop.ServiceItem", blank=True, related_name="+", verbose_name=_("service items")
    )
    owner = models.ForeignKey(
        "accounts.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("owner"),
        help_text=_("The unit that keeps the article true."),
    )  # fmt: skip
    review_by = models.DateField(_("review by"))
    version = models.PositiveIntegerField(_("version"), default=1)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("knowledge article")
        verbose_name_plural = _("knowledge articles")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def code(self) -> str:
        return f"KB-{self.pk}"


class ArticleVersion(models.Model):
    article = models.ForeignKey(
        Article, models.CASCADE, related_name="versions", verbose_name=_("article")
    )
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=120)
    answer = models.TextField(_("answer"))
    responsible = models.CharField(_("who is responsible"), max_length=300, blank=True)
    resident_can = models.TextField(_("what the resident can do"), blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("edited by")
    )
    edited_at = models.DateTimeField(_("edited at"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)

    class Meta:
        ordering = ["article", "-version"]
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        constraints = [
            models.UniqueConstraint(fields=["article", "version"], name="insight_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.version}"


class SpotAnswer(models.Model):
    """A consultation answered from an article while the caller was on the line, and closed at
    once (the case's ``answer`` action): which article, in which version, by whom."""

    case = models.OneToOneField(
        "cases.Case", models.CASCADE, related_name="+", verbose_name=_("case")
    )
    article = models.ForeignKey(
        Article, models.PROTECT, related_name="answers", verbose_name=_("article")
    )
    version = models.PositiveIntegerField(_("version"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("answered by")
    )
    at = models.DateTimeField(_("at"), db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("consultation answered on the spot")
        verbose_name_plural = _("consultations answered on the spot")

    def __str__(self) -> str:
        return f"{self.case_id}: KB-{self.article_id} v{self.version}"
