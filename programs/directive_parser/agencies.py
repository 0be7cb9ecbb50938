"""Agency names: recognising one, splitting a list of them, finding them in a sentence.

Agencies are recognised by the words official names begin with ("Sở", "Ban", "UBND", "Đài",
"Báo"…), never by a list of a particular province's agencies.
"""

from __future__ import annotations

import re

from programs.directive_parser.names import expand_abbreviation, known_name_at_start

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
    "thúc đẩy",
    "đôn đốc",
    "giám sát",
    "tham gia",
    "tổng hợp",
    "xử lý",
    "đấu tranh",
    "lựa chọn",
    "khảo sát",
    "đánh giá",
    "vận hành",
    "cập nhật",
    "công bố",
    "công khai",
    "quảng bá",
    "kiểm soát",
    "tạo điều kiện",
    "giải quyết",
    "quán triệt",
    "chấp hành",
    "rút ngắn",
    "tập huấn",
    "đăng ký",
)
STOP_RE = re.compile(r"(?<!\S)(?:" + "|".join(re.escape(v) for v in STOP_VERBS) + r")(?!\w)")


def is_agency_name(text: str) -> bool:
    """Does the text start like an official agency name ("Sở Công Thương", "UBND huyện…")?"""
    text = text.strip()
    if not text:
        return False
    if known_name_at_start(text) or expand_abbreviation(text) != text:
        return True
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
            # "Thanh tra tỉnh", "Văn phòng thành phố": the place is the rest of the name
            return bool(following) and (
                following[0].isupper()
                or following[0].isdigit()
                or bool(re.match(r"(tỉnh|thành phố)(?!\w)", following))
            )
    return False


def expand_group(text: str) -> list[str] | None:
    """ "Các Sở: Công Thương, Tài chính" → ["Sở Công Thương", "Sở Tài chính"]."""
    m = re.match(r"^(?:Các|các)\s+(Sở|sở|Ban|ban)\s*:\s*(.+)$", text)
    if not m:
        return None
    head = m.group(1).capitalize()
    names = [p.strip(" .;") for p in re.split(r"[,;]", m.group(2)) if p.strip(" .;")]
    return [f"{head} {name}" for name in names]


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
