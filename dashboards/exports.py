"""XLSX export of dashboard tables (openpyxl); every cell through ``config.spreadsheets``, so
text that starts like a formula stays text."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from config.spreadsheets import append_row


def workbook_bytes(
    *, title: str, headers: list[str], rows: list[list], subtitle: str = ""
) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = str(title or "Bang")[:31].replace("/", "-")
    append_row(ws, [title])
    ws["A1"].font = Font(bold=True, size=13)
    start = 2
    if subtitle:
        append_row(ws, [subtitle])
        start = 3
    append_row(ws, headers)
    head_fill = PatternFill("solid", fgColor="E6F1F3")
    for col in range(1, len(headers) + 1):
        cell = ws.cell(row=start, column=col)
        cell.font = Font(bold=True)
        cell.fill = head_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        append_row(ws, row)
    for col, header in enumerate(headers, start=1):
        width = max([len(str(header))] + [len(str(r[col - 1] or "")) for r in rows[:200]])
        ws.column_dimensions[get_column_letter(col)].width = min(max(width + 2, 8), 60)
    ws.freeze_panes = ws.cell(row=start + 1, column=1)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
