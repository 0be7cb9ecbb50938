"""XLSX export of dashboard tables (openpyxl), safe against formula injection."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from config.spreadsheets import neutralise_formula


def safe_cell(value):
    """Numbers and dates stay typed; text that could start a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, (int, float, Decimal, dt.date, dt.datetime)):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            from django.utils import timezone

            return timezone.localtime(value).replace(tzinfo=None)
        return value
    return neutralise_formula(str(value))


def workbook_bytes(
    *, title: str, headers: list[str], rows: list[list], subtitle: str = ""
) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = (safe_cell(title) or "Bang")[:31].replace("/", "-").lstrip("'")
    ws.append([safe_cell(title)])
    ws["A1"].font = Font(bold=True, size=13)
    start = 2
    if subtitle:
        ws.append([safe_cell(subtitle)])
        start = 3
    ws.append([safe_cell(h) for h in headers])
    head_fill = PatternFill("solid", fgColor="E6F1F3")
    for col in range(1, len(headers) + 1):
        cell = ws.cell(row=start, column=col)
        cell.font = Font(bold=True)
        cell.fill = head_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append([safe_cell(v) for v in row])
    for row in ws.iter_rows(min_row=start + 1):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
            elif isinstance(cell.value, dt.datetime):
                cell.number_format = "DD/MM/YYYY HH:MM"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
    for col, header in enumerate(headers, start=1):
        width = max([len(str(header))] + [len(str(r[col - 1] or "")) for r in rows[:200]])
        ws.column_dimensions[get_column_letter(col)].width = min(max(width + 2, 8), 60)
    ws.freeze_panes = ws.cell(row=start + 1, column=1)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
