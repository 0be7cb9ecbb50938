"""Who a heading or a clause addresses: named agencies (leads) and groups of bodies.

"Sở Tài chính và Ủy ban nhân dân các xã, phường:" → lead "Sở Tài chính" and the group of all
communes; "Các doanh nghiệp sản xuất công nghiệp:" → the group of enterprises;
"…phối hợp với Sở Công Thương và các đơn vị có liên quan…" → coordinating "Sở Công Thương" and
the agencies concerned. A group is ``{"kind": …, "text": <as written>}`` (plus ``members`` for
a named set); the kinds are ``GROUP_KINDS``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from config.text import normalize_name
from programs.directive_parser.agencies import (
    STOP_RE,
    expand_group,
    is_agency_name,
)
from programs.directive_parser.names import expand_abbreviation, known_name_at_start

GROUP_KINDS = {
    "departments": "every provincial department, board and sector (các sở, ban, ngành)",
    "communes": "every commune, ward and special zone People's Committee (UBND các xã, phường)",
    "enterprises": "industrial enterprises and production facilities",
    "agencies": "the agencies concerned, not named (các sở, ngành liên quan): mapped by hand",
    "organisations": "organisations, individuals and units outside the administration",
    "mass_organisations": "the Fatherland Front's member organisations, unions and associations",
    "media": "the press and broadcasters, not named (các cơ quan báo chí)",
    "named": "a listed set addressed together (“thủ trưởng các sở, ngành: Công Thương, …”)",
}

# "Giao Sở …", "Đề nghị Ủy ban Mặt trận …", "Yêu cầu thủ trưởng …", "Đối với Sở …"
LEAD_IN = re.compile(
    r"^(?:Giao|Đối với|Đề nghị|Yêu cầu|(?:Trách nhiệm|Nhiệm vụ) của)\s+(?:cho\s+)?", re.I
)
# the head of a body addressed instead of the body ("Giám đốc Sở Công Thương")
_TITLE = re.compile(
    r"^(?:(?:Phó\s+)?(?:Giám đốc|Chủ tịch)|Thủ trưởng|Người đứng đầu|Lãnh đạo)\s+|"
    r"^(?:Chánh|Trưởng)\s+(?=Văn phòng|Thanh tra|Ban)",
    re.I,
)
# verbs that end a group's description only where nothing else can ("Các đơn vị cung cấp
# dịch vụ điện, nước trên địa bàn:" keeps "cung cấp" in the group)
_STRONG_STOP = re.compile(
    r"(?<!\S)(?:chủ trì|phối hợp|có trách nhiệm|chịu trách nhiệm|là cơ quan|thực hiện|"
    r"triển khai|tổ chức)(?!\w)"
)
_GROUP_START = re.compile(
    r"^(?:(?:cac|nhung)\s+(?:so|ban|nganh|co quan|don vi|doanh nghiep|co so|to chuc|ca nhan|"
    r"hoi|doan the|xa|phuong|nha may|chu dau tu|dia phuong)\b"
    r"|(?:uy ban nhan dan|ubnd) cap xa\b)"
)
# after a title: "Giám đốc Sở, Thủ trưởng cơ quan, ban, ngành"
_BARE_GROUP_START = re.compile(r"^(?:so|co quan|ban|nganh)\s*(?:,|$)")
_GROUP_RULES = [
    (
        r"^(?:uy ban nhan dan|ubnd)\s+(?:cac\s+)?(?:xa|phuong|dac khu|thi tran|cap xa)\b"
        r"|^cac (?:xa|phuong|dia phuong)\b",
        "communes",
    ),
    (r"^cac (?:co quan )?(?:bao chi|thong tin dai chung|truyen thong|co quan bao)", "media"),
    (
        r"^(?:cac\s+)?(?:to chuc chinh tri|doan the|to chuc thanh vien|to chuc doan the|hoi\b)"
        r"|^cac hoi\b",
        "mass_organisations",
    ),
    (
        r"^(?:cac|nhung)\s+(?:doanh nghiep|nha may|chu dau tu|"
        r"co so (?!y te|giao duc|dao tao|ton giao|tin nguong))|^cac don vi (?:san xuat|kinh doanh)",
        "enterprises",
    ),
    (
        r"^(?:cac\s+)?(?:so|ban|nganh|co quan|don vi|dia phuong|cap)\b.*\b(?:lien quan|chuc nang|"
        r"duoc giao|neu tren)\b|^cac co quan\b|^cac cap\b",
        "agencies",
    ),
    (
        r"^(?:cac\s+)?(?:so|ban|nganh|co quan)(?:(?:\s*,\s*|\s+va\s+)(?:cac\s+)?(?:so|ban|nganh|"
        r"co quan|don vi|doan the|dia phuong|cap|thu truong co quan))*"
        r"(?:\s+(?:tinh|thanh pho|cap tinh|thuoc ubnd tinh|truc thuoc ubnd tinh))?$",
        "departments",
    ),
    (r"^(?:cac|nhung)\s+(?:to chuc|ca nhan|don vi)\b", "organisations"),
]
_GROUP_RULES = [(re.compile(p), kind) for p, kind in _GROUP_RULES]
# unnamed bodies no rule above places ("các cấp", "những đơn vị …"): the admin maps them
_GENERIC = re.compile(
    r"^(cac|nhung)\s+(so|nganh|co quan|don vi|ban nganh|so nganh|cap|dia phuong)\b"
)


@dataclass
class Addressees:
    """The bodies a heading starts with, the separator after them and the rest of the text."""

    leads: list[str] = field(default_factory=list)
    groups: list[dict] = field(default_factory=list)
    sep: str = ""
    rest: str = ""

    @property
    def found(self) -> bool:
        return bool(self.leads or self.groups)


def strip_title(text: str) -> str:
    """ "Giám đốc Sở Công Thương" → "Sở Công Thương"; "Chánh Văn phòng …" → "Văn phòng …"."""
    stripped = _TITLE.sub("", text.strip(), count=1)
    return stripped or text.strip()


def group_kind(text: str) -> str | None:
    """The group a phrase names ("Các sở, ban, ngành tỉnh" → "departments"), or None."""
    key = normalize_name(strip_title(text))
    if is_agency_name(strip_title(text)) and not re.match(
        r"^(?:uy ban nhan dan|ubnd)\s+(?:cac\s+)?(?:xa|phuong|dac khu|cap xa)\b", key
    ):
        return None
    for pattern, kind in _GROUP_RULES:
        if pattern.search(key):
            return kind
    return None


def is_addressee_start(text: str) -> bool:
    """Does the text begin with an agency, a group, or the title of one's head?"""
    text = text.strip()
    bare = strip_title(text)
    key = normalize_name(bare)
    return bool(
        is_agency_name(bare)
        or expand_group(bare.split(":")[0] + ":x") is not None
        or _GROUP_START.match(key)
        or (bare != text and _BARE_GROUP_START.match(key))
    )


