"""A resident's own details (我的资料): the name and phone their reports start from."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from civicgrid.accounts import services as accounts
from civicgrid.core.errors import DomainError


class DetailsForm(forms.Form):
    display_name = forms.CharField(
        label=pgettext_lazy("person", "Name"), max_length=accounts.NAME_MAX, required=False
    )
    phone = forms.CharField(
        label=gettext_lazy("Phone"),
        max_length=20,
        required=False,
        help_text=gettext_lazy(
            "Kept encrypted; your reports start from it, and only the staff handling a case "
            "you report see it. Leave it empty to remove it."
        ),
    )


@login_required
def details(request):
    """Their own name and phone: shown to them in clear (it is theirs), changed by a POST."""
    user = request.user
    status = 200
    if request.method == "POST":
        form = DetailsForm(request.POST)
        if form.is_valid():
            try:
                accounts.own_contact_save(
                    user=user,
                    name=form.cleaned_data["display_name"],
                    phone=form.cleaned_data["phone"],
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Your details are saved."))
                return redirect("portal:details")
        user.refresh_from_db(fields=["display_name", "phone_enc", "phone_masked"])
        status = 400
    else:
        form = DetailsForm(initial={"display_name": user.display_name, "phone": user.own_phone()})
    return render(request, "cases/portal_details.html", {"form": form}, status=status)
