"""Saved filters: a user names the query of a list to come back to it with one click."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import SavedFilter


def _clean_query(raw: str) -> str:
    """The list's query without the page cursor (a saved filter opens on the first page)."""
    query = QueryDict(raw, mutable=True)
    query.pop("after", None)
    return query.urlencode()


@login_required
@require_POST
def save(request):
    list_name = request.POST.get("list_name", "")
    if list_name not in SavedFilter.LISTS:
        raise Http404
    name = request.POST.get("name", "").strip()
    query = _clean_query(request.POST.get("query", ""))
    back = f"{reverse(list_name)}?{query}"
    mine = SavedFilter.objects.filter(user=request.user, list_name=list_name)
    if not 1 <= len(name) <= 60:
        messages.error(request, _("Name: 1 to 60 characters."))
    elif len(query) > 1000:
        messages.error(request, _("This filter is too long to save."))
    elif mine.filter(name=name).exists():
        messages.error(request, _("You already have a filter of this name on this list."))
    elif mine.count() >= SavedFilter.MAX_PER_LIST:
        messages.error(
            request,
            _("At most %(n)s saved filters per list: delete one first.")
            % {"n": SavedFilter.MAX_PER_LIST},
        )
    else:
        SavedFilter.objects.create(user=request.user, list_name=list_name, name=name, query=query)
        messages.success(request, _("Filter “%(name)s” saved.") % {"name": name})
    return redirect(back)


@login_required
@require_POST
def delete(request, pk: int):
    saved = get_object_or_404(SavedFilter, pk=pk, user=request.user)
    saved.delete()
    messages.success(request, _("Filter “%(name)s” deleted.") % {"name": saved.name})
    return redirect(reverse(saved.list_name))


def links(user, list_name: str) -> list[tuple[SavedFilter, str]]:
    """The user's saved filters of a list, each with the address that opens it."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        (f, f"{reverse(list_name)}?{f.query}" if f.query else reverse(list_name))
        for f in SavedFilter.objects.filter(user=user, list_name=list_name)
    ]
