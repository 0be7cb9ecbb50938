"""Standard names of provincial bodies, and the abbreviations directives write for them.

National vocabulary, the same in every province (the departments provinces have had since the
2025 merger, the ones they replaced, and the usual boards, media and mass organisations) —
never a particular province's list. Used to find where a name written inline
ends ("phối hợp với Sở Khoa học và Công nghệ thúc đẩy …") and to expand "Sở KH&CN", "SNNMT".
"""

from __future__ import annotations

import re

#: names whose end is known; matched case-insensitively, "-"/"–" and spacing around them free
STANDARD_NAMES = (
    "Sở Công Thương",
    "Sở Tài chính",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Xây dựng",
    "Sở Y tế",
    "Sở Ngoại vụ",
    "Sở Du lịch",
    "Sở Nông nghiệp và Môi trường",
    "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Văn hóa và Thể thao",
    "Sở Dân tộc và Tôn giáo",
    # before the 2025 merger
    "Sở Tài nguyên và Môi trường",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Kế hoạch và Đầu tư",
    "Sở Thông tin và Truyền thông",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Giao thông vận tải",
    "Ban Dân tộc",
    # other bodies
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Văn phòng UBND tỉnh",
    "Thanh tra tỉnh",
    "Thanh tra thành phố",
    "Công an tỉnh",
    "Công an thành phố",
    "Bộ Chỉ huy Quân sự tỉnh",
    "Báo và Phát thanh, Truyền hình",
    "Đài Phát thanh và Truyền hình",
    "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Liên đoàn Lao động",
    "Liên minh Hợp tác xã",
    "Hội Liên hiệp Phụ nữ",
    "Hội Nông dân",
    "Hội Cựu chiến binh",
    "Tỉnh đoàn",
    "Thành đoàn",
    "Bộ Công Thương",
)

#: written form → full name; whole words only
ABBREVIATIONS = {
    "SCT": "Sở Công Thương",
    "Sở CT": "Sở Công Thương",
    "STC": "Sở Tài chính",
    "SNV": "Sở Nội vụ",
    "STP": "Sở Tư pháp",
    "SXD": "Sở Xây dựng",
    "SYT": "Sở Y tế",
    "SNNMT": "Sở Nông nghiệp và Môi trường",
    "Sở NN&MT": "Sở Nông nghiệp và Môi trường",
    "Sở NNMT": "Sở Nông nghiệp và Môi trường",
    "SKHCN": "Sở Khoa học và Công nghệ",
    "Sở KH&CN": "Sở Khoa học và Công nghệ",
    "Sở KHCN": "Sở Khoa học và Công nghệ",
    "SGDĐT": "Sở Giáo dục và Đào tạo",
    "Sở GD&ĐT": "Sở Giáo dục và Đào tạo",
    "Sở GDĐT": "Sở Giáo dục và Đào tạo",
    "SVHTTDL": "Sở Văn hóa, Thể thao và Du lịch",
    "Sở VHTTDL": "Sở Văn hóa, Thể thao và Du lịch",
    "Sở VH,TT&DL": "Sở Văn hóa, Thể thao và Du lịch",
    "Sở VH-TT&DL": "Sở Văn hóa, Thể thao và Du lịch",
    "Sở DTTG": "Sở Dân tộc và Tôn giáo",
    "STNMT": "Sở Tài nguyên và Môi trường",
    "Sở TN&MT": "Sở Tài nguyên và Môi trường",
    "Sở TNMT": "Sở Tài nguyên và Môi trường",
    "Sở NN&PTNT": "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở KH&ĐT": "Sở Kế hoạch và Đầu tư",
    "Sở KHĐT": "Sở Kế hoạch và Đầu tư",
    "Sở TT&TT": "Sở Thông tin và Truyền thông",
    "Sở TTTT": "Sở Thông tin và Truyền thông",
    "Sở LĐ-TB&XH": "Sở Lao động - Thương binh và Xã hội",
    "Sở LĐTBXH": "Sở Lao động - Thương binh và Xã hội",
    "Sở GTVT": "Sở Giao thông vận tải",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "UBMTTQVN": "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "BQL các KCN": "Ban Quản lý các khu công nghiệp",
    "BQL KKT": "Ban Quản lý Khu kinh tế",
}


def _flexible(name: str) -> str:
    words = re.split(r"\s+", name.replace(" - ", "-"))
    parts = [r"\s*[-–]\s*".join(re.escape(p) for p in w.split("-")) for w in words]
    return r"\s+".join(parts)


# longest first, so "Sở Văn hóa, Thể thao và Du lịch" wins over "Sở Văn hóa và Thể thao"
_KNOWN = re.compile(
    r"(?:"
    + "|".join(_flexible(n) for n in sorted(STANDARD_NAMES, key=len, reverse=True))
    + r")(?!\w)",
    re.I,
)
_ABBREVIATION = re.compile(
    r"^(?:"
    + "|".join(re.escape(a) for a in sorted(ABBREVIATIONS, key=len, reverse=True))
    + r")(?![\w&])"
)


def known_name_at_start(text: str) -> str | None:
    """The standard name ``text`` begins with, as written there ("Sở Khoa học và công nghệ")."""
    m = _KNOWN.match(text)
    return m.group(0) if m else None


def expand_abbreviation(name: str) -> str:
    """ "Sở KH&CN" → "Sở Khoa học và Công nghệ"; "SNNMT tỉnh" → "Sở Nông nghiệp và Môi trường
    tỉnh"; any other name unchanged."""
    m = _ABBREVIATION.match(name)
    if not m:
        return name
    return ABBREVIATIONS[m.group(0)] + name[m.end() :]
