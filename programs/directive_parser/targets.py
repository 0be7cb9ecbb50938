"""Targets ("Mục tiêu cụ thể"): percentages with the milestone year they are due by."""

from __future__ import annotations

import re

from programs.directive_parser.context import ParseContext
from programs.directive_parser.numbering import BULLET_RE, DIEU_RE, LETTER_RE, NUM_RE, ROMAN_RE
from programs.directive_parser.result import ParsedTarget

_SPECIFIC = re.compile(
    r"^(?:[a-zđ\d]+[.)/]\s*)?(Mục tiêu cụ thể|Các mục tiêu cụ thể|Chỉ tiêu cụ thể)", re.I
)
#: a part of its own: "II. MỤC TIÊU" (numbered targets under it, "1. Đến năm 2030, 90 % …")
_PART = re.compile(r"^[IVXLC]+\.\s*(?:CÁC\s+)?(?:MỤC TIÊU|CHỈ TIÊU)(?:\s+CỤ THỂ)?\s*:?$")


def read_targets(ctx: ParseContext):
    start, whole_part = None, False
    for i, unit in enumerate(ctx.units):
        if _SPECIFIC.match(unit):
            start = i + 1
            break
        if _PART.match(unit):
            start, whole_part = i + 1, True
            break
    if start is None:
        return
    year = None
    for unit in ctx.units[start:]:
        if whole_part:
            # the part's numbered and lettered items are its targets, up to the next part
            if ROMAN_RE.match(unit) or DIEU_RE.match(unit):
                break
            numbered = NUM_RE.match(unit)
            unit = numbered.group(2) if numbered else unit
            lettered = LETTER_RE.match(unit)
            unit = (lettered.group(2) or lettered.group(4) or "") if lettered else unit
        elif (
            ROMAN_RE.match(unit)
            or NUM_RE.match(unit)
            or DIEU_RE.match(unit)
            or (LETTER_RE.match(unit) and "%" not in unit)
        ):
            break
        body = BULLET_RE.sub("", unit).strip()
        ym = re.match(r"^(?:Đến|đến|Tới|Trong)\s+(?:hết\s+)?năm\s+(\d{4})\s*:?$", body) or re.match(
            r"^(?:Từ năm|Giai đoạn|Trong giai đoạn)\s+\d{4}\s*(?:đến(?: năm)?|[-–])\s*(\d{4})\s*:?$",
            body,
            re.I,
        )
        if ym:
            year = int(ym.group(1))
            continue
        inline = re.match(r"^(?:Đến|đến)\s+năm\s+(\d{4})\s*[,:]\s*(.+)$", body)
        by_year = year
        if inline:
            by_year, body = int(inline.group(1)), inline.group(2)
        _targets_in(ctx, body, by_year)


_PCT = re.compile(r"(\d+(?:[.,]\d+)?)(?:\s*(?:[-–]|đến)\s*(\d+(?:[.,]\d+)?))?\s*%")


def _targets_in(ctx: ParseContext, body: str, year: int | None):
    matches = list(_PCT.finditer(body))
    if not matches:
        return
    # split the text between two percentages at its last "và"/comma: the part before
    # finishes the previous target's indicator, the part after leads into the next one
    leads, tails = [body[: matches[0].start()]], []
    for k in range(1, len(matches)):
        between = body[matches[k - 1].end() : matches[k].start()]
        cut = list(re.finditer(r"\s+và\s+|,\s+", between))
        if cut:
            tails.append(between[: cut[-1].start()])
            leads.append(between[cut[-1].end() :])
        else:
            tails.append(between)
            leads.append("")
    tails.append(body[matches[-1].end() :])
    for k, m in enumerate(matches):
        value = m.group(1).replace(",", ".")
        if m.group(2):
            value = f"{value}-{m.group(2).replace(',', '.')}"
        lead = re.sub(r"\s+(?:từ|là|đạt|khoảng|ít nhất|tối thiểu|trên)\s*$", "", leads[k])
        text = re.sub(r"\s+", " ", f"{lead.strip()} {tails[k].strip()}").strip(" .;,:")
        ctx.result.targets.append(
            ParsedTarget(indicator=text[:500], value=value, unit="%", by_year=year, text=body)
        )
