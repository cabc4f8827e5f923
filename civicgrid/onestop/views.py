"""The service guide (办事指南), open to everyone: the items offered, searched and by category,
and each item's page — who may apply, the materials to bring (which may follow later), the
office, the kind and promised time, the fee, where to apply. Printable, so a resident comes once."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from . import access
from .choices import Category
from .selectors import items_offered


class GuideSearch(forms.Form):
    q = forms.CharField(label=_("search"), max_length=100, required=False)
    category = forms.ChoiceField(
        label=_("category"), choices=[("", _("all")), *Category.choices], required=False
    )


def guide(request: HttpRequest):
    search = GuideSearch(request.GET)
    found = search.cleaned_data if search.is_valid() else {"q": "", "category": ""}
    items = items_offered(found["q"], found["category"])
    return render(
        request,
        "onestop/guide.html",
        {"items": items[:300], "search": search, "categories": Category.choices, "found": found},
    )


def item(request: HttpRequest, code: str):
    found = get_object_or_404(items_offered(), code=code)
    user = request.user
    proxy = bool(user.is_authenticated and access.is_grid_worker(user))
    may_apply = user.is_authenticated and (found.by_proxy if proxy else found.online)
    return render(request, "onestop/item.html",
                  {"item": found, "may_apply": may_apply, "proxy": proxy})  # fmt: skip
