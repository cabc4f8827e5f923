"""Choosing a grid leader (Shushan, 002「民主推荐、公开推选」): a selection for one grid takes
nominations of residents who live in it, holds an open selection that records each nominee's
votes, and appoints the one the grid chose, who goes on the roster for the term; a term is
renewed or ends, and a leader may be dismissed (the worker's leaving says why)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.models import ScopedQuerySet
from civicgrid.core.models import BaseModel

from .choices import NominatedBy, SelectionStatus

VOTES_MAX = 1_000_000


class Selection(BaseModel):
    scope_path = "grid__path"
    scope_capability = "view_register"

    grid = models.ForeignKey("areas.Area", models.PROTECT, related_name="+",
                             verbose_name=_("grid"))  # fmt: skip
    opened_on = models.DateField(_("opened on"))
    term_years = models.PositiveSmallIntegerField(
        _("term (years)"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    status = models.CharField(_("status"), max_length=12, choices=SelectionStatus.choices,
                              default=SelectionStatus.NOMINATING)  # fmt: skip
    held_on = models.DateField(_("open selection held on"), null=True, blank=True)
    voters = models.PositiveIntegerField(
        _("residents who took part"), null=True, blank=True,
        validators=[MaxValueValidator(VOTES_MAX)],
    )  # fmt: skip
    appointed = models.OneToOneField(
        "workforce.Worker", models.PROTECT, null=True, blank=True, related_name="selection",
        verbose_name=_("appointed"),
    )  # fmt: skip

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("grid-leader selection")
        verbose_name_plural = _("grid-leader selections")

    def __str__(self) -> str:
        return f"{self.grid.name} {self.opened_on:%Y-%m-%d}"


class Nomination(BaseModel):
    selection = models.ForeignKey(Selection, models.CASCADE, related_name="nominations",
                                  verbose_name=_("selection"))  # fmt: skip
    person = models.ForeignKey("registry.Person", models.PROTECT, related_name="+",
                               verbose_name=_("nominee"))  # fmt: skip
    nominated_by = models.CharField(_("nominated by"), max_length=20,
                                    choices=NominatedBy.choices)  # fmt: skip
    nominated_on = models.DateField(_("nominated on"))
    reason = models.CharField(_("why"), max_length=300, blank=True)
    votes = models.PositiveIntegerField(
        _("votes"), null=True, blank=True, validators=[MaxValueValidator(VOTES_MAX)]
    )

    class Meta:
        ordering = ["selection", "-votes", "id"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.UniqueConstraint(fields=["selection", "person"], name="uniq_nominee"),
        ]

    def __str__(self) -> str:
        return self.person.name