def find_stop(text: str, start: int = 0) -> re.Match | None:
    """The first verb that ends a list of bodies, skipping the nouns that look like one
    ("các tổ chức", "có liên quan")."""
    for m in STOP_RE.finditer(text, start):
        before = text[: m.start()]
        if re.search(r"(?:các|Các|những|Những)\s+$", before):
            continue
        if before.count("(") > before.count(")"):  # inside a remark in brackets
            continue
        if m.group(0) == "có" and re.match(r"\s+liên quan", text[m.end() :]):
            continue
        return m
    return None


def _add_group(groups: list[dict], kind: str, text: str) -> None:
    for group in groups:
        if group["kind"] == kind:
            group["text"] = f"{group['text']}, {text}"
            return
    groups.append({"kind": kind, "text": text})


def split_addressees(text: str) -> tuple[list[str], list[dict]]:
    """ "Sở Tài chính, Sở Xây dựng và Ủy ban nhân dân các xã, phường" → (["Sở Tài chính",
    "Sở Xây dựng"], [communes]). A comma, semicolon or "và" separates two bodies only where
    the next piece starts like one, so "Sở Văn hóa, Thể thao và Du lịch" stays whole."""
    text = text.strip().strip(".;:").strip()
    if not text:
        return [], []
    expanded = expand_group(text)
    if expanded is not None:
        return [expand_abbreviation(n) for n in expanded], []
    pieces = re.split(r"(\s*[,;]\s*|\s+và\s+)", text)
    chunks = [pieces[0]]
    for i in range(1, len(pieces), 2):
        sep, piece = pieces[i], pieces[i + 1]
        # the rest of the list, not the piece: "Báo" starts "Báo và Phát thanh, Truyền hình"
        if is_addressee_start("".join(pieces[i + 1 :])):
            chunks.append(piece)
        else:
            chunks[-1] = f"{chunks[-1]}{sep}{piece}"
    names: list[str] = []
    groups: list[dict] = []
    for chunk in chunks:
        chunk = chunk.strip(" .;:")
        for one in expand_group(chunk) or [chunk]:
            if not one:
                continue
            kind = group_kind(one)
            if kind:
                _add_group(groups, kind, one)
                continue
            if _GENERIC.match(normalize_name(one)):
                _add_group(groups, "agencies", one)
                continue
            # "Sở Công Thương (cơ quan thường trực)": the remark is not part of the name
            name = re.sub(r"\s*\([^()]*\)$", "", expand_abbreviation(strip_title(one)))
            if name and name not in names:
                names.append(name)
    return names, groups


def split_agencies(text: str) -> list[str]:
    """The agencies of ``split_addressees``, without the groups."""
    return split_addressees(text)[0]


