"""The hall of a service centre: its windows and the numbers residents take (取号) and the
windows call (叫号). A window serves some categories of items (all when none is named); a number
is taken for a category and is called by the first free window serving it, in the order taken.
Nothing personal is kept: a number, its category, when it was taken, called and done."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicgrid.accounts.models import ScopedQuerySet
from civicgrid.core.models import BaseModel

from .choices import Category


class Window(BaseModel):
    scope_path = "centre__area__path"
    scope_capability = None

    centre = models.ForeignKey(
        "accounts.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("service centre")
    )
    number = models.PositiveSmallIntegerField(_("window number"))
    name = models.CharField(_("name"), max_length=50)
    categories = models.JSONField(
        _("categories served"), default=list, blank=True,
        help_text=_("Empty: every category (a general window, 综合窗口)."),
    )  # fmt: skip
    active = models.BooleanField(_("open"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["centre", "number"]
        verbose_name = _("window")
        verbose_name_plural = _("windows")
        constraints = [
            models.UniqueConstraint(fields=["centre", "number"], name="onestop_window_number")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def serves(self, category: str) -> bool:
        return not self.categories or category in self.categories


class Ticket(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", _("waiting")
        CALLED = "called", pgettext_lazy("ticket", "called")
        DONE = "done", pgettext_lazy("ticket", "served")
        ABSENT = "absent", _("did not come")

    centre = models.ForeignKey(
        "accounts.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("service centre")
    )
    day = models.DateField(_("day"))
    number = models.PositiveIntegerField(_("number"))
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.WAITING)
    taken_at = models.DateTimeField(_("taken at"))
    called_at = models.DateTimeField(_("called at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    window = models.ForeignKey(
        Window, models.PROTECT, null=True, blank=True, related_name="tickets",
        verbose_name=_("window"),
    )  # fmt: skip

    class Meta:
        ordering = ["centre", "day", "number"]
        verbose_name = _("queue number")
        verbose_name_plural = _("queue numbers")
        constraints = [
            models.UniqueConstraint(fields=["centre", "day", "number"], name="onestop_ticket_once"),
            models.CheckConstraint(
                condition=models.Q(state="waiting", called_at__isnull=True, window__isnull=True)
                | (
                    ~models.Q(state="waiting")
                    & models.Q(called_at__isnull=False, window__isnull=False)
                ),
                name="onestop_called_by_a_window",
            ),
        ]
        indexes = [models.Index(fields=["centre", "day", "state"], name="onestop_ticket_queue")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """What the slip and the screen show: the category's letter and the number (A012)."""
        return f"{LETTERS.get(self.category, 'Z')}{self.number:03d}"


LETTERS = {c: chr(ord("A") + n) for n, c in enumerate(Category.values)}
