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
