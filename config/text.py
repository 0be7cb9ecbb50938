"""Vietnamese text normalisation for matching names regardless of accents and case."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def strip_accents(text: str) -> str:
    """Remove Vietnamese diacritics (đ → d included): "Sở Công Thương" → "So Cong Thuong"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def normalize_name(text: str) -> str:
    """A matching key: no accents, lower case, single spaces, no surrounding punctuation."""
    text = strip_accents(unicodedata.normalize("NFC", text or "")).lower()
    text = text.replace("&", " va ")
    text = re.sub(r"[^\w\s,/-]", " ", text)
    return _SPACES.sub(" ", text).strip(" ,.;:-")


def unaccent(text: str) -> str:
    """Lower-case text without Vietnamese diacritics (đ → d) and single spaces, for search and
    spreadsheet header matching."""
    return " ".join(strip_accents(text or "").lower().split())
