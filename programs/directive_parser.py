"""Read a provincial directive (chỉ thị, quyết định, kế hoạch…) into structured data.

Pure: no database, no Django models. ``parse_directive(text)`` returns a ``ParsedDirective``
whose ``to_contract()`` is the JSON object of ``manage.py import_directive --json``.

Nothing here knows a particular province: sections are recognised by their numbering
("1.", "1/", "I.", "Điều 1", lettered "a)"…"đ)"…), agencies by the words official names begin
with ("Sở", "Ban", "UBND", "Đài", "Báo"…), and tables by their header cells (STT / nội dung /
cơ quan thực hiện / phối hợp / thời gian).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import asdict, dataclass, field

from config.text import normalize_name

KINDS = ("chi_thi", "quyet_dinh", "ke_hoach", "chuong_trinh", "other")

# --------------------------------------------------------------------------------------------
# Result


@dataclass
class ParsedAssignment:
    """One task: a lettered item of an agency section, a section without letters, a table row."""

    ref: str
    lead: list[str]
    coordinating: list[str] = field(default_factory=list)
    text: str = ""
    due: str | None = None  # "YYYY-MM-DD" | "yearly" | "semiannual" | None
    due_text: str = ""
    section: str = ""

    def to_contract(self) -> dict:
        return {
            "ref": self.ref,
            "lead": list(self.lead),
            "coordinating": list(self.coordinating),
            "text": self.text,
            "due": self.due,
        }


@dataclass
class ParsedTarget:
    indicator: str
    value: str  # "50" or a range "5-8"
    unit: str = "%"
    by_year: int | None = None
    text: str = ""

    def to_contract(self) -> dict:
        return {
            "indicator": self.indicator,
            "value": self.value,
            "unit": self.unit,
            "by_year": self.by_year,
        }


@dataclass
class ParsedDirective:
    kind: str = "other"
    number: str | None = None
    title: str | None = None
    issuer: str | None = None
    signed_on: dt.date | None = None
    effective_on: dt.date | None = None
    #: "có hiệu lực sau mười ngày kể từ ngày ký" → 10 (kept when the signing date is unknown)
    effective_days_after_signing: int | None = None
    reporting_frequency: str | None = None
    report_to: str | None = None
    signer_name: str = ""
    signer_title: str = ""
    legal_basis: list[str] = field(default_factory=list)
    basis_numbers: list[str] = field(default_factory=list)
    period_start_year: int | None = None
    period_end_year: int | None = None
    assignments: list[ParsedAssignment] = field(default_factory=list)
    targets: list[ParsedTarget] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_contract(self) -> dict:
        """The JSON object of the import contract (issue 3), nothing more."""
        return {
            "document": {
                "kind": self.kind,
                "number": self.number,
                "title": self.title,
                "issuer": self.issuer,
                "signed_on": self.signed_on.isoformat() if self.signed_on else None,
                "effective_on": self.effective_on.isoformat() if self.effective_on else None,
                "reporting_frequency": self.reporting_frequency,
                "report_to": self.report_to,
            },
            "assignments": [a.to_contract() for a in self.assignments],
            "targets": [t.to_contract() for t in self.targets],
            "warnings": list(self.warnings),
        }

    def to_dict(self) -> dict:
        """Everything, JSON-serialisable (carried signed between the admin preview and save)."""
        data = asdict(self)
        for key in ("signed_on", "effective_on"):
            data[key] = data[key].isoformat() if data[key] else None
        return data

    @classmethod
    def from_dict(cls, data: dict) -> ParsedDirective:
        """Rebuild and validate a ``to_dict()`` payload; raises ValueError on a bad shape."""
        if not isinstance(data, dict):
            raise ValueError("payload is not an object")
        data = dict(data)
        for key in ("signed_on", "effective_on"):
            data[key] = dt.date.fromisoformat(data[key]) if data.get(key) else None
        if data.get("kind") not in KINDS:
            raise ValueError(f"unknown kind {data.get('kind')!r}")
        assignments = []
        for item in data.pop("assignments", []) or []:
            if not isinstance(item, dict) or not item.get("ref") or not item.get("lead"):
                raise ValueError("assignment without ref or lead")
            if not all(
                isinstance(name, str) for name in item["lead"] + item.get("coordinating", [])
            ):
                raise ValueError("agency names must be strings")
            due = item.get("due")
            if due not in (None, "yearly", "semiannual"):
                dt.date.fromisoformat(due)
            assignments.append(ParsedAssignment(**item))
        targets = [ParsedTarget(**t) for t in data.pop("targets", []) or []]
        known = set(cls.__dataclass_fields__)
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown keys {sorted(unknown)}")
        return cls(**data, assignments=assignments, targets=targets)


# --------------------------------------------------------------------------------------------
# Vocabulary

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


# Words official agency names begin with. Case-sensitive on purpose: "Hội" (an association)
# but not "hội" (in "hội thảo"); each must be followed by a capitalised word unless listed
# in FULL_AGENCY_PREFIXES, which are agencies by themselves or carry lower-case words.
AGENCY_HEADS = (
    "Sở",
    "Ban",
    "Ủy ban",
    "Uỷ ban",
    "Đài",
    "Báo",
    "Hội",
    "Liên minh",
    "Liên đoàn",
    "Liên hiệp",
    "Mặt trận",
    "Văn phòng",
    "Thanh tra",
    "Cục",
    "Chi cục",
    "Trung tâm",
    "Kho bạc",
    "Ngân hàng",
    "Tỉnh đoàn",
    "Thành đoàn",
    "Đoàn",
    "Hiệp hội",
    "Quỹ",
    "Trường",
    "Viện",
    "Bộ",
    "Bộ Chỉ huy",
    "Phòng",
    "Cảnh sát",
    "Chủ tịch",
    "Tổng cục",
    "Công ty",
    "Tập đoàn",
    "Tổng công ty",
)
FULL_AGENCY_PREFIXES = (
    "UBND",
    "Ủy ban nhân dân",
    "Uỷ ban nhân dân",
    "ỦY BAN NHÂN DÂN",
    "Công an",
    "Ban quản lý",
    "Ban Quản lý",
    "Bộ đội",
)
_UPPER = "A-ZĐÀ-ỸÂĂÊÔƠƯÁÉÍÓÚÝÌÒÙỲÃẼĨÕŨỸẠẸỊỌỤỴ"
_HEADS_LONGEST_FIRST = sorted(AGENCY_HEADS, key=len, reverse=True)
_CAPS_HEADS = (
    "SỞ ",
    "UBND",
    "ỦY BAN",
    "UỶ BAN",
    "BỘ ",
    "BAN ",
    "ĐÀI ",
    "BÁO ",
    "CÔNG AN",
    "THỦ TƯỚNG",
)

# Verbs that end an agency name written inline ("Sở Tài chính cân đối…"). Lower case only.
_STOP_VERBS = (
    "chủ trì",
    "phối hợp",
    "có trách nhiệm",
    "chịu trách nhiệm",
    "tổ chức",
    "cân đối",
    "theo dõi",
    "thường xuyên",
    "thực hiện",
    "xây dựng",
    "triển khai",
    "hướng dẫn",
    "nghiên cứu",
    "tham mưu",
    "rà soát",
    "bố trí",
    "đẩy mạnh",
    "tăng cường",
    "giới thiệu",
    "phổ biến",
    "tuyên truyền",
    "kiểm tra",
    "là cơ quan",
    "là đầu mối",
    "làm đầu mối",
    "được giao",
    "khẩn trương",
    "tích cực",
    "ưu tiên",
    "lập",
    "đề xuất",
    "chỉ đạo",
    "quản lý",
    "hỗ trợ",
    "định kỳ",
    "báo cáo",
    "cung cấp",
    "vận động",
    "đưa",
    "căn cứ",
    "ban hành",
    "thẩm định",
    "bảo đảm",
    "đảm bảo",
    "lồng ghép",
    "chủ động",
    "cùng",
    "có",
    "trên cơ sở",
    "theo",
    "tiếp tục",
    "nâng cao",
    "giao",
)
_STOP_RE = re.compile(r"(?<!\S)(?:" + "|".join(re.escape(v) for v in _STOP_VERBS) + r")(?!\w)")

_GENERIC_NAME = re.compile(
    r"^(cac|nhung)\s+(so|nganh|co quan|don vi|ban nganh|so nganh|cap|dia phuong)\b"
)

KIND_LINES = [
    (re.compile(r"^CHƯƠNG TRÌNH(?: HÀNH ĐỘNG)?\b"), "chuong_trinh"),
    (re.compile(r"^CHỈ THỊ\b"), "chi_thi"),
    (re.compile(r"^QUYẾT ĐỊNH\b"), "quyet_dinh"),
    (re.compile(r"^KẾ HOẠCH\b"), "ke_hoach"),
]
KIND_FROM_SYMBOL = [
    (re.compile(r"/CT-", re.I), "chi_thi"),
    (re.compile(r"/QĐ-", re.I), "quyet_dinh"),
    (re.compile(r"/KH-", re.I), "ke_hoach"),
    (re.compile(r"/(CTr|CTHĐ|CT-HĐ)-", re.I), "chuong_trinh"),
]

# --------------------------------------------------------------------------------------------
# Text clean-up and units

_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_MD_EMPH = re.compile(r"(\*\*|__|\*(?=\S)|(?<=\S)\*)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_TERMINAL = (".", ";", ":", "!", "?", "./.")

ROMAN_RE = re.compile(r"^(?:Phần\s+|PHẦN\s+|Mục\s+|MỤC\s+)?([IVXL]{1,6})\s*[.\/\-)]\s*(.*)$")
DIEU_RE = re.compile(r"^(?:Điều|ĐIỀU)\s+(\d+)\s*[.:\-]?\s*(.*)$")
NUM_RE = re.compile(r"^(\d{1,2})\s*[.\/)]\s*(?!\d)(.*)$")
LETTER_RE = re.compile(r"^([a-zđ])\s*[)\/]\s*(.*)$|^([a-zđ])\.\s+(?=[" + _UPPER + r"])(.*)$")
BULLET_RE = re.compile(r"^[-+•–*]\s+")

_LETTERS = "abcdđefghijklmnopqrstuvwxyz"
#: letters some documents use and others skip ("d) … e)" without "đ)"; "f)" in Latin order)
_OPTIONAL_LETTERS = set("đfjwz")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean_line(line: str) -> str:
    """One line without markdown/HTML markup, with single spaces."""
    line = line.replace("\u00a0", " ").replace("\u200b", "")
    line = _HTML_TAG.sub("", line)
    line = _MD_HEADING.sub("", line)
    line = _MD_ESCAPE.sub(r"\1", line)
    line = _MD_EMPH.sub("", line)
    line = line.strip()
    # a markdown pipe table row → tab-separated cells
    if line.startswith("|") and line.endswith("|") and line.count("|") >= 3:
        cells = [c.strip() for c in line.strip("|").split("|")]
        if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
            return ""
        line = "\t".join(cells)
    if "\t" in line:
        return "\t".join(re.sub(r"[ ]{2,}", " ", c).strip() for c in line.split("\t"))
    return re.sub(r"\s{2,}", " ", line)


def _starts_marker(line: str) -> bool:
    return bool(
        ROMAN_RE.match(line)
        or DIEU_RE.match(line)
        or NUM_RE.match(line)
        or LETTER_RE.match(line)
        or BULLET_RE.match(line)
    )


def to_units(text: str) -> list[str]:
    """Split text into logical paragraphs, re-joining lines broken inside a sentence.

    A line continues the previous one when it starts in lower case (a page break in the middle
    of a sentence), or when it follows without a blank line, starts no numbered item and the
    previous line ended without punctuation (markdown hard breaks inside a title).
    """
    units: list[str] = []
    after_blank = True
    for raw in text.split("\n"):
        line = clean_line(raw)
        if not line:
            after_blank = True
            continue
        is_row = "\t" in line
        prev = units[-1] if units else None
        joinable = prev is not None and "\t" not in prev and not is_row
        lower_start = line[0].islower() and not _starts_marker(line)
        hard_break = (
            not after_blank
            and not _starts_marker(line)
            and not prev.endswith(_TERMINAL)
            and not _looks_like_header_line(line)
        )
        if joinable and (lower_start or hard_break):
            units[-1] = f"{prev} {line}"
        else:
            units.append(line)
        after_blank = False
    return units


def _looks_like_header_line(line: str) -> bool:
    return bool(re.match(r"^(Số\s*[:.]|Độc lập|CỘNG HÒA|CỘNG HOÀ|TM\.|KT\.|Nơi nhận)", line))


def decode_text(text: str) -> str:
    """BOM, Windows/Mac line endings, Unicode composition."""
    text = text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _nfc(text)


# --------------------------------------------------------------------------------------------
# Agency names


def is_agency_name(text: str) -> bool:
    """Does the text start like an official agency name ("Sở Công Thương", "UBND huyện…")?"""
    text = text.strip()
    if not text:
        return False
    if text == text.upper():
        return text.startswith(_CAPS_HEADS)
    for prefix in FULL_AGENCY_PREFIXES:
        if text.startswith(prefix) and (
            len(text) == len(prefix) or not text[len(prefix)].isalnum()
        ):
            return True
    for head in _HEADS_LONGEST_FIRST:
        if text.startswith(head + " "):
            following = text[len(head) + 1 :].lstrip()
            return bool(following) and (following[0].isupper() or following[0].isdigit())
    return False


def _expand_group(text: str) -> list[str] | None:
    """ "Các Sở: Công Thương, Tài chính" → ["Sở Công Thương", "Sở Tài chính"]."""
    m = re.match(r"^(?:Các|các)\s+(Sở|sở|Ban|ban)\s*:\s*(.+)$", text)
    if not m:
        return None
    head = m.group(1).capitalize()
    names = [p.strip(" .;") for p in re.split(r"[,;]", m.group(2)) if p.strip(" .;")]
    return [f"{head} {name}" for name in names]


def split_agencies(text: str) -> list[str]:
    """Split "Sở A, Sở B và Báo C" into names, but not inside "Sở Văn hóa, Thể thao và Du lịch".

    A comma, semicolon or "và" separates two names only where the next piece starts like an
    agency name. Generic phrases ("các sở, ngành liên quan") are dropped.
    """
    text = text.strip().strip(".;:").strip()
    if not text:
        return []
    expanded = _expand_group(text)
    if expanded is not None:
        return expanded
    pieces = re.split(r"(\s*[,;]\s*|\s+và\s+)", text)
    names: list[str] = [pieces[0]]
    for i in range(1, len(pieces), 2):
        sep, piece = pieces[i], pieces[i + 1]
        if is_agency_name(piece) or _expand_group(piece) is not None:
            names.append(piece)
        else:
            names[-1] = f"{names[-1]}{sep}{piece}"
    result: list[str] = []
    for name in names:
        name = name.strip(" .;:")
        group = _expand_group(name)
        for one in group or [name]:
            if one and not _GENERIC_NAME.match(normalize_name(one)) and one not in result:
                result.append(one)
    return result


def agencies_at_start(text: str) -> tuple[list[str], str, str]:
    """Agency names a sentence or heading starts with.

    Returns (names, separator, rest): ``"Sở A: làm X"`` → (["Sở A"], ":", "làm X");
    ``"Sở A, Sở B phối hợp…"`` → (["Sở A", "Sở B"], "", "phối hợp…"); no agency → ([], "", text).
    """
    body = text.strip()
    body = re.sub(r"^(?:Giao|giao|Đối với|đối với|Đề nghị|đề nghị)\s+(?:cho\s+)?", "", body)
    if not (is_agency_name(body) or _expand_group(body.split(":")[0] + ":x") is not None):
        return [], "", text
    head, sep, rest = body, "", ""
    colon = re.search(r":(\s|$)", body)
    stop = _STOP_RE.search(body)
    if colon and (not stop or colon.start() < stop.start()):
        head, sep, rest = body[: colon.start()], ":", body[colon.end() :].strip()
        group = _expand_group(head + ": " + rest)
        if group is not None and not rest.endswith(":") and len(rest) < 200 and not stop:
            return group, "", ""
    elif stop:
        head, rest = body[: stop.start()], body[stop.start() :]
    if len(head) > 200:
        return [], "", text
    names = split_agencies(head.rstrip(" ,"))
    if not names:
        return [], "", text
    return names, sep, rest.strip()


def coordinating_in(text: str) -> list[str]:
    """Named agencies after "phối hợp với" ("…phối hợp với Sở Công Thương tổ chức…")."""
    found: list[str] = []
    for m in re.finditer(r"phối hợp(?: chặt chẽ)?\s+với\s+", text, re.I):
        tail = text[m.end() :]
        if not is_agency_name(tail):
            continue
        end = len(tail)
        stop = _STOP_RE.search(tail)
        if stop:
            end = stop.start()
        cut = re.search(r"[.;()]|\s(để|nhằm|trong|tại|về|trên)\s|(\s+và|,)\s+các\s", tail[:end])
        if cut:
            end = cut.start()
        for name in split_agencies(tail[:end].rstrip(" ,")):
            if is_agency_name(name) and name not in found:
                found.append(name)
    return found


# --------------------------------------------------------------------------------------------
# Dates and deadlines

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


# --------------------------------------------------------------------------------------------
# Parsing


@dataclass
class _Section:
    ref: str
    heading: str
    agencies: list[str]
    intro: list[str] = field(default_factory=list)
    letters: list[tuple[str, list[str]]] = field(default_factory=list)
    direct: str = ""  # "Sở A phối hợp … làm X" — the heading itself is the task
    title: str = ""
    list_key: tuple = ()


def _label(ref: str) -> str:
    return ref if ref.startswith("Điều") else f"Mục {ref}"


def _is_basis(unit: str) -> bool:
    """ "Căn cứ …", or "Thực hiện Quyết định số …" (a title may also begin "Thực hiện …")."""
    if unit.startswith("Căn cứ"):
        return True
    return unit.startswith("Thực hiện") and bool(re.search(r"\bsố\s*:?\s*\d", unit))


def _missing_letters(previous: str | None, letter: str) -> list[str]:
    """Letters skipped between two items, ignoring the optional ones ("đ", "f"…)."""
    if letter not in _LETTERS:
        return []
    start = _LETTERS.index(previous) + 1 if previous and previous in _LETTERS else 0
    stop = _LETTERS.index(letter)
    return [c for c in _LETTERS[start:stop] if c not in _OPTIONAL_LETTERS]


def _smart_case(text: str) -> str:
    """ "ỦY BAN NHÂN DÂN TỈNH AN GIANG" → "Ủy ban nhân dân tỉnh An Giang"."""
    if text != text.upper():
        return text
    low = text.lower()
    m = re.match(
        r"^(ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+(tỉnh|thành phố|huyện|thị xã|xã|phường)\s+(.*)$",
        low,
    )
    if m:
        head = "UBND" if m.group(1) == "ubnd" else "Ủy ban nhân dân"
        return f"{head} {m.group(2)} {m.group(3).title()}"
    words = [w if w in ("và", "các") else w.capitalize() for w in low.split()]
    return " ".join(words)


class _Parser:
    def __init__(self, text: str):
        self.units = to_units(decode_text(text))
        self.result = ParsedDirective()
        self.warn = self.result.warnings.append
        self.refs: set[str] = set()
        self._attached_issuer: str | None = None
        self.bases: set[str] = set()

    # -- header -------------------------------------------------------------------------------

    def header(self) -> int:
        """Kind, number, date, issuer, title; returns the index of the first unit after it."""
        r = self.result
        kind_idx = None
        for i, unit in enumerate(self.units[:60]):
            for pattern, kind in KIND_LINES:
                if pattern.match(unit) and unit.split(":")[0].upper() == unit.split(":")[0]:
                    kind_idx, r.kind = i, kind
                    break
            if kind_idx is not None:
                break
        limit = kind_idx if kind_idx is not None else min(len(self.units), 12)
        for unit in self.units[:limit]:
            m = re.match(r"^Số\s*[:.]?\s*(.*)$", unit)
            if m and r.number is None:
                number = re.sub(r"\s*/\s*", "/", m.group(1)).strip(" .")
                if re.match(r"^\d", number):
                    r.number = number.split()[0]
                else:
                    self.warn("Dòng “Số:” chưa có số văn bản.")
            m = re.match(r"^([^,]{2,40}),\s*ngày\b(.*)$", unit)
            if m and r.signed_on is None:
                r.signed_on = find_date("ngày" + m.group(2))
                if r.signed_on is None:
                    self.warn(f"Không đọc được ngày ký: “{unit}”.")
        for unit in self.units[:limit]:
            # a Word header is a two-column table: the issuer is the left cell
            unit = re.sub(r"\s*(CỘNG HÒA|CỘNG HOÀ).*$", "", unit.split("\t")[0]).strip()
            if (
                unit == unit.upper()
                and len(unit) > 5
                and not re.match(r"^(ĐỘC LẬP|SỐ)", unit)
                and unit.startswith(_CAPS_HEADS)
            ):
                r.issuer = _smart_case(unit)
                break
        start = 0
        if kind_idx is not None:
            line = self.units[kind_idx]
            rest = re.sub(r"^[A-ZĐ ỀỈỊẾỐỬẤẠ]+?(?=\s+[A-ZĐ]?[a-zđà-ỹ])", "", line).strip(" :")
            start = kind_idx + 1
            if rest and rest != line and len(rest) > 10:
                r.title = rest
            else:
                for j in range(kind_idx + 1, min(kind_idx + 4, len(self.units))):
                    cand = self.units[j]
                    if _is_basis(cand) or _starts_marker(cand):
                        break
                    if cand == cand.upper() and is_agency_name(cand.title()):
                        continue
                    r.title = cand.strip(" .")[:1000]
                    start = j + 1
                    break
        else:
            self.warn("Không nhận ra loại văn bản (CHỈ THỊ, QUYẾT ĐỊNH, KẾ HOẠCH…).")
        if r.title is None:
            self.warn("Không tìm thấy trích yếu (tên) của văn bản.")
        return start

    def attached_to(self):
        """ "(Ban hành kèm theo Quyết định số 86 /QĐ-UBND ngày 04 tháng 01 năm 2013 của UBND tỉnh
        Long An)" gives the number, date and issuer when the header has none."""
        r = self.result
        for unit in self.units:
            m = re.search(
                r"kèm theo\s+(?:\w+\s+){0,3}?số\s*:?\s*([\w ]*\d[\w]*\s*/\s*[^\s,)]+)", unit
            )
            if not m:
                continue
            if r.number is None:
                r.number = re.sub(r"\s*/\s*", "/", m.group(1)).strip()
            if r.signed_on is None:
                r.signed_on = find_date(unit[m.end() :])
            iss = re.search(r"\bcủa\s+((?:UBND|Ủy ban nhân dân)[^)]*)", unit)
            if iss:
                self._attached_issuer = iss.group(1).strip(" .)")
            return

    def issuer_fallback(self, body_start: int):
        r = self.result
        if r.issuer:
            return
        for unit in self.units[body_start:]:
            if _is_basis(unit) or _starts_marker(unit):
                break
            if unit == unit.upper() and unit.startswith(
                ("ỦY BAN", "UBND", "BỘ", "SỞ", "THỦ TƯỚNG")
            ):
                r.issuer = _smart_case(unit)
                return
        for unit in self.units:
            m = re.match(
                r"^TM\.\s*(.+?)(?:\s+(?:KT\.|CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG|BỘ TRƯỞNG).*)?$", unit
            )
            if m:
                issuer = m.group(1).strip()
                if re.search(r"(TỈNH|THÀNH PHỐ)$", issuer) and r.title:
                    where = re.search(
                        r"\b(tỉnh|thành phố)\s+([" + _UPPER + r"]\w*(?:\s+[" + _UPPER + r"]\w*)*)",
                        r.title,
                    )
                    if where:
                        issuer = f"{issuer} {where.group(2).upper()}"
                r.issuer = _smart_case(issuer)
                return
        if self._attached_issuer:
            r.issuer = self._attached_issuer
            return
        self.warn("Không xác định được cơ quan ban hành.")

    # -- whole-text facts ---------------------------------------------------------------------

    def facts(self):
        r = self.result
        full = "\n".join(self.units)
        # signer: the role in the first signature block and the name under it
        for i, unit in enumerate(self.units):
            if not re.match(r"^(TM\.|KT\.)", unit):
                continue
            block = []
            for nxt in self.units[i:]:
                if nxt == nxt.upper():
                    block.append(nxt)
                    continue
                if len(nxt) < 50 and not _starts_marker(nxt) and "\t" not in nxt:
                    r.signer_name = nxt.strip()
                break
            roles = re.findall(
                r"(PHÓ CHỦ TỊCH|CHỦ TỊCH|PHÓ GIÁM ĐỐC|GIÁM ĐỐC|PHÓ THỦ TƯỚNG|THỦ TƯỚNG|"
                r"THỨ TRƯỞNG|BỘ TRƯỞNG|PHÓ TRƯỞNG BAN|TRƯỞNG BAN)",
                " ".join(block),
            )
            if roles:
                r.signer_title = roles[-1].capitalize()
            break
        # legal basis
        for unit in self.units:
            if _is_basis(unit) or unit.startswith("Theo đề nghị"):
                if unit.startswith("Căn cứ"):
                    r.legal_basis.append(unit.strip(" ;,."))
                for m in re.finditer(
                    r"\b(?:Quyết định|Chỉ thị|Nghị định|Kế hoạch|Thông tư|Nghị quyết|Luật)\s+"
                    r"(?:hành động\s+)?số\s+(\d+\s*/\s*[\w/\-Đđ]+)",
                    unit,
                ):
                    number = re.sub(r"\s*/\s*", "/", m.group(1))
                    if number not in r.basis_numbers and number != r.number:
                        r.basis_numbers.append(number)
                if unit.startswith("Thực hiện") and not r.legal_basis:
                    r.legal_basis.append(unit.split(". ")[0].strip(" ;,."))
        # effective date
        m = re.search(
            r"có hiệu lực(?: thi hành)?(?: kể)? (?:sau|từ sau)\s+([\wà-ỹ ]{1,20}?)\s+ngày,?\s*"
            r"(?:kể\s+)?từ ngày ký",
            full,
            re.I,
        )
        if m:
            days = vietnamese_number(m.group(1))
            if days is None:
                self.warn(f"Không đọc được số ngày có hiệu lực: “{m.group(0)}”.")
            else:
                r.effective_days_after_signing = days
        elif re.search(r"có hiệu lực(?: thi hành)?(?: kể)? từ ngày ký", full, re.I):
            r.effective_days_after_signing = 0
        else:
            m = re.search(r"có hiệu lực(?: thi hành)?(?: kể)? từ\s+(ngày[^.;]*)", full, re.I)
            if m:
                r.effective_on = find_date(m.group(1))
        if r.effective_days_after_signing is not None:
            if r.signed_on:
                r.effective_on = r.signed_on + dt.timedelta(days=r.effective_days_after_signing)
            else:
                self.warn(
                    f"Văn bản có hiệu lực sau {r.effective_days_after_signing} ngày kể từ ngày ký "
                    "nhưng không có ngày ký: hãy nhập ngày ký."
                )
        # reporting
        for sentence in re.split(r"(?<=[.;])\s+|\n", full):
            low = sentence.lower()
            if not re.search(r"báo cáo|báo kết quả|gửi báo cáo", low):
                continue
            freq = None
            if re.search(r"(định kỳ|mỗi|hàng|hằng)?\s*(6|sáu) tháng|hai lần mỗi năm|nửa năm", low):
                freq = "semiannual"
            elif re.search(
                r"định kỳ (hàng|hằng) năm|(hàng|hằng) năm,? (gửi )?báo|báo cáo (hàng|hằng) năm|định kỳ mỗi năm",
                low,
            ):
                freq = "annual"
            if not freq:
                continue
            r.reporting_frequency = freq
            to = re.search(r"\bvề\s+(.+?)(?:\s+(?:để|trước|theo|trước ngày)\b|[.;,]|$)", sentence)
            if to:
                names = split_agencies(to.group(1))
                if names:
                    r.report_to = names[0]
            break
        # period
        m = re.search(r"giai đoạn\s+(\d{4})\s*[-–]\s*(\d{4})", r.title or "", re.I)
        if m:
            r.period_start_year, r.period_end_year = int(m.group(1)), int(m.group(2))
        else:
            m = re.search(r"đến năm\s+(\d{4})", r.title or "")
            if m:
                r.period_end_year = int(m.group(1))

    # -- targets ------------------------------------------------------------------------------

    def targets(self):
        start = None
        for i, unit in enumerate(self.units):
            if re.match(
                r"^(?:[a-zđ\d]+[.)/]\s*)?(Mục tiêu cụ thể|Các mục tiêu cụ thể|Chỉ tiêu cụ thể)",
                unit,
                re.I,
            ):
                start = i + 1
                break
        if start is None:
            return
        year = None
        for unit in self.units[start:]:
            if (
                ROMAN_RE.match(unit)
                or NUM_RE.match(unit)
                or DIEU_RE.match(unit)
                or (LETTER_RE.match(unit) and "%" not in unit)
            ):
                break
            body = BULLET_RE.sub("", unit).strip()
            ym = re.match(
                r"^(?:Đến|đến|Tới|Trong)\s+(?:hết\s+)?năm\s+(\d{4})\s*:?$", body
            ) or re.match(
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
            self._targets_in(body, by_year)

    _PCT = re.compile(r"(\d+(?:[.,]\d+)?)(?:\s*(?:[-–]|đến)\s*(\d+(?:[.,]\d+)?))?\s*%")

    def _targets_in(self, body: str, year: int | None):
        matches = list(self._PCT.finditer(body))
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
            self.result.targets.append(
                ParsedTarget(indicator=text[:500], value=value, unit="%", by_year=year, text=body)
            )

    # -- sections -----------------------------------------------------------------------------

    def sections(self, start: int):
        sections: list[_Section] = []
        current: _Section | None = None
        letter_target = None  # list of lines the next plain paragraph belongs to
        roman = ""
        dieu = ""
        seen_numbers: dict[tuple, set[str]] = {}
        list_has_agency: dict[tuple, bool] = {}
        skipped: list[tuple[tuple, str]] = []
        closed = False

        def close():
            nonlocal current, letter_target
            current, letter_target = None, None

        for unit in self.units[start:]:
            if "\t" in unit:
                close()
                continue
            # "- a/ …", "• 1. …": a bullet in front of a numbered or lettered item
            unbulleted = BULLET_RE.sub("", unit)
            if unbulleted != unit and (LETTER_RE.match(unbulleted) or NUM_RE.match(unbulleted)):
                unit = unbulleted
            if re.match(
                r"^(TM\.|KT\.|Nơi nhận|DANH MỤC|PHỤ LỤC|Phụ lục)|"
                r".*có hiệu lực (thi hành )?(kể )?(từ|sau)|^Trong quá trình (triển khai|thực hiện)",
                unit,
            ):
                close()
                closed = True
                continue
            m = ROMAN_RE.match(unit)
            if m and (m.group(2) == m.group(2).upper() or len(m.group(2)) < 80):
                roman, dieu = m.group(1), ""
                close()
                continue
            m = DIEU_RE.match(unit)
            if m:
                dieu = m.group(1)
                close()
                self._numbered(
                    f"Điều {dieu}",
                    unit,
                    m.group(2),
                    ("dieu", roman),
                    sections,
                    seen_numbers,
                    list_has_agency,
                    skipped,
                )
                current = sections[-1] if sections and sections[-1].heading == unit else None
                letter_target = current.intro if current else None
                continue
            m = NUM_RE.match(unit)
            if m:
                close()
                key = ("num", roman, dieu)
                ref = m.group(1) if not dieu else f"Điều {dieu}.{m.group(1)}"
                self._numbered(
                    ref, unit, m.group(2), key, sections, seen_numbers, list_has_agency, skipped
                )
                current = sections[-1] if sections and sections[-1].heading == unit else None
                letter_target = current.intro if current else None
                closed = False
                continue
            m = LETTER_RE.match(unit)
            if m:
                letter = m.group(1) or m.group(3)
                body = (m.group(2) if m.group(1) else m.group(4)) or ""
                if current is not None:
                    lines = [body]
                    current.letters.append((letter, lines))
                    letter_target = lines
                else:
                    letter_target = None
                continue
            if letter_target is not None and not closed:
                letter_target.append(unit)
        for key, ref in skipped:
            if list_has_agency.get(key) and key[0] != "dieu":
                self.warn(f"{_label(ref)}: không nhận ra cơ quan được giao — bỏ qua.")
        for section in sections:
            self._emit(section)

    def _numbered(self, ref, heading, body, key, sections, seen, has_agency, skipped):
        number = ref.split(".")[-1] if not ref.startswith("Điều") or "." in ref else ref
        numbers = seen.setdefault(key, set())
        if number in numbers:
            self.warn(f"Số thứ tự {number} lặp lại trong cùng một danh sách (“{heading[:60]}”).")
        numbers.add(number)
        names, sep, rest = agencies_at_start(body)
        if not names:
            skipped.append((key, ref))
            return
        has_agency[key] = True
        section = _Section(ref=ref, heading=heading, agencies=names, list_key=key)
        # the section as a heading: "3. Sở Kế hoạch và Đầu tư" (without the task it assigns)
        section.title = (heading[: len(heading) - len(body)] + ", ".join(names)).strip()
        if rest:
            if sep == ":":
                section.intro.append(rest)
            else:
                section.direct = body.strip()
        sections.append(section)

    def _unique_ref(self, ref: str) -> str:
        if ref not in self.refs:
            self.refs.add(ref)
            return ref
        n = 2
        while True:
            base, _, letter = ref.partition(".")
            cand = f"{base}({n})" + (f".{letter}" if letter else "")
            if cand not in self.refs:
                self.refs.add(cand)
                return cand
            n += 1

    def _emit(self, section: _Section):
        intro = " ".join(section.intro).strip()
        base = section.ref
        # a duplicate number ("7." twice): this section's items get "7(2)", "7(2).a"…
        if base in self.bases:
            n = 2
            while f"{base}({n})" in self.bases:
                n += 1
            base = f"{base}({n})"
        self.bases.add(base)
        if not section.letters:
            text = section.direct or intro
            if not text:
                self.warn(
                    f"{_label(section.ref)} ({', '.join(section.agencies)}): "
                    "không có nội dung nhiệm vụ."
                )
                return
            if section.direct and intro:
                text = f"{text}\n{intro}"
            self._add(self._unique_ref(base), section, text)
            return
        prefix = ""
        if intro and intro.endswith(":"):
            prefix = intro + " "
        elif intro or section.direct:
            self._add(self._unique_ref(base), section, section.direct or intro)
        previous = None
        for letter, lines in section.letters:
            missing = _missing_letters(previous, letter)
            if missing:
                self.warn(
                    f"{_label(section.ref)}: thiếu điểm {', '.join(missing)}) trước điểm {letter})."
                )
            previous = letter
            text = prefix + "\n".join(line for line in lines if line).strip()
            self._add(self._unique_ref(f"{base}.{letter}"), section, text)

    def _add(self, ref: str, section: _Section, text: str):
        text = text.strip()
        lead = list(section.agencies)
        coordinating = [c for c in coordinating_in(text) if c not in lead]
        due = due_in_text(text)
        self.result.assignments.append(
            ParsedAssignment(
                ref=ref,
                lead=lead,
                coordinating=coordinating,
                text=text,
                due=due,
                section=(section.title or section.heading)[:500],
            )
        )

    # -- tables -------------------------------------------------------------------------------

    _COLUMNS = {
        "stt": r"^(stt|tt|so tt|so thu tu)$",
        "text": r"noi dung|nhiem vu|ten nhiem vu|hoat dong",
        "lead": r"(co quan|don vi)\s*(thuc hien|chu tri)|chu tri|thuc hien$",
        "coordinating": r"phoi hop",
        "due": r"thoi gian|thoi han|tien do|hoan thanh",
    }

    def tables(self):
        columns: dict[str, int] | None = None
        table_no = 0
        for unit in self.units:
            if "\t" not in unit:
                continue
            cells = unit.split("\t")
            normalized = [normalize_name(c) for c in cells]
            header = {}
            for key, pattern in self._COLUMNS.items():
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
                self.warn(f"Bảng nhiệm vụ, dòng {stt}: không có cơ quan thực hiện — bỏ qua.")
                continue
            lead = split_agencies(lead_text) or [lead_text]
            coordinating = [c for c in split_agencies(cell("coordinating")) if c not in lead]
            due_text = cell("due")
            due = parse_due(due_text)
            if due_text and due is None:
                self.warn(f"Bảng nhiệm vụ, dòng {stt}: không đọc được thời hạn “{due_text}”.")
            self.result.assignments.append(
                ParsedAssignment(
                    ref=self._unique_ref(ref),
                    lead=lead,
                    coordinating=coordinating,
                    text=text,
                    due=due,
                    due_text=due_text[:120],
                    section="Danh mục nhiệm vụ",
                )
            )

    # -- completeness -------------------------------------------------------------------------

    def truncation(self):
        body = [u for u in self.units if "\t" not in u]
        if not body:
            return
        has_ending = any(
            re.match(r"^(TM\.|KT\.|Nơi nhận)", u) or u.endswith("./.") or "có hiệu lực" in u
            for u in self.units
        )
        last = body[-1]
        if not has_ending or last.endswith((";", ",", ":")):
            where = self.result.assignments[-1].ref if self.result.assignments else None
            tail = f" sau mục {where}" if where else ""
            self.warn(
                f"Văn bản có vẻ bị cắt cụt{tail} (không có phần kết: hiệu lực, chữ ký): "
                "chỉ nạp được phần đã có."
            )

    def run(self) -> ParsedDirective:
        if not self.units:
            self.warn("Văn bản trống.")
            return self.result
        start = self.header()
        self.attached_to()
        self.issuer_fallback(start)
        if self.result.kind == "other" and self.result.number:
            for pattern, kind in KIND_FROM_SYMBOL:
                if pattern.search(self.result.number):
                    self.result.kind = kind
                    break
        if self.result.number is None:
            self.warn("Không tìm thấy số, ký hiệu văn bản.")
        if self.result.signed_on is None:
            self.warn("Không tìm thấy ngày ký.")
        self.facts()
        self.targets()
        self.sections(start)
        self.tables()
        if not self.result.assignments:
            self.warn("Không tìm thấy nhiệm vụ nào giao cho cơ quan, đơn vị.")
        self.truncation()
        return self.result


def parse_directive(text: str) -> ParsedDirective:
    """Parse a directive's text (markdown, plain text or text extracted from Word)."""
    return _Parser(text or "").run()
