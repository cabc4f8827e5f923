"""Repeat demands (高频/重复诉求) and hot spots: one alert for reports of one class at one place
— a building, or an address in a grid — once they reach ``CIVICGRID_REPEAT_COUNT`` within
``CIVICGRID_REPEAT_DAYS`` (``repeats``); or for reports of one class in one grid in the last days
beyond the usual rate for that class and grid (a hot spot: ``hotspots``). The alert gathers the
cases behind it as more come, until someone of the command centre or the street records what
was done about it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.models import ScopedQuerySet
from civicgrid.core.models import BaseModel


class RepeatAlert(BaseModel):
    scope_path = "grid__path"
    scope_capability = "view_cases"

    class Kind(models.TextChoices):
        REPEAT = "repeat", _("repeat demand")
        HOT_SPOT = "hot_spot", _("hot spot")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REPEAT)

    case_class = models.ForeignKey(
        "catalogue.CaseClass", models.PROTECT, related_name="+", verbose_name=_("class")
    )
    grid = models.ForeignKey("areas.Area", models.PROTECT, related_name="+",
                             verbose_name=_("grid"))  # fmt: skip
    building = models.ForeignKey(
        "registry.Building", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("building"),
    )  # fmt: skip
    address = models.CharField(_("address"), max_length=200, blank=True)
    cases = models.ManyToManyField("cases.Case", related_name="+", verbose_name=_("cases"))
    count = models.PositiveIntegerField(_("reports"))
    expected = models.FloatField(
        _("usual"), null=True, blank=True,
        help_text=_("A hot spot: the reports usual for the class and grid in as many days."),
    )  # fmt: skip
    first_at = models.DateTimeField(_("first report"))
    last_at = models.DateTimeField(_("last report"))
    raised_at = models.DateTimeField(_("raised at"), db_index=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("handled by"),
    )  # fmt: skip
    note = models.TextField(_("what was done"), max_length=2000, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-last_at", "-id"]
        verbose_name = _("repeat demand")
        verbose_name_plural = _("repeat demands")
        indexes = [
            models.Index(fields=["case_class", "building", "handled_at"], name="insight_repeat_b"),
            models.Index(fields=["case_class", "grid", "address"], name="insight_repeat_a"),
        ]

    def __str__(self) -> str:
        return f"{self.case_class_id} · {self.building or self.address} · {self.count}"

    @property
    def place(self) -> str:
        if self.kind == self.Kind.HOT_SPOT:
            return str(self.grid.name)
        return str(self.building.name if self.building else self.address)
