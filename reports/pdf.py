"""PDF rendering of reports in the official administrative format (Nghị định 30/2020/NĐ-CP).

The renderer itself — the one parsed stylesheet, the static-only URL fetcher, ``render_pdf`` and
``vn_date`` — is ``config.pdf``, shared with the annual plan's documents.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from config.pdf import STATIC_BASE, FetchRefused, render_pdf, stylesheet, url_fetcher, vn_date
from reports.consolidated import consolidated_context
from reports.plan_section import plan_section_context
from reports.prefill import figure_rows
from reports.selectors import person_name

__all__ = ["STATIC_BASE", "FetchRefused", "render_pdf", "stylesheet", "url_fetcher", "vn_date"]


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
    """The consolidated report of ``report.period`` (figures computed at render time)."""
    computed = consolidated_context(period=report.period)
    context = {
        **computed,
        **plan_section_context(period=report.period),
        **_pdf_view(computed),
        **_common(report.period),
        "doc": report,
        "issuing_body": "Sở Công Thương",
        "number": report.number or f"{_BLANK_NUMBER}/BC-SCT",
        "recipient_lines": _lines(report.recipients),
        "signer_lines": _lines(report.signer_title),
        "signer_name": report.signer_name,
        "date_line": vn_date(report.issued_on or timezone.localdate()),
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
