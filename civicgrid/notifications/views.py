"""The inbox page: newest first; opening it marks what was shown as read."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from civicgrid.core.feedback import form_refused
from civicgrid.core.paging import keyset_page

from . import selectors, services
from .forms import MarkReadForm


@login_required
def inbox(request):
    if request.method == "POST":
        form = MarkReadForm(request.POST, user=request.user)
        if not form.is_valid():
            form_refused(request, form)
        else:
            chosen = form.cleaned_data["ids"]
            services.mark_read(user=request.user, ids=[n.pk for n in chosen] if chosen else None)
        return redirect("inbox")
    page = keyset_page(
        selectors.inbox(user=request.user), after=request.GET.get("after"), size=50, descending=True
    )
    response = render(request, "notifications/inbox.html", {"page": page, "query": ""})
    services.mark_read(user=request.user, ids=[n.pk for n in page.items if n.read_at is None])
    return response
