"""The consolidated report's section "Tình hình thực hiện kế hoạch và kinh phí": the year's
approved plan against the activities linked to it up to the period's end — the figures of
``plans.selectors.plan_execution_in_force``, the same the plan page and the dashboard show.

``plan_section_context`` feeds the report's web page; ``plan_blocks`` is the same section as
content blocks of ``reports.consolidated_content``, so the PDF and the .docx say the same."""

from __future__ import annotations

from django.utils import timezone

from config.money import format_vnd, group_dong
from plans.selectors import plan_execution_in_force


def plan_section_context(*, period, today=None) -> dict:
    today = today or timezone.localdate()
    as_of = min(period.ends_on, today)
    return {"plan_figures": plan_execution_in_force(period.year, until=as_of, today=as_of)}


def _pct(value) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",") + "%"


def plan_blocks(period, *, heading: str, today=None) -> list:
    """The section as Heading / Para / Table blocks (reports.consolidated_content)."""
    from reports.consolidated_content import Heading, Para, Table

    f = plan_section_context(period=period, today=today)["plan_figures"]
    blocks: list = [Heading(heading, 2)]
    if f is None:
        blocks.append(
            Para(f"Chưa có kế hoạch sản xuất sạch hơn năm {period.year} được UBND tỉnh phê duyệt.")
        )
        return blocks
    version = f.version
    decision = ""
    if version.decision_number:
        decision = f", Quyết định số {version.decision_number}"
        if version.decision_date:
            decision += f" ngày {version.decision_date:%d/%m/%Y}"
        decision += " của UBND tỉnh"
    behind = len(f.behind)
    blocks.append(
        Para(
            f"Kế hoạch sản xuất sạch hơn năm {version.plan.year} (phiên bản {version.number}"
            f"{decision}) có {len(f.items)} nội dung, tổng kinh phí được duyệt "
            f"{format_vnd(f.total.base)}. Đến ngày {f.today:%d/%m/%Y}, kinh phí đã thực hiện theo "
            f"các hoạt động gắn với kế hoạch là {format_vnd(f.total.actual)}, đạt "
            f"{_pct(f.total.rate)}; "
            + (f"{behind} nội dung chậm tiến độ." if behind else "không có nội dung chậm tiến độ.")
        )
    )
    blocks.append(
        Table(
            header=["TT", "Nguồn kinh phí", "Được duyệt (đồng)", "Thực hiện (đồng)", "Tỷ lệ"],
            rows=[
                [
                    str(i),
                    str(row.label),
                    group_dong(row.money.base),
                    group_dong(row.money.actual),
                    _pct(row.money.rate),
                ]
                for i, row in enumerate(f.by_source, start=1)
            ],
            widths_mm=[10, 62, 36, 36, 21],
            total_row=[
                "",
                "Tổng cộng",
                group_dong(f.total.base),
                group_dong(f.total.actual),
                _pct(f.total.rate),
            ],
        )
    )
    blocks.append(
        Table(
            header=["Quý", "Kế hoạch (đồng)", "Thực hiện (đồng)"],
            rows=[
                [str(row.label), group_dong(row.money.base), group_dong(row.money.actual)]
                for row in f.by_quarter
            ],
            widths_mm=[65, 50, 50],
        )
    )
    if f.behind:
        names = "; ".join(
            f"{row.item.title} ({row.item.lead_agency.name})"
            if row.item.lead_agency_id
            else row.item.title
            for row in f.behind
        )
        blocks.append(Para(f"Các nội dung chậm tiến độ: {names}."))
    return blocks
