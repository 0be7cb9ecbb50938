"""A signed-in user's pages, kept between writes.

Officers move between the same few pages all day — the overview, the task list, a task, back to
the list — while the data under them changes a few times an hour. A page decorated with
``@cached_page`` is rendered once and kept per **user**, address (path and query), HTMX target,
language, day and **data version**: one query over every table of the portal's apps
(``config.versioning``), so any write through the portal, by anyone, shows on the next request
in every worker. ``PAGE_CACHE_SECONDS`` bounds how long a page may be kept in any case (writes
that bypass the ORM); ``0`` turns the cache off.

Kept per user, never shared, so a cached page shows exactly what the view showed this user a
moment ago — the view's permission checks ran when it was rendered, and a change to the user's
roles or agency is a write (history row), which changes the version.

What differs per request is not kept: while a page is being cached the templates render
placeholders for the CSRF token (``accounts.context_processors.page_cache``) and the one-time
form tokens (``{% form_token %}``, ``accounts.formtokens``), and the CSP nonce is swapped for
one; each is filled in on the way out, a fresh form token per form. Not kept at all: pages shown
with a flash message, anything but a plain 200 answer.
"""

from __future__ import annotations

import functools
import hashlib

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

from accounts.formtokens import new_token
from config.versioning import read_version, version_sql

CSRF_PLACEHOLDER = "pagecacheCSRFplaceholder0000000000000000000000000000000000000000"
NONCE_PLACEHOLDER = "pagecacheNONCEplaceholder000000"
FORM_TOKEN_PLACEHOLDER = "pagecacheFORMTOKENplaceholder000000000000"  # noqa: S105
#: the apps whose tables make the version (every table of the portal that a page may show)
VERSION_APPS = ("accounts", "programs", "enterprises", "assignments", "plans", "reports", "public")
#: written on every form post, shown on no page
_NOT_SHOWN = {"accounts.formtoken"}


@functools.cache
def _version_sql() -> str:
    models = [
        model
        for label in VERSION_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.label_lower not in _NOT_SHOWN and not model.__name__.startswith("Historical")
    ]
    return version_sql(models)


def data_version() -> str:
    """One query: changes whenever any table of the portal's apps is written."""
    return read_version(_version_sql())


def _key(request, version: str) -> str:
    raw = "|".join(
        [
            str(request.user.pk),
            request.get_full_path(),
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-Target", ""),
            get_language() or "",
            str(timezone.localdate()),
            version,
        ]
    )
    return "pagecache:" + hashlib.sha256(raw.encode()).hexdigest()


def _cacheable(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and request.user.is_authenticated
        and not getattr(request, "page_cache_rendering", False)
        and not len(messages.get_messages(request))
    )


def _fill(body: str, request) -> str:
    if CSRF_PLACEHOLDER in body:
        body = body.replace(CSRF_PLACEHOLDER, get_token(request))
    if NONCE_PLACEHOLDER in body:
        body = body.replace(NONCE_PLACEHOLDER, str(request.csp_nonce))
    if FORM_TOKEN_PLACEHOLDER in body:  # each form its own, as when rendered
        parts = body.split(FORM_TOKEN_PLACEHOLDER)
        body = parts[0] + "".join(new_token() + part for part in parts[1:])
    return body


def cached_page(view):
    """Keep ``view``'s page for this user until the data changes (see the module docstring)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request, data_version())
        hit = cache.get(key)
        if hit is not None:
            body, content_type = hit
            return HttpResponse(_fill(body, request), content_type=content_type)
        request.page_cache_rendering = True
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        finally:
            request.page_cache_rendering = False
        if getattr(response, "streaming", False):
            return response
        body = response.content.decode(response.charset)
        nonce = getattr(request, "_csp_nonce", None)
        if nonce:
            body = body.replace(nonce, NONCE_PLACEHOLDER)
        added_message = getattr(getattr(request, "_messages", None), "_queued_messages", None)
        if response.status_code == 200 and not response.cookies and not added_message:
            cache.set(key, (body, response["Content-Type"]), settings.PAGE_CACHE_SECONDS)
        response.content = _fill(body, request).encode(response.charset)
        return response

    return wrapper
