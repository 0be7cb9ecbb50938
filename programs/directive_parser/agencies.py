"""Agency names: recognising one, splitting a list of them, finding them in a sentence.

Agencies are recognised by the words official names begin with ("Sở", "Ban", "UBND", "Đài",
"Báo"…), never by a list of a particular province's agencies.
"""

from __future__ import annotations

import re

from programs.text import normalize_name

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

_HEADS_LONGEST_FIRST = sorted(AGENCY_HEADS, key=len, reverse=True)
CAPS_HEADS = (
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
STOP_VERBS = (
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
STOP_RE = re.compile(r"(?<!\S)(?:" + "|".join(re.escape(v) for v in STOP_VERBS) + r")(?!\w)")

_GENERIC_NAME = re.compile(
    r"^(cac|nhung)\s+(so|nganh|co quan|don vi|ban nganh|so nganh|cap|dia phuong)\b"
)


def is_agency_name(text: str) -> bool:
    """Does the text start like an official agency name ("Sở Công Thương", "UBND huyện…")?"""
    text = text.strip()
    if not text:
        return False
    if text == text.upper():
        return text.startswith(CAPS_HEADS)
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


def expand_group(text: str) -> list[str] | None:
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
    expanded = expand_group(text)
    if expanded is not None:
        return expanded
    pieces = re.split(r"(\s*[,;]\s*|\s+và\s+)", text)
    names: list[str] = [pieces[0]]
    for i in range(1, len(pieces), 2):
        sep, piece = pieces[i], pieces[i + 1]
        if is_agency_name(piece) or expand_group(piece) is not None:
            names.append(piece)
        else:
            names[-1] = f"{names[-1]}{sep}{piece}"
    result: list[str] = []
    for name in names:
        name = name.strip(" .;:")
        group = expand_group(name)
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
    if not (is_agency_name(body) or expand_group(body.split(":")[0] + ":x") is not None):
        return [], "", text
    head, sep, rest = body, "", ""
    colon = re.search(r":(\s|$)", body)
    stop = STOP_RE.search(body)
    if colon and (not stop or colon.start() < stop.start()):
        head, sep, rest = body[: colon.start()], ":", body[colon.end() :].strip()
        group = expand_group(head + ": " + rest)
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
        stop = STOP_RE.search(tail)
        if stop:
            end = stop.start()
        cut = re.search(r"[.;()]|\s(để|nhằm|trong|tại|về|trên)\s|(\s+và|,)\s+các\s", tail[:end])
        if cut:
            end = cut.start()
        for name in split_agencies(tail[:end].rstrip(" ,")):
            if is_agency_name(name) and name not in found:
                found.append(name)
    return found


def smart_case(text: str) -> str:
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
