"""Dates, deadlines and numbers written in words.

"12/2013" → the month's last day; "Quý II/2014" → 30/06/2014; "Thực hiện hàng năm" → yearly;
"mười lăm" → 15.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

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


YEARLY = "yearly"
SEMIANNUAL = "semiannual"


@dataclass(frozen=True)
class Timing:
    """When a task is due: once by ``due`` ("YYYY-MM-DD"), or every year / six months."""

    due: str | None = None
    recurrence: str | None = None  # YEARLY | SEMIANNUAL | None


# more often than every six months (quarterly, monthly) is followed half-yearly
_SEMIANNUAL_CELL = re.compile(
    r"(6|sáu) tháng(?!\s*(?:đầu|cuối))|nửa năm|(?:hàng|hằng|mỗi) (?:quý|tháng)"
    r"|hai lần (?:mỗi|một) năm"
)
_YEARLY_CELL = re.compile(
    r"hàng năm|hằng năm|mỗi năm|năm nào cũng|thường xuyên|liên tục|các năm tiếp theo"
)
_YEAR_RANGE = re.compile(
    r"^(?:giai đoạn\s+|từ năm\s+|năm\s+)?(19|20)\d{2}\s*(?:[-–]|đến)\s*(?:năm\s+)?(19|20)\d{2}$"
)


def read_due(text: str) -> Timing:
    """A deadline cell or phrase: "12/2013" → the month's last day; "2015" → 31/12/2015;
    "Quý II/2014" → 30/06/2014; "Hằng năm", "Thường xuyên", "2026-2030" (carried out over the
    period) → yearly; "6 tháng/lần", "định kỳ 6 tháng" → every six months."""
    raw = (text or "").strip()
    if not raw:
        return Timing()
    low = raw.lower()
    if _SEMIANNUAL_CELL.search(low):
        return Timing(recurrence=SEMIANNUAL)
    if _YEARLY_CELL.search(low) or _YEAR_RANGE.match(low.strip(" .")):
        return Timing(recurrence=YEARLY)
    date = find_date(raw)
    if date:
        return Timing(due=date.isoformat())
    m = re.search(r"(?:6|sáu) tháng đầu năm\s+(\d{4})", low)
    if m:
        return Timing(due=f"{m.group(1)}-06-30")
    m = re.search(r"quý\s+(IV|I{1,3}|[1-4])\s*(?:/|năm)\s*(\d{4})", raw, re.I)
    if m:
        end = _month_end(int(m.group(2)), _QUARTER_END[m.group(1).upper()])
        return Timing(due=end.isoformat() if end else None)
    m = re.search(r"(?:tháng\s+)?\b(\d{1,2})\s*(?:/|năm)\s*(\d{4})\b", raw)
    if m:
        end = _month_end(int(m.group(2)), int(m.group(1)))
        return Timing(due=end.isoformat() if end else None)
    m = re.search(r"\b(19|20)(\d{2})\b", raw)
    if m:
        return Timing(due=dt.date(int(m.group(1) + m.group(2)), 12, 31).isoformat())
    return Timing()


def parse_due(text: str) -> str | None:
    """``read_due`` as one value: "YYYY-MM-DD", "yearly", "semiannual" or None."""
    timing = read_due(text)
    return timing.recurrence or timing.due


# a report date without a year ("trước ngày 01/6 và 15/11 hằng năm", "trước ngày 15 tháng 12")
_DAY_MONTH = r"(?:ngày\s+)?\d{1,2}\s*(?:/\s*\d{1,2}(?!\d)(?!\s*/\s*\d)|\s+tháng\s+\d{1,2}(?!\d)(?!\s+năm\s+\d))"
YEARLESS_DATES = re.compile(
    r"(?:trước|chậm nhất|vào|trong)\s+("
    + _DAY_MONTH
    + r")((?:\s*(?:và|,)\s*"
    + _DAY_MONTH
    + r")*)",
    re.I,
)
_PERIODIC = re.compile(r"(?:hàng|hằng|mỗi) năm|định kỳ", re.I)


def yearless_dates(text: str) -> list[str]:
    """ "báo cáo trước ngày 01/6 và 15/11 hằng năm" → ["01/06", "15/11"]."""
    m = YEARLESS_DATES.search(text)
    if not m:
        return []
    found = re.findall(r"(\d{1,2})\s*(?:/|\s+tháng\s+)\s*(\d{1,2})", m.group(1) + m.group(2))
    return [f"{int(d):02d}/{int(mo):02d}" for d, mo in found]


_TIME_LABEL = re.compile(
    r"(?:thời gian|thời hạn)(?:\s+(?:thực hiện|hoàn thành))?\s*:\s*([^;\n]{3,40})$", re.I
)


def task_timing(text: str) -> Timing:
    """When a task's own text says it is due.

    Recurring when the task begins with it ("Hằng năm, …", "Định kỳ 6 tháng, …",
    "Thường xuyên …") or sets report dates without a year ("trước ngày 05/6 và 05/12" → every
    six months; "trước ngày 25/11 hằng năm" → yearly); otherwise the first deadline written
    after "trước", "chậm nhất", "hoàn thành trong", "trong quý/tháng/năm" ("trong quý I/2026").
    """
    start = text.strip()
    if re.match(
        r"^(?:Hàng|Hằng) năm\b|^Định kỳ (?:hàng |hằng |mỗi )năm|^Thường xuyên\b", start, re.I
    ):
        return Timing(recurrence=YEARLY)
    if re.match(r"^Định kỳ (?:6|sáu) tháng", start, re.I):
        return Timing(recurrence=SEMIANNUAL)
    # "…; thời gian thực hiện: Thường xuyên" / "Thời hạn: Quý II/2026", as a table cell reads
    labelled = _TIME_LABEL.search(start)
    if labelled:
        cell = read_due(labelled.group(1).strip(" .;"))
        if cell.recurrence or cell.due:
            return Timing(due=cell.due, recurrence=cell.recurrence)
    # "cung cấp số liệu trước ngày 15 hằng tháng"
    if re.search(r"(?:trước|vào) ngày \d{1,2} (?:hằng|hàng) (?:tháng|quý)", start, re.I):
        return Timing(recurrence=SEMIANNUAL)
    dates = yearless_dates(start)
    if len(dates) >= 2:
        return Timing(recurrence=SEMIANNUAL)
    if dates and _PERIODIC.search(start):
        return Timing(recurrence=YEARLY)
    m = re.search(
        r"(?:trước|chậm nhất|hoàn thành trong|hoàn thành trước|xong trước|trong)\s+(?:ngày\s+)?"
        r"((?:\d{1,2}/\d{1,2}/\d{4})|(?:\d{1,2} tháng \d{1,2} năm \d{4})|(?:tháng\s+)?\d{1,2}/\d{4}"
        r"|(?:quý\s+\w+/\d{4})|(?:năm\s+\d{4}))",
        text,
        re.I,
    )
    if m:
        value = m.group(1)
        if re.match(r"\d{1,2} tháng", value):
            value = "ngày " + value
        return Timing(due=read_due(value).due)
    return Timing()


def due_in_text(text: str) -> str | None:
    """``task_timing`` as one value: "YYYY-MM-DD", "yearly", "semiannual" or None."""
    timing = task_timing(text)
    return timing.recurrence or timing.due
