"""Agency sections: a numbered item naming agencies ("1. Sở Công Thương:"), its lettered tasks
("a) …"), or the heading itself as the task ("3. Sở Tài chính cân đối …")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from programs.directive_parser.agencies import agencies_at_start, coordinating_in
from programs.directive_parser.context import ParseContext
from programs.directive_parser.dates import due_in_text
from programs.directive_parser.numbering import (
    BULLET_RE,
    DIEU_RE,
    LETTER_RE,
    NUM_RE,
    ROMAN_RE,
    label,
    missing_letters,
)
from programs.directive_parser.result import ParsedAssignment


@dataclass
class Section:
    """A numbered item that names its agencies, with the text under it."""

    ref: str
    heading: str
    agencies: list[str]
    intro: list[str] = field(default_factory=list)
    letters: list[tuple[str, list[str]]] = field(default_factory=list)
    direct: str = ""  # "Sở A phối hợp … làm X" — the heading itself is the task
    title: str = ""
    list_key: tuple = ()


def read_sections(ctx: ParseContext, start: int):
    """Every agency section from unit ``start`` on, emitted as assignments."""
    sections: list[Section] = []
    current: Section | None = None
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

    for unit in ctx.units[start:]:
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
            _numbered(
                ctx,
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
            _numbered(
                ctx, ref, unit, m.group(2), key, sections, seen_numbers, list_has_agency, skipped
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
            ctx.warn(f"{label(ref)}: không nhận ra cơ quan được giao — bỏ qua.")
    for section in sections:
        _emit(ctx, section)


def _numbered(ctx: ParseContext, ref, heading, body, key, sections, seen, has_agency, skipped):
    number = ref.split(".")[-1] if not ref.startswith("Điều") or "." in ref else ref
    numbers = seen.setdefault(key, set())
    if number in numbers:
        ctx.warn(f"Số thứ tự {number} lặp lại trong cùng một danh sách (“{heading[:60]}”).")
    numbers.add(number)
    names, sep, rest = agencies_at_start(body)
    if not names:
        skipped.append((key, ref))
        return
    has_agency[key] = True
    section = Section(ref=ref, heading=heading, agencies=names, list_key=key)
    # the section as a heading: "3. Sở Kế hoạch và Đầu tư" (without the task it assigns)
    section.title = (heading[: len(heading) - len(body)] + ", ".join(names)).strip()
    if rest:
        if sep == ":":
            section.intro.append(rest)
        else:
            section.direct = body.strip()
    sections.append(section)


def _emit(ctx: ParseContext, section: Section):
    intro = " ".join(section.intro).strip()
    base = section.ref
    # a duplicate number ("7." twice): this section's items get "7(2)", "7(2).a"…
    if base in ctx.bases:
        n = 2
        while f"{base}({n})" in ctx.bases:
            n += 1
        base = f"{base}({n})"
    ctx.bases.add(base)
    if not section.letters:
        text = section.direct or intro
        if not text:
            ctx.warn(
                f"{label(section.ref)} ({', '.join(section.agencies)}): không có nội dung nhiệm vụ."
            )
            return
        if section.direct and intro:
            text = f"{text}\n{intro}"
        _add(ctx, ctx.unique_ref(base), section, text)
        return
    prefix = ""
    if intro and intro.endswith(":"):
        prefix = intro + " "
    elif intro or section.direct:
        _add(ctx, ctx.unique_ref(base), section, section.direct or intro)
    previous = None
    for letter, lines in section.letters:
        missing = missing_letters(previous, letter)
        if missing:
            ctx.warn(
                f"{label(section.ref)}: thiếu điểm {', '.join(missing)}) trước điểm {letter})."
            )
        previous = letter
        text = prefix + "\n".join(line for line in lines if line).strip()
        _add(ctx, ctx.unique_ref(f"{base}.{letter}"), section, text)


def _add(ctx: ParseContext, ref: str, section: Section, text: str):
    text = text.strip()
    lead = list(section.agencies)
    coordinating = [c for c in coordinating_in(text) if c not in lead]
    due = due_in_text(text)
    ctx.result.assignments.append(
        ParsedAssignment(
            ref=ref,
            lead=lead,
            coordinating=coordinating,
            text=text,
            due=due,
            section=(section.title or section.heading)[:500],
        )
    )
