"""Numbering of a directive's items: parts "I.", articles "Điều 1", sections "1.", letters "a)".

Vietnamese lists letter their items a, b, c, d, đ, e…; some documents skip "đ" or use "f".
"""

from __future__ import annotations

import re

#: capital letters of Vietnamese, for character classes
UPPER = "A-ZĐÀ-ỸÂĂÊÔƠƯÁÉÍÓÚÝÌÒÙỲÃẼĨÕŨỸẠẸỊỌỤỴ"

ROMAN_RE = re.compile(r"^(?:Phần\s+|PHẦN\s+|Mục\s+|MỤC\s+)?([IVXL]{1,6})\s*[.\/\-)]\s*(.*)$")
DIEU_RE = re.compile(r"^(?:Điều|ĐIỀU)\s+(\d+)\s*[.:\-]?\s*(.*)$")
#: "2.1.", "1.2.3" — a number within a number (checked before NUM_RE)
NESTED_RE = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(?=\S)(.*)$")
NUM_RE = re.compile(r"^(\d{1,2})\s*[.\/)]\s*(?!\d)(.*)$")
LETTER_RE = re.compile(r"^([a-zđ])\s*[)\/]\s*(.*)$|^([a-zđ])\.\s+(?=[" + UPPER + r"])(.*)$")
BULLET_RE = re.compile(r"^[-+•–*]\s+")

LETTERS = "abcdđefghijklmnopqrstuvwxyz"
#: letters some documents use and others skip ("d) … e)" without "đ)"; "f)" in Latin order)
_OPTIONAL_LETTERS = set("đfjwz")


def starts_marker(line: str) -> bool:
    """Does the line begin a numbered, lettered or bulleted item?"""
    return bool(
        ROMAN_RE.match(line)
        or DIEU_RE.match(line)
        or NUM_RE.match(line)
        or LETTER_RE.match(line)
        or BULLET_RE.match(line)
    )


def missing_letters(previous: str | None, letter: str) -> list[str]:
    """Letters skipped between two items, ignoring the optional ones ("đ", "f"…)."""
    if letter not in LETTERS:
        return []
    start = LETTERS.index(previous) + 1 if previous and previous in LETTERS else 0
    stop = LETTERS.index(letter)
    return [c for c in LETTERS[start:stop] if c not in _OPTIONAL_LETTERS]


def label(ref: str) -> str:
    return ref if ref.startswith("Điều") else f"Mục {ref}"
