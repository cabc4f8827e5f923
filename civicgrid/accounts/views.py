"""Login, logout and the user's API tokens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.core.client import client_address
from civicgrid.core.feedback import form_refused

from . import permissions, services
from .forms import TokenForm
from .models import ApiToken


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "limit": settings.AXES_FAILURE_LIMIT}


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def tokens(request):
    new_key = request.session.pop("cg_new_token", None)
    rows = ApiToken.objects.filter(user=request.user)
    return render(request, "accounts/tokens.html", {"tokens": rows, "new_key": new_key})


@login_required
@require_POST
def token_create(request):
    form = TokenForm(request.POST)
    if not form.is_valid():
        form_refused(request, form)
        return redirect("accounts:tokens")
    _token, key = services.token_create(
        user=request.user,
        name=form.cleaned_data["name"],
        actor=request.user,
        address=client_address(request),
    )
    request.session["cg_new_token"] = key  # shown once on the next page, never stored
    return redirect("accounts:tokens")


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken.objects.select_related("user"), pk=pk)
    if not permissions.can_manage_tokens(request.user, token.user):
        raise Http404
    services.token_revoke(token=token, actor=request.user, address=client_address(request))
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:tokens")
