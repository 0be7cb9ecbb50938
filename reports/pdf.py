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

from reports.prefill import figure_rows
from reports.selectors import person_name

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


def period_phrase(period) -> str:
    """ "năm 2025", "6 tháng đầu năm 2026", "6 tháng cuối năm 2026"."""
    from programs.choices import PeriodKind

    if period.kind == PeriodKind.H1:
        return f"6 tháng đầu năm {period.year}"
    if period.kind == PeriodKind.H2:
        return f"6 tháng cuối năm {period.year}"
    return f"năm {period.year}"


#: the number is written by hand by the records office (văn thư) when the report is issued
_BLANK_NUMBER = "\u00a0" * 8


def signer_lines(position: str) -> list[str]:
    """The signature block title: a deputy signs "KT." (ký thay) for the head.

    "Phó Giám đốc Sở" → ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]; "Phó Trưởng ban" → ["KT. TRƯỞNG BAN",
    "PHÓ TRƯỞNG BAN"]; "Giám đốc" → ["GIÁM ĐỐC"]; unknown → ["THỦ TRƯỞNG ĐƠN VỊ"].
    """
    position = " ".join((position or "").split())
    for suffix in (" Sở", " Đài", " Báo"):
        position = position.removesuffix(suffix)
    if not position:
        return ["THỦ TRƯỞNG ĐƠN VỊ"]
    if position.lower().startswith("phó "):
        head = position[4:]
        return [f"KT. {head.upper()}", position.upper()]
    return [position.upper()]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _common(period) -> dict:
    return {
        "province": settings.PORTAL_PROVINCE,
        "place": settings.PORTAL_PLACE,
        "parent_body": f"UBND tỉnh {settings.PORTAL_PROVINCE}",
        "period_phrase": period_phrase(period),
    }


#: The body lists this many enterprises (largest annual saving first); the full list is the
#: annex "Kết quả doanh nghiệp" of the XLSX. Thousands of table rows made WeasyPrint's layout
#: take >10 s, and a provincial report summarises in the body and puts long lists in annexes.
ENTERPRISE_TOP = 30

#: An agency's narrative is quoted in the body up to this many characters (its own report,
#: attached to the consolidated one, has the full text).
NARRATIVE_CHARS = 500


def shorten(text: str, limit: int = NARRATIVE_CHARS) -> str:
    """User text on one line, cut at a word boundary before ``limit`` characters with "…"."""
    flat = " ".join((text or "").split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-") + "…"


def top_enterprises(rows: list[dict], limit: int = ENTERPRISE_TOP) -> list[dict]:
    """The ``limit`` enterprises with the largest annual saving (ties by name)."""
    ranked = sorted(rows, key=lambda r: r["assessment__enterprise__name"] or "")
    ranked.sort(key=lambda r: r["saving"] or 0, reverse=True)
    return ranked[:limit]


def _pdf_view(context: dict) -> dict:
    """What the PDF body shows of the computed context: bounded whatever the data size."""
    rows = context["enterprise"]["rows"]
    narratives = [
        {"agency": row["agency"], "text": shorten(row["report"].results)}
        for row in context["agency_rows"]
        if (row["report"].results or "").strip()
    ]
    return {
        "enterprise_top": top_enterprises(rows),
        "enterprise_count": len(rows),
        "enterprise_capped": len(rows) > ENTERPRISE_TOP,
        "enterprise_limit": ENTERPRISE_TOP,
        "agency_narratives": narratives,
    }


def consolidated_pdf(*, report) -> bytes:
    """The consolidated report of ``report.period`` (figures computed at render time), from the
    same content structure as its .docx (``reports.consolidated_content``)."""
    from reports.consolidated_content import consolidated_document

    document = consolidated_document(report=report)
    context = {
        "period": report.period,
        "document": document,
        "parent_body": document.issuer_parent,
        "issuing_body": document.issuer,
        "number": document.number,
        "place": document.place,
        "date_line": document.date_line,
        "recipient_lines": document.recipients,
        "signer_lines": document.signer_lines,
        "signer_name": document.signer_name,
    }
    return render_pdf("reports/pdf/consolidated.html", context)


def agency_report_pdf(*, report) -> bytes:
    """An agency report in the same format; the issuing body is the agency."""
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
        "number": f"{_BLANK_NUMBER}/BC-{short}" if short else _BLANK_NUMBER,
        "recipient_lines": ["Sở Công Thương (b/c);", "Lưu: VT."],
        "signer_lines": signer_lines(signer.position if signer else ""),
        "signer_name": person_name(signer),
        "date_line": vn_date(issued),
    }
    return render_pdf("reports/pdf/agency_report.html", context)
