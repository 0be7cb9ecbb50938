"""PDF rendering of reports in the official administrative format (Nghị định 30/2020/NĐ-CP).

One stylesheet (``static/css/pdf.css``) parsed once per process; a URL fetcher that serves only
the app's own static files and refuses everything else (``file://``, any http(s) host), so a
narrative carrying ``<img src=file:///etc/passwd>`` — already escaped by the template — could
never make the renderer read a file or call out.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation

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


def url_fetcher(url: str, timeout: int = 10, ssl_context=None):
    """Serve ``http://portal.invalid/static/<path>`` from the static finders; refuse the rest."""
    if not url.startswith(_STATIC_PREFIX):
        raise FetchRefused(f"Không tải tài nguyên ngoài ứng dụng: {url[:80]}")
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
    return {"string": path.read_bytes(), "mime_type": mime, "redirected_url": url}


@functools.cache
def stylesheet():
    """The parsed print stylesheet (parsing is the slow part; done once per process)."""
    from weasyprint import CSS

    path = finders.find("css/pdf.css")
    return CSS(filename=path, url_fetcher=url_fetcher)


def render_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML

    with translation.override("vi"):
        html = render_to_string(template_name, context)
    return HTML(string=html, base_url=STATIC_BASE, url_fetcher=url_fetcher).write_pdf(
        stylesheets=[stylesheet()]
    )


def period_phrase(period) -> str:
    """ "năm 2025", "6 tháng đầu năm 2026", "6 tháng cuối năm 2026"."""
    from reports.choices import PeriodKind

    if period.kind == PeriodKind.H1:
        return f"6 tháng đầu năm {period.year}"
    if period.kind == PeriodKind.H2:
        return f"6 tháng cuối năm {period.year}"
    return f"năm {period.year}"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _common(period) -> dict:
    return {
        "province": settings.PORTAL_PROVINCE,
        "place": settings.PORTAL_PLACE,
        "parent_body": f"UBND tỉnh {settings.PORTAL_PROVINCE}",
        "period_phrase": period_phrase(period),
    }


def consolidated_pdf(*, report) -> bytes:
    """The consolidated report of ``report.period`` (figures computed at render time)."""
    from reports.services import consolidated_context

    context = {
        **consolidated_context(period=report.period),
        **_common(report.period),
        "doc": report,
        "issuing_body": "Sở Công Thương",
        "number": report.number or "      /BC-SCT",
        "recipient_lines": _lines(report.recipients),
        "signer_lines": _lines(report.signer_title),
        "signer_name": report.signer_name,
        "date_line": vn_date(report.issued_on or timezone.localdate()),
    }
    return render_pdf("reports/pdf/consolidated.html", context)


def agency_report_pdf(*, report) -> bytes:
    """An agency report in the same format; the issuing body is the agency."""
    from reports.services import figure_rows, person_name

    signer = report.submitted_by
    short = report.agency.short_name.replace(" ", "")
    issued = (
        timezone.localdate(report.submitted_at) if report.submitted_at else timezone.localdate()
    )
    context = {
        **_common(report.period),
        "report": report,
        "rows": figure_rows(report),
        "issuing_body": report.agency.name,
        "number": f"      /BC-{short}" if short else "",
        "recipient_lines": ["Sở Công Thương (b/c);", "Lưu: VT."],
        "signer_lines": [(signer.position if signer and signer.position else "THỦ TRƯỞNG ĐƠN VỊ")],
        "signer_name": person_name(signer),
        "date_line": vn_date(issued),
    }
    return render_pdf("reports/pdf/agency_report.html", context)