def _named_set(body: str) -> Addressees | None:
    """ "thủ trưởng các sở, ngành tỉnh: Công Thương, Tài chính, …, Công an tỉnh và Chủ tịch Ủy
    ban nhân dân các huyện có kế hoạch …" → a named group whose members are those bodies."""
    m = re.match(
        r"^((?:(?:Giám đốc|Thủ trưởng)\s+)?các\s+(sở|cơ quan)(?:\s*,\s*(?:ban\s*,\s*)?ngành)?"
        r"(?:\s+tỉnh|\s+thành phố)?)\s*:\s*(.+)$",
        body,
        re.I,
    )
    if not m:
        return None
    listed = m.group(3)
    stop = find_stop(listed)
    rest = ""
    if stop:
        listed, rest = listed[: stop.start()], listed[stop.start() :]
    pieces: list[str] = []
    for piece in re.split(r"\s*[,;]\s*", listed.strip(" .;:")):
        if pieces and (not piece or piece[0].islower()):
            pieces[-1] = f"{pieces[-1]}, {piece}"
        elif piece:
            pieces.append(piece)
    if len(pieces) < 2:
        return None
    head = "Sở" if m.group(2).lower() == "sở" else ""
    members: list[str] = []
    for piece in pieces:
        if is_addressee_start(piece):
            names, _groups = split_addressees(piece)
            found = names
        else:
            found = [f"{head} {piece}".strip()]
        members += [n for n in found if n not in members]
    text = f"{m.group(1)}: {listed.strip()}"
    return Addressees(groups=[{"kind": "named", "text": text, "members": members}], rest=rest)


def read_addressees(text: str) -> Addressees:
    """The agencies and groups a heading or sentence starts with.

    ``"Sở A: làm X"`` → leads ["Sở A"], sep ":", rest "làm X"; ``"Sở A, Sở B phối hợp…"`` →
    leads ["Sở A", "Sở B"], rest "phối hợp…"; nothing recognised → ``found`` is False.
    """
    body = LEAD_IN.sub("", text.strip(), count=1)
    if not is_addressee_start(body):
        return Addressees(rest=text)
    named = _named_set(body)
    if named is not None:
        return named
    head, sep, rest = body, "", ""
    colon = re.search(r":(\s|$)", body)
    stop = find_stop(body)
    group_first = not is_agency_name(strip_title(body))
    if colon and (
        not stop
        or colon.start() < stop.start()
        or (
            group_first
            and body.rstrip().endswith(":")
            and not _STRONG_STOP.search(body[: colon.start()])
        )
    ):
        head, sep, rest = body[: colon.start()], ":", body[colon.end() :].strip()
        group = expand_group(head + ": " + rest)
        if group is not None and not rest.endswith(":") and len(rest) < 200 and not stop:
            return Addressees(leads=[expand_abbreviation(n) for n in group])
    elif stop:
        head, rest = body[: stop.start()], body[stop.start() :]
    if len(head) > 200:
        return Addressees(rest=text)
    leads, groups = split_addressees(head.rstrip(" ,"))
    if not leads and not groups:
        return Addressees(rest=text)
    return Addressees(leads=leads, groups=groups, sep=sep, rest=rest.strip())


# where a list of bodies written inside a sentence ends
_INLINE_CUT = re.compile(r"[.;:()]|\s(?:để|nhằm|trong|tại|về|trên|theo|khi)\s")
_PLACE = re.compile(r"\s+(?:tỉnh|thành phố)(?!\w)")
_WORD = re.compile(r"\s+([\w-]+)")
_LIST_SEP = re.compile(r"\s*(?:,|;|\svà\s)\s*")


def _inline_end(tail: str) -> int:
    """The length of the list of bodies ``tail`` starts with."""
    pos = 0
    while True:
        known = known_name_at_start(tail[pos:])
        if not known:
            rest = tail[pos:]
            end = len(rest)
            stop = find_stop(rest)
            if stop:
                end = stop.start()
            cut = _INLINE_CUT.search(rest[:end])
            if cut:
                end = cut.start()
            return pos + end
        pos += len(known)
        place = _PLACE.match(tail, pos)
        if place:
            pos = place.end()
        # a proper name after it ("… Truyền hình Vĩnh Long")
        while (word := _WORD.match(tail, pos)) and word.group(1)[0].isupper():
            pos = word.end()
        sep = _LIST_SEP.match(tail, pos)
        if not sep or not is_addressee_start(tail[sep.end() :]):
            return pos
        pos = sep.end()


def coordinating_in(text: str) -> tuple[list[str], list[dict]]:
    """Bodies after "phối hợp (với)" ("…phối hợp với Sở Công Thương tổ chức…")."""
    names: list[str] = []
    groups: list[dict] = []
    for m in re.finditer(r"phối hợp(?: chặt chẽ)?(?:\s+với)?\s+", text, re.I):
        tail = text[m.end() :]
        if not is_addressee_start(tail):
            continue
        found, found_groups = split_addressees(tail[: _inline_end(tail)].rstrip(" ,"))
        names += [n for n in found if is_agency_name(n) and n not in names]
        for group in found_groups:
            if all(g["kind"] != group["kind"] for g in groups):
                groups.append(group)
    return names, groups
