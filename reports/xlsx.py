"""XLSX annexes of the reports (openpyxl): per-agency figures, enterprise results, completeness.

Every cell goes through ``config.spreadsheets.safe_cell``: text that starts like a formula
(``= + - @``, a tab/CR) is written as a quote-prefixed text cell, shown as typed and never run.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from config.spreadsheets import append_row
from reports.consolidated import consolidated_context
from reports.pdf import period_phrase
from reports.prefill import FIGURE_ROWS
from reports.selectors import completeness_matrix

_HEAD_FONT = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBEE")


def _sheet(wb, title: str, heading: str, headers: list[str], rows) -> None:
    ws = wb.create_sheet(title=title[:31])
    append_row(ws, [heading])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([])
    append_row(ws, headers)
    for cell in ws[3]:
        cell.font = _HEAD_FONT
        cell.fill = _HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        append_row(ws, row)
    for index, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(index)].width = max(12, min(45, len(header) + 4))
    ws.freeze_panes = "A4"


def _save(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def agency_figures_rows(context) -> tuple[list[str], list[list]]:
    headers = ["TT", "Cơ quan, đơn vị"] + [f"{r.label} ({r.unit})" for r in FIGURE_ROWS]
    rows = [
        [i, row["agency"].name] + [row["figures"].get(r.key, 0) for r in FIGURE_ROWS]
        for i, row in enumerate(context["agency_rows"], start=1)
    ]
    return headers, rows


def enterprise_rows(context, saved: dict | None = None) -> tuple[list[str], list[list]]:
    """One row per applying facility: money, per-unit savings in % of its own baseline and the
    yearly figures (per-unit saving × its annual output), then a total row of what adds up."""
    from reports.consolidated_content import enterprise_savings

    if saved is None:
        saved = enterprise_savings(context["period"])
    headers = [
        "TT",
        "Cơ sở",
        "Mã số thuế",
        "Số giải pháp đã thực hiện",
        "Vốn đầu tư (đồng)",
        "Lợi ích hằng năm (đồng/năm)",
        "Tiết kiệm năng lượng (% so với mức nền)",
        "Tiết kiệm điện (kWh/năm)",
        "Tiết kiệm nước (% so với mức nền)",
        "Tiết kiệm nước (m³/năm)",
        "Tiết kiệm nguyên liệu (% so với mức nền)",
        "Tiết kiệm nguyên liệu (tấn/năm)",
        "Giảm phát thải (tấn CO₂e/năm)",
        "Giải pháp chưa có sản lượng hằng năm",
    ]
    rows = []
    for i, r in enumerate(context["enterprise"]["rows"], start=1):
        y = saved["per"].get(r["assessment__enterprise__tax_code"], {})
        rows.append(
            [
                i,
                r["assessment__enterprise__name"],
                r["assessment__enterprise__tax_code"],
                r["n_options"],
                r["investment"],
                r["saving"],
                y.get("pct_energy_kwh"),
                y.get("energy_kwh_year"),
                y.get("pct_water_m3"),
                y.get("water_m3_year"),
                y.get("pct_material_t"),
                y.get("material_t_year"),
                y.get("co2e_t_year"),
                y.get("options_without_output"),
            ]
        )
    if rows:
        annual = saved["annual"]
        totals = context["enterprise"]["totals"]
        rows.append(
            [
                None,
                "Tổng cộng",
                None,
                sum(r[3] for r in rows),
                totals["investment_vnd"],
                totals["saving_vnd"],
                None,
                annual["energy_kwh_year"],
                None,
                annual["water_m3_year"],
                None,
                annual["material_t_year"],
                annual["co2e_t_year"],
                annual["options_without_output"],
            ]
        )
    return headers, rows


def industry_sheet_rows(period) -> tuple[list[str], list[list]]:
    """One row per VSIC division, then the total (the same figures as the report's table)."""
    from reports.consolidated_content import industry_rows, industry_totals

    headers = [
        "TT",
        "Mã ngành cấp 2",
        "Ngành (VSIC cấp 2)",
        "Ngành cấp 1",
        "Số cơ sở",
        "Đã đánh giá SXSH (lũy kế)",
        "Áp dụng SXSH (lũy kế)",
        "Giải pháp thực hiện trong kỳ",
        "Cơ sở có giải pháp thực hiện trong kỳ",
        "Lợi ích (đồng/năm)",
        "Tiết kiệm điện (kWh/năm)",
        "Tiết kiệm nước (m³/năm)",
        "Giảm phát thải (tấn CO₂e/năm)",
    ]
    rows = industry_rows(period)
    out = [
        [
            i,
            r["division"] or "",
            r["label"],
            r["section"],
            r["total"],
            r["assessed"],
            r["applying"],
            r["options"],
            r["enterprises_period"],
            r["saving_vnd_year"],
            r["energy_kwh_year"],
            r["water_m3_year"],
            r["co2e_t_year"],
        ]
        for i, r in enumerate(rows, start=1)
    ]
    if rows:
        t = industry_totals(rows)
        out.append(
            [
                None, "", "Tổng cộng", "", t["total"], t["assessed"], t["applying"],
                t["options"], t["enterprises_period"], t["saving_vnd_year"],
                t["energy_kwh_year"], t["water_m3_year"], t["co2e_t_year"],
            ]
        )  # fmt: skip
    return headers, out


def completeness_rows(matrix) -> tuple[list[str], list[list]]:
    headers = ["TT", "Cơ quan, đơn vị"] + [p.key for p in matrix["periods"]]
    rows = [
        [i, row["agency"].name] + [str(cell["label"]) for cell in row["cells"]]
        for i, row in enumerate(matrix["rows"], start=1)
    ]
    return headers, rows


def consolidated_xlsx(*, period) -> bytes:
    """The four annexes of the consolidated report of ``period`` in one workbook."""
    context = consolidated_context(period=period)
    phrase = period_phrase(period)
    wb = Workbook()
    wb.remove(wb.active)
    headers, rows = agency_figures_rows(context)
    _sheet(
        wb,
        "Số liệu các đơn vị",
        f"Phụ lục 1. Số liệu của các cơ quan, đơn vị {phrase}",
        headers,
        rows,
    )
    headers, rows = enterprise_rows(context)
    _sheet(
        wb,
        "Kết quả doanh nghiệp",
        f"Phụ lục 2. Kết quả áp dụng SXSH tại các cơ sở {phrase}",
        headers,
        rows,
    )
    headers, rows = industry_sheet_rows(period)
    _sheet(
        wb,
        "Theo ngành",
        f"Phụ lục 3. Kết quả theo ngành (VSIC 2018, ngành cấp 2) {phrase}",
        headers,
        rows,
    )
    headers, rows = completeness_rows(completeness_matrix(periods=[period]))
    _sheet(wb, "Tình hình báo cáo", f"Phụ lục 4. Tình hình gửi báo cáo {phrase}", headers, rows)
    return _save(wb)


def completeness_xlsx(*, matrix) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    headers, rows = completeness_rows(matrix)
    _sheet(wb, "Tình hình báo cáo", "Tình hình gửi báo cáo của các cơ quan, đơn vị", headers, rows)
    return _save(wb)
