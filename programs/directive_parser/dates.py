"""Dates, deadlines and numbers written in words.

"12/2013" → the month's last day; "Quý II/2014" → 30/06/2014; "Thực hiện hàng năm" → yearly;
"mười lăm" → 15.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

NUMBER_WORDS = {
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
    "mươi": 10,
    "mốt": 1,
    "lăm": 5,
    "nhăm": 5,
}


def vietnamese_number(words: str) -> int | None:
    """ "10" / "mười" / "mười lăm" / "ba mươi" / "bốn mươi lăm" → int; None if not a number."""
    words = words.strip().lower()
    if words.isdigit():
        return int(words)
    parts = words.split()
    if not parts or any(p not in NUMBER_WORDS for p in parts):
        return None
    total = 0
    if "mươi" in parts:
        idx = parts.index("mươi")
        tens = NUMBER_WORDS[parts[idx - 1]] if idx > 0 else 1
        total = tens * 10
        rest = parts[idx + 1 :]
    elif parts[0] == "mười":
        total = 10
        rest = parts[1:]
    else:
        rest = parts
    if len(rest) > 1:
        return None
    if rest:
        total += NUMBER_WORDS[rest[0]] if rest[0] != "mười" else 10
    return total or None


_DATE_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I)
_DATE_NUM = re.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\b")


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def find_date(text: str) -> dt.date | None:
    m = _DATE_WORDS.search(text)
    if m:
        return _date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    m = _DATE_NUM.search(text)
    if m:
        return _date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return None


def _month_end(year: int, month: int) -> dt.date | None:
    if not 1 <= month <= 12:
        return None
    return dt.date(year, month, calendar.monthrange(year, month)[1])


_QUARTER_END = {"I": 3, "II": 6, "III": 9, "IV": 12, "1": 3, "2": 6, "3": 9, "4": 12}


def parse_due(text: str) -> str | None:
    """A deadline cell or phrase → "YYYY-MM-DD", "yearly", "semiannual" or None.

    "12/2013" → last day of December 2013; "2015" → 31/12/2015; "Quý II/2014" → 30/06/2014;
    "Thực hiện hàng năm" → yearly; "6 tháng", "định kỳ 6 tháng" → semiannual.
    """
    raw = (text or "").strip()
    if not raw:
        return None
    low = raw.lower()
    if re.search(r"(6|sáu) tháng|nửa năm|hàng quý|hằng quý", low):
        return "semiannual"
    if re.search(r"hàng năm|hằng năm|mỗi năm|năm nào cũng", low):
        return "yearly"
    date = find_date(raw)
    if date:
        return date.isoformat()
    m = re.search(r"quý\s+(IV|I{1,3}|[1-4])\s*(?:/|năm)\s*(\d{4})", raw, re.I)
    if m:
        end = _month_end(int(m.group(2)), _QUARTER_END[m.group(1).upper()])
        return end.isoformat() if end else None
    m = re.search(r"(?:tháng\s+)?\b(\d{1,2})\s*(?:/|năm)\s*(\d{4})\b", raw)
    if m:
        end = _month_end(int(m.group(2)), int(m.group(1)))
        return end.isoformat() if end else None
    m = re.search(r"\b(19|20)(\d{2})\b", raw)
    if m:
        return dt.date(int(m.group(1) + m.group(2)), 12, 31).isoformat()
    return None


def due_in_text(text: str) -> str | None:
    """A deadline written inside a task's text ("Hàng năm, …", "trước ngày 30/6/2013")."""
    if re.match(r"^(Hàng|Hằng|hàng|hằng) năm\b", text.strip()):
        return "yearly"
    if re.match(r"^(Định kỳ|định kỳ) (6|sáu) tháng", text.strip()):
        return "semiannual"
    m = re.search(
        r"(?:trước|chậm nhất|hoàn thành trong|hoàn thành trước|xong trước)\s+(?:ngày\s+)?"
        r"((?:\d{1,2}/\d{1,2}/\d{4})|(?:\d{1,2} tháng \d{1,2} năm \d{4})|(?:tháng\s+)?\d{1,2}/\d{4}"
        r"|(?:quý\s+\w+/\d{4})|(?:năm\s+\d{4}))",
        text,
        re.I,
    )
    if m:
        value = m.group(1)
        if re.match(r"\d{1,2} tháng", value):
            value = "ngày " + value
        return parse_due(value)
    return None
