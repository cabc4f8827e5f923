"""API authentication: personal tokens (Authorization: Bearer …) or the browser session."""

from ninja.security import HttpBearer, django_auth

from civicgrid.accounts.services import token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


AUTH = [TokenAuth(), django_auth]
