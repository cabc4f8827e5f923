"""The knowledge base's forms: an article (its text, links, owner, review date) and a review."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.models import OrgUnit
from civicgrid.catalogue.models import CaseClass
from civicgrid.core.forms import Styled, model_field

from .knowledge_models import Article


class ArticleForm(Styled):
    title = model_field(Article, "title")
    answer = model_field(Article, "answer")
    responsible = model_field(Article, "responsible", required=False)
    resident_can = model_field(Article, "resident_can", required=False)
    keywords = model_field(Article, "keywords", required=False)
    classes = forms.CharField(
        label=_("class codes"), max_length=200, required=False,
        help_text=_("The classes it answers for, separated by spaces (e.g. AP001 SV003)."),
    )  # fmt: skip
    owner = forms.ModelChoiceField(label=_("owner"), queryset=OrgUnit.objects.none())
    review_by = model_field(Article, "review_by")
    active = model_field(Article, "active", required=False)
    note = forms.CharField(label=_("what changed"), max_length=300, required=False)

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = owners if owners is not None else OrgUnit.objects.none()

    def clean_classes(self) -> list[CaseClass]:
        codes = sorted(set(self.cleaned_data["classes"].upper().split()))
        found = list(CaseClass.objects.filter(code__in=codes, active=True))
        unknown = sorted(set(codes) - {c.code for c in found})
        if unknown:
            raise forms.ValidationError(
                _("No active class has the code %(codes)s.") % {"codes": "、".join(unknown)}
            )
        return found


class ReviewForm(Styled):
    review_by = forms.DateField(label=_("next review by"))
