"""Language choice: Simplified Chinese unless the user picked another language.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a browser set to English
would never see the default. Pages here use the language cookie (set by the language switch) or
LANGUAGE_CODE; the APIs (REST and Open311) keep Accept-Language, which programs set on purpose.
"""

import json

from django.conf import settings
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from civicgrid.core.errors import ErrorCode


class LanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if request.path.startswith(("/api/", "/open311/")):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            language = (
                translation.get_supported_language_variant(chosen)
                if chosen
                else settings.LANGUAGE_CODE
            )
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def _nul_in_json(value, path: str = "") -> str | None:
    """The dotted path of the first key or string holding a NUL in a decoded JSON body."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in items:
        where = f"{path}.{key}" if path else str(key)
        if isinstance(key, str) and "\x00" in key:
            return where
        found = _nul_in_json(child, where)
        if found is not None:
            return found
    return None


def _fields(request) -> list[tuple[str, list]]:
    fields = list(request.GET.lists())
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        fields += list(request.POST.lists())
    elif request.content_type == "application/json" and b"\\u0000" in request.body:
        try:
            found = _nul_in_json(json.loads(request.body))
        except ValueError:
            found = None  # not JSON: the API says so
        if found is not None:
            fields.append((found, ["\x00"]))
    return fields


def refuse_nul_bytes(get_response):
    """A NUL character in a parameter or a JSON body is never meant, and PostgreSQL cannot store
    or compare it: answer 400 naming the field instead of failing in the database. A multipart
    body that cannot be parsed is refused the same way."""

    def middleware(request):
        if request.path.startswith("/open311/"):
            return get_response(request)  # Open311 refuses in its own format (open311/arguments.py)
        try:
            fields = _fields(request)
        except MultiPartParserError as exc:
            return refused(
                None, _("The multipart body cannot be read: %(why)s") % {"why": exc}, request
            )
        for name, values in fields:
            if "\x00" in name or any("\x00" in v for v in values):
                field = name.replace("\x00", "")
                return refused(
                    field,
                    _("“%(field)s” holds a NUL character, which is not allowed.")
                    % {"field": field},
                    request,
                )
        return get_response(request)

    return middleware


def refused(field: str | None, message: str, request=None):
    """A 400 answer naming the refused field: in the API's shape for the API, a page for pages."""
    if request is not None and not request.path.startswith("/api/"):
        return render(request, "400.html", {"message": message}, status=400)
    return JsonResponse({"code": ErrorCode.INVALID, "field": field, "message": message}, status=400)


def secure_cookies_over_https(get_response):
    """A response to a request that arrived over HTTPS sends its cookies (session, CSRF, language)
    with the Secure flag, even where the settings do not ask for it (CIVICGRID_HTTPS unset): a
    cookie set over HTTPS is never then sent back in clear. Behind a proxy that ends TLS this
    needs CIVICGRID_PROXY_SSL_HEADER, as ``request.is_secure()`` does."""

    def middleware(request):
        response = get_response(request)
        if request.is_secure():
            for cookie in response.cookies.values():
                cookie["secure"] = True
        return response

    return middleware
