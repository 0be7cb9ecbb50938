"""Text clean-up: markdown/HTML markup off, lines re-joined into logical paragraphs ("units").

A pipe or Word table row becomes one unit with tab-separated cells.
"""

from __future__ import annotations

import re
import unicodedata

from programs.directive_parser.numbering import starts_marker

_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_MD_EMPH = re.compile(r"(\*\*|__|\*(?=\S)|(?<=\S)\*)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_TERMINAL = (".", ";", ":", "!", "?", "./.")


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


def to_units(text: str) -> list[str]:
    """Split text into logical paragraphs, re-joining lines broken inside a sentence.

    A line continues the previous one when it starts in lower case (a page break in the middle
    of a sentence), or when it follows without a blank line, starts no numbered item and the
    previous line stopped at a word that needs more ("… phối hợp với", "… Thể thao và") —
    markdown hard breaks inside a title or a name. Text pasted from Word has no blank lines:
    a line that starts in capitals after a complete line ("1. Sở Công Thương", "CHỈ THỊ", a
    title) is a paragraph of its own.
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
        lower_start = line[0].islower() and not starts_marker(line)
        hard_break = (
            not after_blank
            and not starts_marker(line)
            and not prev.endswith(_TERMINAL)
            and not _looks_like_header_line(line)
            and _continues(prev, line)
        )
        if joinable and (lower_start or hard_break):
            units[-1] = f"{prev} {line}"
        else:
            units.append(line)
        after_blank = False
    return units


#: words a line broken inside a name or a sentence ends with ("Sở Văn hóa, Thể thao và",
#: "chủ trì, phối hợp với", "báo cáo về")
_CONTINUES = re.compile(
    r"(?:[,\-–(/&]|\b(?:và|của|các|với|về|cho|tại|trong|theo|thuộc|hợp|giao|trì|đề nghị|"
    r"đối với|là|được|để|những|một|từ|đến|hoặc|trên|dưới|số))$",
    re.IGNORECASE,
)


_DATE_LINE = re.compile(r",?\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", re.IGNORECASE)


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _continues(prev: str, line: str) -> bool:
    """Does ``line`` (starting in capitals, after ``prev`` without a blank line) go on with
    ``prev``? Yes after a word that needs more; else only when neither is a complete piece:
    ``line`` is no full sentence, both are in the same case (not "CHỈ THỊ" then its title),
    and neither is the place-and-date line or the motto."""
    if _CONTINUES.search(prev):
        return True
    if line.endswith(_TERMINAL) or _is_caps(prev) != _is_caps(line):
        return False
    if _DATE_LINE.search(prev) or _DATE_LINE.search(line):
        return False
    return not _looks_like_header_line(prev)


def _looks_like_header_line(line: str) -> bool:
    return bool(re.match(r"^(Số\s*[:.]|Độc lập|CỘNG HÒA|CỘNG HOÀ|TM\.|KT\.|Nơi nhận)", line))


def decode_text(text: str) -> str:
    """BOM, Windows/Mac line endings, Unicode composition."""
    text = text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _nfc(text)


# --------------------------------------------------------------------------------------------
