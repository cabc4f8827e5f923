"""Suggested changes to the routing rules, learnt from returns (issue #21 §2): a unit that often
returns a class in a street ("not our duty") while another unit then keeps those cases; an
administrator accepts (the rule is written) or refuses (with the reason) each."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleSuggestion(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("to decide")
        ACCEPTED = "accepted", _("accepted")
        REFUSED = "refused", _("refused")

    case_class = models.ForeignKey("catalogue.CaseClass", models.CASCADE, related_name="+",
                                   verbose_name=_("class"))  # fmt: skip
    area = models.ForeignKey("areas.Area", models.CASCADE, related_name="+",
                             verbose_name=_("street"))  # fmt: skip
    from_unit = models.ForeignKey("accounts.OrgUnit", models.CASCADE, related_name="+",
                                  verbose_name=_("unit returning"))  # fmt: skip
    to_unit = models.ForeignKey("accounts.OrgUnit", models.CASCADE, related_name="+",
                                verbose_name=_("unit keeping them"))  # fmt: skip
    dispatched = models.PositiveIntegerField(_("dispatched to the unit returning"))
    returned = models.PositiveIntegerField(_("returned"))
    kept = models.PositiveIntegerField(_("then kept by the other unit"))
    cases = models.ManyToManyField("cases.Case", related_name="+", verbose_name=_("cases"))
    made_at = models.DateTimeField(_("made at"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)  # fmt: skip
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("reason"), max_length=300, blank=True)
    rule = models.ForeignKey(
        "routing.ResponsibilityRule", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("rule written"),
    )  # fmt: skip

    class Meta:
        ordering = ["status", "-returned", "-id"]
        verbose_name = _("suggested rule change")
        verbose_name_plural = _("suggested rule changes")
        constraints = [
            models.UniqueConstraint(
                fields=["case_class", "area", "from_unit", "to_unit"],
                name="insight_rule_suggestion_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_class_id} {self.area_id}: {self.from_unit_id} → {self.to_unit_id}"
