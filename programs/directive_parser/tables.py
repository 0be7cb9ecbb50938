"""Task tables ("Danh mục nhiệm vụ"): rows recognised by their header cells (STT / nội dung /
cơ quan thực hiện / phối hợp / thời gian)."""

from __future__ import annotations

import re

from programs.directive_parser.agencies import split_agencies
from programs.directive_parser.context import ParseContext
from programs.directive_parser.dates import parse_due
from programs.directive_parser.result import ParsedAssignment
from programs.text import normalize_name

_COLUMNS = {
    "stt": r"^(stt|tt|so tt|so thu tu)$",
    "text": r"noi dung|nhiem vu|ten nhiem vu|hoat dong",
    "lead": r"(co quan|don vi)\s*(thuc hien|chu tri)|chu tri|thuc hien$",
    "coordinating": r"phoi hop",
    "due": r"thoi gian|thoi han|tien do|hoan thanh",
}


def read_tables(ctx: ParseContext):
    columns: dict[str, int] | None = None
    table_no = 0
    for unit in ctx.units:
        if "\t" not in unit:
            continue
        cells = unit.split("\t")
        normalized = [normalize_name(c) for c in cells]
        header = {}
        for key, pattern in _COLUMNS.items():
            for idx, cell in enumerate(normalized):
                if idx in header.values():
                    continue
                if re.search(pattern, cell):
                    header[key] = idx
                    break
        if "stt" in header and "text" in header and "lead" in header:
            columns, table_no = header, table_no + 1
            continue
        if columns is None:
            continue
        stt = cells[columns["stt"]].strip(" .") if columns["stt"] < len(cells) else ""
        if not re.fullmatch(r"\d{1,3}", stt):
            continue

        def cell(key, cells=cells, columns=columns):
            idx = columns.get(key)
            return cells[idx].strip() if idx is not None and idx < len(cells) else ""

        text, lead_text = cell("text"), cell("lead")
        prefix = "DM" if table_no == 1 else f"DM{table_no}"
        ref = f"{prefix}.{stt}"
        if not lead_text:
            ctx.warn(f"Bảng nhiệm vụ, dòng {stt}: không có cơ quan thực hiện — bỏ qua.")
            continue
        lead = split_agencies(lead_text) or [lead_text]
        coordinating = [c for c in split_agencies(cell("coordinating")) if c not in lead]
        due_text = cell("due")
        due = parse_due(due_text)
        if due_text and due is None:
            ctx.warn(f"Bảng nhiệm vụ, dòng {stt}: không đọc được thời hạn “{due_text}”.")
        ctx.result.assignments.append(
            ParsedAssignment(
                ref=ctx.unique_ref(ref),
                lead=lead,
                coordinating=coordinating,
                text=text,
                due=due,
                due_text=due_text[:120],
                section="Danh mục nhiệm vụ",
            )
        )
