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


def enterprise_rows(context) -> tuple[list[str], list[list]]:
    headers = [
        "TT",
        "Cơ sở",
        "Mã số thuế",
        "Số giải pháp đã thực hiện",
        "Vốn đầu tư (đồng)",
        "Lợi ích hằng năm (đồng)",
        "Tiết kiệm năng lượng (kWh/đơn vị SP)",
        "Tiết kiệm nước (m³/đơn vị SP)",
        "Tiết kiệm nguyên liệu (tấn/đơn vị SP)",
        "Giảm phát thải CO₂ (tấn/năm)",
    ]
    rows = [
        [
            i,
            r["assessment__enterprise__name"],
            r["assessment__enterprise__tax_code"],
            r["n_options"],
            r["investment"],
            r["saving"],
            r["energy"],
            r["water"],
            r["material"],
            r["co2"],
        ]
        for i, r in enumerate(context["enterprise"]["rows"], start=1)
    ]
    return headers, rows


def completeness_rows(matrix) -> tuple[list[str], list[list]]:
    headers = ["TT", "Cơ quan, đơn vị"] + [p.key for p in matrix["periods"]]
    rows = [
        [i, row["agency"].name] + [str(cell["label"]) for cell in row["cells"]]
        for i, row in enumerate(matrix["rows"], start=1)
    ]
    return headers, rows


def consolidated_xlsx(*, period) -> bytes:
    """The three annexes of the consolidated report of ``period`` in one workbook."""
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
    headers, rows = completeness_rows(completeness_matrix(periods=[period]))
    _sheet(wb, "Tình hình báo cáo", f"Phụ lục 3. Tình hình gửi báo cáo {phrase}", headers, rows)
    return _save(wb)


def completeness_xlsx(*, matrix) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    headers, rows = completeness_rows(matrix)
    _sheet(wb, "Tình hình báo cáo", "Tình hình gửi báo cáo của các cơ quan, đơn vị", headers, rows)
    return _save(wb)
