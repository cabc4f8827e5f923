"""The class suggestion's trained models and the suggestions it made.

- **ClassModel**: one training (when, on how many documents, how many of them the district's
  cases, how many classes), its bytes and their signature (``classifier.dump``). The newest is
  the one asked.
- **Suggestion**: for each case recorded from words (an operator's intake, a resident's report,
  the API), the three classes suggested for its description with their confidence, the class
  chosen, and whether it was the first suggestion (taken) or among the three. The acceptance rate
  is taken ÷ suggestions.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClassModel(models.Model):
    trained_at = models.DateTimeField(_("trained at"), db_index=True)
    documents = models.PositiveIntegerField(_("documents"))
    cases = models.PositiveIntegerField(_("of which cases"))
    classes = models.PositiveIntegerField(_("classes"))
    seconds = models.FloatField(_("training seconds"))
    blob = models.BinaryField(_("model"))
    signature = models.CharField(_("signature"), max_length=64)

    class Meta:
        ordering = ["-trained_at", "-id"]
        verbose_name = _("class suggestion model")
        verbose_name_plural = _("class suggestion models")

    def __str__(self) -> str:
        return f"{self.trained_at:%Y-%m-%d %H:%M} ({self.documents})"


class Suggestion(models.Model):
    case = models.OneToOneField(
        "cases.Case", models.CASCADE, related_name="class_suggestion", verbose_name=_("case")
    )
    at = models.DateTimeField(_("at"), db_index=True)
    model = models.ForeignKey(
        ClassModel, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("model"),
    )  # fmt: skip
    suggested = models.JSONField(
        _("suggested"), help_text=_("The three classes suggested: [code, confidence] each.")
    )
    chosen = models.CharField(_("class chosen"), max_length=5)
    taken = models.BooleanField(_("first suggestion taken"))
    in_top3 = models.BooleanField(_("among the three"))

    class Meta:
        ordering = ["-at"]
        verbose_name = _("class suggestion")
        verbose_name_plural = _("class suggestions")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.chosen}"


from .knowledge_models import Article, ArticleVersion, SpotAnswer  # noqa: E402,F401  (the knowledge base)
from .link_models import CaseLink  # noqa: E402,F401  (cases linked as one matter)
from .repeat_models import RepeatAlert  # noqa: E402,F401  (repeat demands)
from .rule_models import RuleSuggestion  # noqa: E402,F401  (learnt from returns)
from .topic_models import TopicReport  # noqa: E402,F401  (the weekly hot topics)
