"""PDF rendering with WeasyPrint for every app (the reports' and the plans' official documents).

One stylesheet (``static/css/pdf.css``) parsed once per process; a URL fetcher that serves only
the app's own static files and refuses everything else (``file://``, any http(s) host), so a
narrative carrying ``<img src=file:///etc/passwd>`` — already escaped by the template — could
never make the renderer read a file or call out. ``config`` imports no app: what each document
shows is its app's business (``reports.pdf``, ``plans.exports``).
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

#: Internal base URL for relative references in the PDF templates. ``.invalid`` never resolves
#: (RFC 2606) and the fetcher maps it onto the static finders; it is never fetched over a network.
STATIC_BASE = "http://portal.invalid/"
_STATIC_PREFIX = STATIC_BASE + settings.STATIC_URL.lstrip("/")


class FetchRefused(ValueError):
    pass


def vn_date(day: dt.date) -> str:
    """ "ngày 05 tháng 3 năm 2026": days 1–9 and months 1–2 get a leading zero (NĐ 30/2020)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def _static_response(url: str):
    """``http://portal.invalid/static/<path>`` → the file the static finders know, or refuse."""
    from weasyprint.urls import URLFetcherResponse

    relative = url[len(_STATIC_PREFIX) :].split("?", 1)[0].split("#", 1)[0]
    if not relative or ".." in Path(relative).parts:
        raise FetchRefused(url)
    found = finders.find(relative)
    if not found:
        raise FetchRefused(url)
    path = Path(found)
    mime = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}.get(
        path.suffix, "application/octet-stream"
    )
    return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})


def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class PortalURLFetcher(URLFetcher):
        """Serves the app's static files and inline ``data:`` URIs (charts); refuses the rest.

        A refused resource is skipped with a warning (``fail_on_errors`` stays False), so a
        stray reference never breaks an official document — it just is not fetched.
        """

        def fetch(self, url, headers=None):
            if url.startswith(_STATIC_PREFIX):
                return _static_response(url)
            if url.startswith("data:"):
                return super().fetch(url, headers)  # decoded in memory, no I/O
            raise FetchRefused(f"Không tải tài nguyên ngoài ứng dụng: {url[:80]}")

    return PortalURLFetcher


@functools.cache
def url_fetcher():
    """The one fetcher instance used for every PDF."""
    return _fetcher_class()(allowed_protocols=("http", "data"), allow_redirects=False)


@functools.cache
def stylesheet():
    """The parsed print stylesheet (parsing is the slow part; done once per process)."""
    from weasyprint import CSS

    path = finders.find("css/pdf.css")
    return CSS(filename=path, url_fetcher=url_fetcher())


def render_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML

    with translation.override("vi"):
        html = render_to_string(template_name, context)
    return HTML(string=html, base_url=STATIC_BASE, url_fetcher=url_fetcher()).write_pdf(
        stylesheets=[stylesheet()]
    )
