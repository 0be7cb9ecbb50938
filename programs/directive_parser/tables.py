"""Task tables ("Danh mục nhiệm vụ"): rows recognised by their header cells (STT / nội dung /
cơ quan thực hiện / phối hợp / thời gian)."""

from __future__ import annotations

import re

from config.text import normalize_name
from programs.directive_parser.addressees import split_addressees
from programs.directive_parser.context import ParseContext
from programs.directive_parser.dates import read_due
from programs.directive_parser.result import ParsedAssignment

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
        # "I", "II": a row that heads a group of tasks
        if not re.fullmatch(r"\d{1,3}(?:\.\d{1,3})*", stt):
            continue

        def cell(key, cells=cells, columns=columns):
            idx = columns.get(key)
            return cells[idx].strip() if idx is not None and idx < len(cells) else ""

        text, lead_text = cell("text"), cell("lead")
        prefix = "DM" if table_no == 1 else f"DM{table_no}"
        ref = f"{prefix}.{stt}"
        if not lead_text:
            ctx.skip(ref, text, "không có cơ quan thực hiện")
            continue
        lead, groups = split_addressees(lead_text)
        if not lead and not groups:
            lead = [lead_text]
        coordinating, coordinating_groups = split_addressees(cell("coordinating"))
        coordinating = [c for c in coordinating if c not in lead]
        kinds = {g["kind"] for g in groups}
        coordinating_groups = [g for g in coordinating_groups if g["kind"] not in kinds]
        due_text = cell("due")
        timing = read_due(due_text)
        if due_text and timing.due is None and timing.recurrence is None:
            ctx.warn(f"Bảng nhiệm vụ, dòng {stt}: không đọc được thời hạn “{due_text}”.")
        ctx.result.assignments.append(
            ParsedAssignment(
                ref=ctx.unique_ref(ref),
                lead=lead,
                coordinating=coordinating,
                text=text,
                due=timing.due,
                recurrence=timing.recurrence,
                due_text=due_text[:120],
                section="Danh mục nhiệm vụ",
                groups=groups,
                coordinating_groups=coordinating_groups,
            )
        )
