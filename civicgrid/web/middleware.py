"""Language choice: Simplified Chinese unless the user picked another language.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a browser set to English
would never see the default. Pages here use the language cookie (set by the language switch) or
LANGUAGE_CODE; the APIs (REST and Open311) keep Accept-Language, which programs set on purpose.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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


def refuse_nul_bytes(get_response):
    """A NUL character in a parameter is never meant, and PostgreSQL cannot store or compare it:
    answer 400 naming the parameter instead of failing in the database."""
    from django.http import JsonResponse
    from django.utils.translation import gettext as _

    def middleware(request):
        fields = list(request.GET.lists())
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            fields += list(request.POST.lists())
        for name, values in fields:
            if "\x00" in name or any("\x00" in v for v in values):
                message = _("“%(field)s” holds a NUL character, which is not allowed.") % {
                    "field": name.replace("\x00", "")
                }
                return JsonResponse(
                    {"code": "invalid", "field": name.replace("\x00", ""), "message": message},
                    status=400,
                )
        return get_response(request)

    return middleware
