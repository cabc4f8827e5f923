"""What the web interface keeps for a user: the filters they saved on a list."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.core.models import BaseModel


class SavedFilter(BaseModel):
    """A named query string of one list (``cases:list``, ``registry:persons`` …) for one user."""

    LISTS = {
        "cases:list": _("Cases"),
        "registry:persons": _("Persons"),
        "registry:households": _("Households"),
        "registry:buildings": _("Buildings"),
    }
    MAX_PER_LIST = 20

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="saved_filters",
        verbose_name=_("user"),
    )
    list_name = models.CharField(_("list"), max_length=40)
    name = models.CharField(_("name"), max_length=60)
    query = models.CharField(_("query string"), max_length=1000)

    class Meta:
        ordering = ["list_name", "name"]
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "list_name", "name"],
                name="uniq_saved_filter_name",
                violation_error_message=_("You already have a filter of this name on this list."),
            )
        ]

    def __str__(self) -> str:
        return self.name


THRESHOLD_MAX = 100_000  # per grid: far above any real count, and within every database's int


class WallThresholds(models.Model):
    """The command-centre wall's absolute thresholds (one row, changed in the admin): above how
    many open cases or red cards per grid an area is shown amber, and red."""

    open_amber = models.PositiveIntegerField(
        _("open cases per grid: amber above"),
        default=15,
        validators=[MaxValueValidator(THRESHOLD_MAX)],
        help_text=_("An area whose open cases per grid exceed this is shown amber."),
    )
    open_red = models.PositiveIntegerField(
        _("open cases per grid: red above"),
        default=30,
        validators=[MaxValueValidator(THRESHOLD_MAX)],
        help_text=_("An area whose open cases per grid exceed this is shown red."),
    )
    red_amber = models.PositiveIntegerField(
        _("red cards per grid: amber above"),
        default=1,
        validators=[MaxValueValidator(THRESHOLD_MAX)],
        help_text=_("An area whose red-card cases per grid exceed this is shown amber."),
    )
    red_red = models.PositiveIntegerField(
        _("red cards per grid: red above"),
        default=3,
        validators=[MaxValueValidator(THRESHOLD_MAX)],
        help_text=_("An area whose red-card cases per grid exceed this is shown red."),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("wall thresholds")
        verbose_name_plural = _("wall thresholds")

    def __str__(self) -> str:
        return str(_("Wall thresholds"))

    def save(self, *args, **kwargs) -> None:
        self.pk = 1  # one row
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if self.open_red <= self.open_amber:
            errors["open_red"] = _("The red threshold must be above the amber one.")
        if self.red_red <= self.red_amber:
            errors["red_red"] = _("The red threshold must be above the amber one.")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def current(cls) -> "WallThresholds":
        """The thresholds in force (the defaults until an administrator saves them)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)
