"""What the inbox page accepts: which of the user's own notifications to mark read (none named:
all of them)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Notification


class MarkReadForm(forms.Form):
    ids = forms.ModelMultipleChoiceField(
        label=_("notifications"), queryset=Notification.objects.none(), required=False
    )

    def __init__(self, *args: Any, user, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["ids"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Notification.objects.filter(user=user)
