"""Vietnamese unless the user picked English with the language switch.

Django's LocaleMiddleware follows the browser's Accept-Language, which on most office computers
in Vietnam says English; a provincial portal should open in Vietnamese and switch only on request.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PortalLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
