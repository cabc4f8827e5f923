"""The web interface's own input, typed once: a list's filter saved under a name."""

from __future__ import annotations

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from civicgrid.core.errors import ErrorCode
from civicgrid.core.text import column_length

from .models import SavedFilter


class SavedFilterForm(forms.Form):
    """Which list, the name, and the list's query string (kept without its page cursor: a saved
    filter opens on the first page)."""

    list_name = forms.ChoiceField(label=_("list"), choices=list(SavedFilter.LISTS.items()))
    name = forms.CharField(
        label=_("Name of this filter"), max_length=column_length(SavedFilter, "name")
    )
    query = forms.CharField(label=_("query string"), required=False, strip=False)

    page_query = ""  # the list's query, to go back to whether or not it is saved

    def clean_query(self) -> str:
        query = QueryDict(self.cleaned_data["query"], mutable=True)
        query.pop("after", None)
        self.page_query = query.urlencode()
        if len(self.page_query) > column_length(SavedFilter, "query"):
            raise forms.ValidationError(
                _("This filter is too long to save."), code=ErrorCode.TOO_LONG
            )
        return self.page_query
