"""The account pages' input, typed once: an API token's name and the filters of the audit trail
of powers."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.core.models import PowerChange
from civicgrid.core.text import column_length

from .models import ApiToken, User


class TokenForm(forms.ModelForm):
    """A new API token: what it is for."""

    class Meta:
        model = ApiToken
        fields = ["name"]


class PowerAuditFilterForm(forms.Form):
    """The trail's filters (the page's query string); each one is optional."""

    kind = forms.ChoiceField(
        label=_("kind"), choices=[("", _("all")), *PowerChange.Kind.choices], required=False
    )
    actor = forms.CharField(
        label=_("actor"), max_length=column_length(User, "username"), required=False
    )
    since = forms.DateField(label=_("since"), required=False)
    until = forms.DateField(label=_("until"), required=False)
