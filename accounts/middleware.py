"""Portal middleware.

``PortalLocaleMiddleware``: Vietnamese unless the user picked English with the language switch.

Django's LocaleMiddleware follows the browser's Accept-Language, which on most office computers
in Vietnam says English; a provincial portal should open in Vietnamese and switch only on request.
"""

import time

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control


class PrivateCacheMiddleware:
    """``Cache-Control: private, no-store`` on every response the application makes.

    Office computers are shared and provincial networks run caching proxies: neither may keep a
    signed-in page, a report PDF or an export (``FileResponse`` and streaming responses
    included). An anonymous response is left cacheable only when its view marked it ``public``
    (``django.views.decorators.cache.cache_control(public=True, …)``) — the public site's pages;
    a signed-in user's response never is, since the header names the user. Static files never
    get here: whitenoise, ahead of this middleware, answers them with its own long-lived headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or not _marked_public(response):
            patch_cache_control(response, private=True, no_store=True)
        return response


def _marked_public(response) -> bool:
    directives = response.get("Cache-Control", "").split(",")
    return "public" in {d.split("=", 1)[0].strip().lower() for d in directives}


class PortalLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class SlidingSessionMiddleware:
    """Sliding idle expiry without a database write on every page.

    ``SESSION_SAVE_EVERY_REQUEST`` would save a signed-in session (an UPDATE and a commit) on
    every request. Here the session is marked modified — and so saved by ``SessionMiddleware``
    with a fresh expiry of ``SESSION_COOKIE_AGE`` — only when its last refresh is at least
    ``SESSION_REFRESH_SECONDS`` old. A session still ends ``SESSION_COOKIE_AGE`` after the last
    request, at most ``SESSION_REFRESH_SECONDS`` early.
    """

    KEY = "_refreshed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            refreshed = request.session.get(self.KEY)
            if (
                not isinstance(refreshed, int)
                or int(time.time()) - refreshed >= settings.SESSION_REFRESH_SECONDS
            ):
                self.stamp(request.session)
        return self.get_response(request)

    @classmethod
    def stamp(cls, session) -> None:
        session[cls.KEY] = int(time.time())


def stamp_session_at_login(sender, request, user, **kwargs):
    """Signing in saves the session anyway: count that as its first refresh."""
    if request is not None and hasattr(request, "session"):
        SlidingSessionMiddleware.stamp(request.session)
