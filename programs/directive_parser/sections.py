"""Assignments written as text: a numbered item naming who it addresses ("1. Sở Công Thương:",
"7. Các doanh nghiệp sản xuất công nghiệp:"), its lettered or dashed tasks, the heading itself
as the task ("3. Sở Tài chính cân đối …"), and under a heading that names nobody
("1. Công tác tuyên truyền"), the items that do ("a) Sở Công Thương chủ trì …") or that give
the task's fields ("a) Cơ quan chủ trì: …", "b) Cơ quan phối hợp: …", "c) Thời gian: …").

Refs: "1.a", "1.2" (the second dash of section 1), "2.1.a" (nested numbering), "Điều 2",
"7(2)" (a number repeated by mistake), "1.b(2)" (a letter repeated), "§1" (a paragraph
"Giao Sở … " outside any numbered item); when two parts ("II.", "III.") both number their
sections from 1, the part goes first: "II.1.a", "III.1".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from programs.directive_parser.addressees import (
    LEAD_IN,
    Addressees,
    coordinating_in,
    is_addressee_start,
    read_addressees,
    split_addressees,
)
from programs.directive_parser.context import ParseContext
from programs.directive_parser.dates import read_due, task_timing
from programs.directive_parser.numbering import (
    BULLET_RE,
    DIEU_RE,
    LETTER_RE,
    NESTED_RE,
    NUM_RE,
    ROMAN_RE,
    label,
    missing_letters,
)
from programs.directive_parser.result import ParsedAssignment

CLOSING = re.compile(
    r"^(TM\.|KT\.|Nơi nhận|DANH MỤC|PHỤ LỤC|Phụ lục)|"
    r".*có hiệu lực (thi hành )?(kể )?(từ|sau)|^Trong quá trình (triển khai|thực hiện)"
)
# "Chánh Văn phòng …, Thủ trưởng các sở … chịu trách nhiệm thi hành Quyết định này": the
# standard closing article, not a task
EXECUTION = re.compile(
    r"(?:chịu|có) trách nhiệm thi hành|thi hành (?:Quyết định|Chỉ thị|Kế hoạch|Văn bản) này",
    re.I,
)
# the title of a plan issued with a decision: its numbering starts afresh
ATTACHMENT = re.compile(
    r"\((?:Ban hành )?[Kk]èm theo (?:Quyết định|Chỉ thị|Kế hoạch|Công văn)|^(?:Ban hành )?[Kk]èm theo (?:Quyết định|Chỉ thị|Kế hoạch)\s+số"
)
# words that make an item read like an assignment when nobody recognisable is named in it
CUE = re.compile(
    r"(?<!\S)(?:chủ trì|phối hợp|có trách nhiệm|chịu trách nhiệm|giao|đề nghị)(?!\w)|"
    r"(?<!\S)các\s+(?:sở|ban|ngành|cơ quan|đơn vị)(?!\w)",
    re.I,
)
# a field of a task written as items ("a) Cơ quan chủ trì: Sở Công Thương.")
FIELD = re.compile(
    r"^(?:(?:Các\s+)?(?:cơ quan|đơn vị)\s+)?(?P<party>chủ trì|phối hợp|thực hiện)\s*:\s*(?P<v1>.*)$"
    r"|^(?P<kind>thời gian(?: thực hiện| hoàn thành)?|thời hạn(?: hoàn thành)?|tiến độ(?: thực hiện)?"
    r"|nội dung(?: thực hiện)?|sản phẩm(?: đầu ra)?|kết quả(?: đầu ra)?|kinh phí(?: thực hiện)?)"
    r"\s*:\s*(?P<v2>.*)$",
    re.I,
)
# what is left of a heading once its addressees are read, when it says nothing more
_BOILERPLATE = re.compile(
    r"^(?:có trách nhiệm|chịu trách nhiệm|thực hiện|triển khai|tổ chức thực hiện)?\s*"
    r"(?:(?:các|một số)\s+)?(?:nhiệm vụ|nội dung|công việc)?(?:\s+(?:cụ thể|chủ yếu))?"
    r"(?:\s+(?:sau|như sau|sau đây))?\s*:?$",
    re.I,
)


@dataclass
class Item:
    """A lettered ("a"), dashed ("-") or nested-numbered ("1.1") item of a section."""

    label: str
    lines: list[str]
    kind: str  # "letter" | "dash" | "nested"


@dataclass
class Section:
    """A numbered item (or a "Giao …" paragraph) with the text under it."""

    number: str  # "7", "2.1", "Điều 2", "Điều 2.1", "§1"
    part: int
    heading: str
    addressees: Addressees
    list_key: tuple
    intro: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    direct: str = ""  # "Sở A phối hợp … làm X" — the heading itself is the task
    title: str = ""
    body: str = ""  # the heading without its number
    dash: str | None = None  # the bullet of this section's task-level dashes

    @property
    def addressed(self) -> bool:
        return self.addressees.found


@dataclass
class _State:
    sections: list[Section] = field(default_factory=list)
    current: Section | None = None
    target: list[str] | None = None  # the lines the next plain paragraph continues
    part: int = 0
    part_labels: dict[int, str] = field(default_factory=dict)
    roman: str = ""
    dieu: str = ""
    closed: bool = False
    seen_numbers: dict[tuple, set[str]] = field(default_factory=dict)
    paragraphs: int = 0  # "§n" sections so far

    def close(self):
        self.current, self.target = None, None


def read_sections(ctx: ParseContext, start: int):
    """Every assignment written as text from unit ``start`` on."""
    st = _State()
    for unit in ctx.units[start:]:
        if "\t" in unit:
            st.close()
            continue
        # "- a/ …", "• 1. …": a bullet in front of a numbered or lettered item
        unbulleted = BULLET_RE.sub("", unit)
        if unbulleted != unit and (LETTER_RE.match(unbulleted) or NUM_RE.match(unbulleted)):
            unit = unbulleted
        if CLOSING.match(unit):
            st.close()
            st.closed = True
            continue
        if ATTACHMENT.search(unit) and not DIEU_RE.match(unit):
            st.close()
            st.part, st.roman, st.dieu = st.part + 1, "", ""
            continue
        m = ROMAN_RE.match(unit)
        if m and (m.group(2) == m.group(2).upper() or len(m.group(2)) < 80):
            _new_part(ctx, st, m.group(1))
            continue
        m = DIEU_RE.match(unit)
        if m:
            st.dieu = m.group(1)
            st.close()
            _numbered(ctx, st, f"Điều {st.dieu}", unit, m.group(2), ("dieu", st.part))
            continue
        m = NESTED_RE.match(unit)
        if m:
            _nested(ctx, st, m.group(1), unit, m.group(2))
            continue
        m = NUM_RE.match(unit)
        if m:
            st.close()
            ref = m.group(1) if not st.dieu else f"Điều {st.dieu}.{m.group(1)}"
            _numbered(ctx, st, ref, unit, m.group(2), ("num", st.part, st.dieu))
            st.closed = False
            continue
        m = LETTER_RE.match(unit)
        if m:
            letter = m.group(1) or m.group(3)
            body = (m.group(2) if m.group(1) else m.group(4)) or ""
            if st.current is not None:
                item = Item(letter, [body], "letter")
                st.current.items.append(item)
                st.target = item.lines
            else:
                st.target = None
            continue
        if st.closed:
            continue
        if BULLET_RE.match(unit):
            _dash(ctx, st, unit)
            continue
        if LEAD_IN.match(unit) or (st.current is None and st.part_labels.get(st.part)):
            addressees = read_addressees(unit)
            # "Giao …" anywhere; under a part heading, a paragraph naming an agency
            if addressees.found and addressees.rest and (LEAD_IN.match(unit) or addressees.leads):
                _paragraph_section(ctx, st, unit, addressees)
                continue
        if st.target is not None:
            current = st.current
            opening = (
                current is not None
                and st.target is current.intro
                and not current.intro
                and not current.direct
            )
            if is_addressee_start(unit) and not opening:
                # "Các cơ quan định kỳ báo cáo …" after the last section is not its text
                st.close()
                continue
            st.target.append(unit)
    _emit_all(ctx, st)


def _new_part(ctx: ParseContext, st: _State, roman: str):
    st.close()
    st.part += 1
    st.roman, st.dieu = roman, ""
    used = set(st.part_labels.values())
    part_label = roman
    if roman in used:
        n = 2
        while f"{roman}({n})" in used:
            n += 1
        part_label = f"{roman}({n})"
        ctx.warn(f"Phần {roman} lặp lại: phần thứ hai được đánh số {part_label}.")
    st.part_labels[st.part] = part_label


def _numbered(ctx: ParseContext, st: _State, ref: str, heading: str, body: str, key: tuple):
    number = ref.split(".")[-1] if not ref.startswith("Điều") or "." in ref else ref
    numbers = st.seen_numbers.setdefault(key, set())
    if number in numbers:
        ctx.warn(f"Số thứ tự {number} lặp lại trong cùng một danh sách (“{heading[:60]}”).")
    numbers.add(number)
    if EXECUTION.search(body):
        return
    addressees = read_addressees(body)
    section = Section(ref, st.part, heading, addressees, key, body=body)
    if addressees.found:
        names = addressees.leads + [g["text"] for g in addressees.groups]
        # the section as a heading: "3. Sở Kế hoạch và Đầu tư" (without the task it assigns)
        section.title = (heading[: len(heading) - len(body)] + ", ".join(names)).strip()
        if addressees.rest:
            if addressees.sep == ":":
                section.intro.append(addressees.rest)
            else:
                section.direct = body.strip()
    else:
        section.title = heading
    st.sections.append(section)
    st.current = section
    st.target = section.intro


def _nested(ctx: ParseContext, st: _State, number: str, heading: str, body: str):
    """ "2.1. Sở Công Thương" is a section; "1.1. Tổ chức …" under "1. Sở Công Thương" one of
    its tasks; "1.1. Mục đích" a heading of its own."""
    current = st.current
    ref = number if not st.dieu else f"Điều {st.dieu}.{number}"
    if (
        current is not None
        and current.addressed
        and ref.startswith(current.number + ".")
        and not read_addressees(body).found
    ):
        item = Item(ref, [body], "nested")
        current.items.append(item)
        st.target = item.lines
        return
    st.close()
    parent = number.rsplit(".", 1)[0]
    _numbered(ctx, st, ref, heading, body, ("nested", st.part, st.dieu, parent))
    st.closed = False


def _dash(ctx: ParseContext, st: _State, unit: str):
    bullet, body = unit[0], BULLET_RE.sub("", unit)
    current = st.current
    if current is None:
        # "- Sở Công Thương: …" as a paragraph of its own
        addressees = read_addressees(body)
        if addressees.found and addressees.rest:
            _paragraph_section(ctx, st, body, addressees)
        return
    letters = any(i.kind == "letter" for i in current.items)
    if not letters and current.dash in (None, bullet):
        current.dash = bullet
        item = Item(str(sum(1 for i in current.items if i.kind == "dash") + 1), [body], "dash")
        current.items.append(item)
        st.target = item.lines
    elif st.target is not None:
        st.target.append(unit)


def _paragraph_section(ctx: ParseContext, st: _State, text: str, addressees: Addressees):
    st.close()
    st.paragraphs += 1
    section = Section(f"§{st.paragraphs}", st.part, text, addressees, ("paragraph",))
    section.direct = text.strip()
    section.title = text[:120]
    st.sections.append(section)
    st.current = None
    st.target = None


# -- emitting -----------------------------------------------------------------------------


@dataclass
class _Draft:
    suffix: str  # ".a", ".2", "" (the section itself)
    text: str
    leads: list[str]
    groups: list[dict]
    section: Section
    timing_text: str = ""  # a "Thời gian thực hiện" field, read as a table cell
    # the task after its addressees ("… có trách nhiệm: Định kỳ 6 tháng, …"), for its timing
    body: str = ""
    coordinating: list[str] = field(default_factory=list)
    coordinating_groups: list[dict] = field(default_factory=list)


def _emit_all(ctx: ParseContext, st: _State):
    drafts = [(s, _drafts(ctx, s)) for s in st.sections]
    emitting = [(s, d) for s, d in drafts if d]
    # parts whose section numbers collide with another part's get the part in front
    tops: dict[int, set[str]] = {}
    for s, _d in emitting:
        if not s.number.startswith(("Điều", "§")):
            tops.setdefault(s.part, set()).add(s.number.split(".")[0])
    prefixed = {
        p
        for p, numbers in tops.items()
        if st.part_labels.get(p) and any(numbers & other for q, other in tops.items() if q != p)
    }
    bases: set[str] = set()
    has_assignments = {s.list_key for s, _d in emitting}
    for section, items in drafts:
        if not items:
            _maybe_skipped(ctx, section, has_assignments)
            continue
        base = section.number
        if section.part in prefixed and not base.startswith(("Điều", "§")):
            base = f"{st.part_labels[section.part]}.{base}"
        # a duplicate number ("7." twice): this section's items get "7(2)", "7(2).a"…
        if base in bases:
            n = 2
            while f"{base}({n})" in bases:
                n += 1
            base = f"{base}({n})"
        bases.add(base)
        for draft in items:
            _add(ctx, ctx.unique_ref(base + draft.suffix), draft)


def _maybe_skipped(ctx: ParseContext, section: Section, has_assignments: set[tuple]):
    if section.number.startswith("Điều") and "." not in section.number:
        return
    body = section.body or section.heading
    if section.addressed:
        names = section.addressees.leads + [g["text"] for g in section.addressees.groups]
        ctx.warn(f"{label(section.number)} ({', '.join(names)}): không có nội dung nhiệm vụ.")
        return
    if section.list_key in has_assignments and CUE.search(body):
        lines = [body, *section.intro] + [line for item in section.items for line in item.lines]
        ctx.skip(section.number, "\n".join(lines), "không nhận ra cơ quan được giao")


def _meaningful(rest: str) -> str:
    return "" if _BOILERPLATE.match(rest.strip()) else rest.strip()


def _drafts(ctx: ParseContext, section: Section) -> list[_Draft]:
    fields = _fields(section)
    if fields is not None:
        return fields
    if section.addressed:
        return _addressed_drafts(ctx, section)
    return _plain_drafts(ctx, section)


def _addressed_drafts(ctx: ParseContext, section: Section) -> list[_Draft]:
    ad = section.addressees
    intro = " ".join(section.intro).strip()
    if not section.items:
        text = section.direct or intro
        if not text:
            return []
        if section.direct and intro:
            text = f"{text}\n{intro}"
        body = ad.rest if section.direct else ""
        return [_Draft("", text, ad.leads, ad.groups, section, body=body)]
    drafts: list[_Draft] = []
    prefix = ""
    if intro and intro.endswith(":"):
        prefix = intro + " "
    elif section.direct and section.direct.endswith(":"):
        rest = _meaningful(ad.rest)
        prefix = rest + " " if rest else ""
    elif intro or section.direct:
        drafts.append(_Draft("", section.direct or intro, ad.leads, ad.groups, section))
    previous = None
    letters_seen: dict[str, int] = {}
    for item in section.items:
        suffix = item.label[len(section.number) :] if item.kind == "nested" else f".{item.label}"
        if item.kind == "letter":
            missing = missing_letters(previous, item.label)
            if missing:
                ctx.warn(
                    f"{label(section.number)}: thiếu điểm {', '.join(missing)}) "
                    f"trước điểm {item.label})."
                )
            count = letters_seen[item.label] = letters_seen.get(item.label, 0) + 1
            if count > 1:
                suffix = f"{suffix}({count})"
                ctx.warn(f"{label(section.number)}: điểm {item.label}) lặp lại.")
            previous = item.label
        body = "\n".join(line for line in item.lines if line).strip()
        leads, groups = ad.leads, ad.groups
        own = read_addressees(body)
        if not ad.leads and own.found and own.rest:
            # "5. Các sở, ngành: a) Sở Tài chính: …" — the item names its own agency
            leads, groups = own.leads, own.groups
        drafts.append(_Draft(suffix, prefix + body, leads, groups, section))
    return drafts


# "(Sở Công Thương chủ trì; các sở, ngành phối hợp; thực hiện thường xuyên)"
_BRACKETED = re.compile(
    r"\((?P<lead>[^()]+?)\s+chủ trì(?:\s*[,;]\s*(?P<coord>[^()]+?)\s+phối hợp)?"
    r"(?:\s*[,;]\s*(?P<when>[^()]*))?\)"
)


def _bracketed(text: str, section: Section, suffix: str) -> _Draft | None:
    m = _BRACKETED.search(text)
    if not m:
        return None
    leads, groups = split_addressees(m.group("lead"))
    if not leads and not groups:
        return None
    draft = _Draft(suffix, text, leads, groups, section, (m.group("when") or "").strip())
    draft.coordinating, draft.coordinating_groups = split_addressees(m.group("coord") or "")
    return draft


def _plain_drafts(ctx: ParseContext, section: Section) -> list[_Draft]:
    """Under a heading that names nobody: the paragraphs and items that name someone."""
    drafts: list[_Draft] = []
    own = _bracketed(section.body, section, "") if section.body else None
    if own is not None and not section.items:
        return [own]
    for paragraph in section.intro[:1]:
        own = read_addressees(paragraph)
        if own.found and own.rest:
            drafts.append(_Draft("", paragraph, own.leads, own.groups, section))
    for item in section.items:
        body = "\n".join(line for line in item.lines if line).strip()
        suffix = item.label[len(section.number) :] if item.kind == "nested" else f".{item.label}"
        own = read_addressees(body)
        bracketed = _bracketed(body, section, suffix)
        if own.found and own.rest:
            drafts.append(_Draft(suffix, body, own.leads, own.groups, section))
        elif bracketed is not None:
            drafts.append(bracketed)
        elif LEAD_IN.match(body):
            ctx.skip(
                section.number + suffix,
                body,
                "không nhận ra cơ quan được giao sau “"
                + LEAD_IN.match(body).group(0).strip()
                + "”",
            )
    return drafts


_FIELD_SPLIT = re.compile(
    r";\s*(?=(?:(?:các\s+)?(?:cơ quan|đơn vị)\s+)?(?:chủ trì|phối hợp|thực hiện|thời gian|"
    r"thời hạn|tiến độ|nội dung|sản phẩm|kết quả|kinh phí)\b)",
    re.I,
)


def _fields(section: Section) -> list[_Draft] | None:
    """ "2. Hướng dẫn doanh nghiệp …" with items "a) Cơ quan chủ trì: Sở Công Thương",
    "b) Cơ quan phối hợp: …", "c) Thời gian thực hiện: Hằng năm" — or the same in one
    paragraph, separated by semicolons — → one task."""
    pieces = [" ".join(item.lines).strip() for item in section.items]
    if not pieces and section.intro and not section.addressed:
        pieces = _FIELD_SPLIT.split(section.intro[0].strip().rstrip("."))
    if not pieces:
        return None
    values: dict[str, str] = {}
    for piece in pieces:
        m = FIELD.match(piece.strip())
        if not m:
            return None
        if m.group("party"):
            key = "lead" if m.group("party").lower() in ("chủ trì", "thực hiện") else "coord"
            values[key] = m.group("v1")
        else:
            kind = m.group("kind").lower()
            key = (
                "content"
                if kind.startswith("nội dung")
                else "due"
                if kind.startswith(("thời", "tiến"))
                else "other"
            )
            values[key] = m.group("v2")
    if "lead" not in values:
        return None
    leads, groups = split_addressees(values["lead"])
    if not leads and not groups:
        return None
    heading_text = NUM_RE.sub(r"\2", section.heading)
    heading_text = (
        NESTED_RE.sub(r"\2", heading_text) if NESTED_RE.match(heading_text) else heading_text
    )
    text = values.get("content") or heading_text
    coordinating, coordinating_groups = split_addressees(values.get("coord", ""))
    draft = _Draft("", text.strip(), leads, groups, section, values.get("due", ""))
    draft.coordinating, draft.coordinating_groups = coordinating, coordinating_groups
    return [draft]


def _add(ctx: ParseContext, ref: str, draft: _Draft):
    text = draft.text.strip()
    lead = list(draft.leads)
    found, found_groups = coordinating_in(text)
    coordinating = [c for c in draft.coordinating + found if c not in lead]
    coordinating = list(dict.fromkeys(coordinating))
    kinds = {g["kind"] for g in draft.groups}
    coordinating_groups = []
    for group in draft.coordinating_groups + found_groups:
        if group["kind"] not in kinds and all(
            g["kind"] != group["kind"] for g in coordinating_groups
        ):
            coordinating_groups.append(group)
    if draft.timing_text:
        timing = read_due(draft.timing_text)
    else:
        timing = task_timing(text)
        if draft.body and not (timing.due or timing.recurrence):
            timing = task_timing(draft.body)
    ctx.result.assignments.append(
        ParsedAssignment(
            ref=ref,
            lead=lead,
            coordinating=coordinating,
            text=text,
            due=timing.due,
            recurrence=timing.recurrence,
            due_text=draft.timing_text[:120],
            section=(draft.section.title or draft.section.heading)[:500],
            groups=[dict(g) for g in draft.groups],
            coordinating_groups=coordinating_groups,
        )
    )
