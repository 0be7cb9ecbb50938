"""The public site's page cache: per page (path + query), language, day and data version.

``@public_page`` caches the rendered body of an anonymous visitor's GET. The key holds a *data
version* — one query: the highest history id (and primary key) of every table the public pages
read — so a publish, an unpublish, an edit or a deletion made anywhere (portal, admin, shell:
every write leaves a simple-history row) changes the key at once, in every process, with no
signal and no explicit purge. The time limit (``PUBLIC_CACHE_SECONDS``) is the ceiling for
writes that bypass history (raw SQL) and for the day-dependent figures.

Signed-in visitors, non-GET requests and requests with pending flash messages are never served
from or stored in the cache (their page differs). A cached page must not contain a CSRF token:
public pages with a form are not decorated (or render the form in an uncached view).

Other apps' models the public pages read are added with ``register_version_source("app.Model")``
in their ``AppConfig.ready`` or module import (events, datasets…); every model of the ``public``
app is included without registering.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from config.versioning import read_version, version_sql

#: ceiling for any cached public page (writes through the app change the key well before)
PUBLIC_CACHE_SECONDS = 300

#: models outside ``public`` whose rows public pages show
_EXTRA_SOURCES: list[str] = [
    "programs.LegalDocument",
    "programs.Indicator",
    "programs.Target",
    "assignments.Task",
    "assignments.ProgressUpdate",
    "enterprises.VsicCode",
]


def register_version_source(label: str) -> None:
    """Make writes to ``label`` (``"app.Model"``) refresh every cached public page."""
    if label not in _EXTRA_SOURCES:
        _EXTRA_SOURCES.append(label)
        _version_sql.cache_clear()


def _source_models():
    seen = []
    for model in apps.get_app_config("public").get_models():
        if not model.__name__.startswith("Historical") and getattr(model, "shown_publicly", True):
            seen.append(model)
    for label in _EXTRA_SOURCES:
        model = apps.get_model(label)
        if model not in seen:
            seen.append(model)
    return seen


@functools.cache
def _version_sql() -> str:
    return version_sql(_source_models())


def content_version() -> str:
    """One query: a signature of everything the public pages read (changes on any write)."""
    return read_version(_version_sql())


def _cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return not len(messages.get_messages(request))


def page_key(name: str, request, *versions: str) -> str:
    raw = "|".join(
        [request.get_full_path(), get_language() or "", str(timezone.localdate()), *versions]
    )
    return f"public:{name}:" + hashlib.sha256(raw.encode()).hexdigest()


def public_page(
    view: Callable | None = None,
    *,
    name: str | None = None,
    versions: tuple[Callable[[], str], ...] = (),
    timeout: int = PUBLIC_CACHE_SECONDS,
):
    """Cache a public view's 200 responses for anonymous GETs (and open it to them: the view
    is marked ``login_not_required``).

    ``versions``: extra version callables for pages that read more than the published content
    (the home's figures read the registry: ``dashboards.selectors.data_version``). A cache hit
    costs ``1 + len(versions)`` queries.
    """

    def decorator(func):
        page_name = name or f"{func.__module__}.{func.__qualname__}"

        @functools.wraps(func)
        def wrapper(request, *args, **kwargs):
            if not _cacheable(request):
                return func(request, *args, **kwargs)
            key = page_key(page_name, request, content_version(), *(v() for v in versions))
            hit = cache.get(key)
            if hit is not None:
                body, content_type = hit
                response = HttpResponse(body, content_type=content_type)
                response["X-Public-Cache"] = "hit"
                return response
            response = func(request, *args, **kwargs)
            if (
                response.status_code == 200
                and not getattr(response, "streaming", False)
                and not response.cookies
            ):
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
                cache.set(key, (response.content, response["Content-Type"]), timeout)
                response["X-Public-Cache"] = "miss"
            return response

        return login_not_required(wrapper)

    if view is not None:
        return decorator(view)
    return decorator
