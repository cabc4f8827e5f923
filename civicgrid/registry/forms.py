"""The register pages' input, typed once: a household visit and an import's upload."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .importing import IMPORTERS
from .models import Visit

IMPORT_KINDS = {
    "buildings": _("Buildings"),
    "households": _("Households"),
    "persons": _("Persons"),
}


class VisitForm(forms.ModelForm):
    """A grid worker's visit to a household: the date and what was found."""

    class Meta:
        model = Visit
        fields = ["visited_on", "notes", "needs_found"]


class ImportForm(forms.Form):
    """What an uploaded file holds, and the file. Its size and type are the import's own check
    (``check_upload``), which the API asks too."""

    kind = forms.ChoiceField(
        label=_("The file holds"),
        choices=[(kind, IMPORT_KINDS.get(kind, kind)) for kind in IMPORTERS],
    )
    file = forms.FileField(label=_("File (.xlsx or .csv)"))
