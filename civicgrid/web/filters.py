"""Saved filters: a user names the query of a list to come back to it with one click."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.accounts.models import User
from civicgrid.core.errors import DomainError, errors_from_validation
from civicgrid.core.feedback import form_refused, refused

from .errors import WebError
from .forms import SavedFilterForm
from .models import SavedFilter


@transaction.atomic
def saved_filter_create(*, user: User, list_name: str, name: str, query: str) -> SavedFilter:
    """Save a list's query under a name of the user's: one name once per list, and at most
    ``SavedFilter.MAX_PER_LIST`` filters per list."""
    saved = SavedFilter(user=user, list_name=list_name, name=name, query=query)
    try:
        saved.full_clean()
    except ValidationError as exc:  # a name the user already gave a filter of this list
        raise errors_from_validation(exc)[0] from None
    if SavedFilter.objects.filter(user=user, list_name=list_name).count() >= (
        SavedFilter.MAX_PER_LIST
    ):
        raise DomainError(
            _("At most %(n)s saved filters per list: delete one first.")
            % {"n": SavedFilter.MAX_PER_LIST},
            code=WebError.TOO_MANY,
        )
    saved.save()
    return saved


@login_required
@require_POST
def save(request):
    form = SavedFilterForm(request.POST)
    if not form.is_valid() and "list_name" in form.errors:
        raise Http404  # no list of that name to save a filter of, nor to go back to
    back = f"{reverse(form.cleaned_data['list_name'])}?{form.page_query}"
    if not form.is_valid():
        form_refused(request, form)
        return redirect(back)
    try:
        saved = saved_filter_create(user=request.user, **form.cleaned_data)
    except DomainError as exc:
        refused(request, exc)
    else:
        messages.success(request, _("Filter “%(name)s” saved.") % {"name": saved.name})
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
