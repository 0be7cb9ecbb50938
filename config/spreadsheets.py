"""Cell safety for every CSV/XLSX the portal writes (shared by enterprises and reports).

A text cell starting with ``= + - @`` (or a tab/CR/LF) is run as a formula by Excel and
LibreOffice — CSV/formula injection. Exports pass text through ``neutralise_formula``.
"""

from __future__ import annotations

#: a text cell starting with one of these is read as a formula by spreadsheet programs
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise_formula(value):
    """Prefix ``'`` to text a spreadsheet would run as a formula; other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
