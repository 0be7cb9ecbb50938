"""Cell safety for every CSV/XLSX the portal writes, and its undoing on import.

A text cell starting with ``= + - @`` (their full-width forms ``＝ ＋ － ＠`` too, which
spreadsheet programs fold to ASCII) or a tab/CR/LF is run as a formula by Excel and LibreOffice
— CSV/formula injection. The two formats are guarded differently so the data stays intact:

- XLSX: every cell goes through ``safe_cell``; text is written as a text cell, never a formula,
  and one that starts like a formula carries Excel's quote-prefix style, so it is shown unchanged
  (``+84 296 3850 123``) and stays text even when someone edits it.
- CSV has no cell types, so ``neutralise_formula`` prefixes ``'``; the importer calls
  ``strip_formula_guard`` to take that apostrophe off again, so export → import round-trips.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from openpyxl.cell.cell import Cell

#: a text cell starting with one of these is read as a formula by spreadsheet programs
FORMULA_TRIGGERS = ("=", "+", "-", "@", "＝", "＋", "－", "＠", "\t", "\r", "\n")

DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"


def starts_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def neutralise_formula(value):
    """CSV only: prefix ``'`` to text a spreadsheet would run as a formula; other values pass."""
    if starts_like_formula(value):
        return "'" + value
    return value


def strip_formula_guard(value):
    """Undo ``neutralise_formula`` on an imported cell: ``'+84…`` → ``+84…``. An apostrophe
    before anything else is the user's own and stays."""
    if isinstance(value, str) and value.startswith("'") and starts_like_formula(value[1:]):
        return value[1:]
    return value


def _plain(value):
    """A value openpyxl writes as itself: numbers and dates typed, everything else text."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        from django.utils.translation import gettext as _

        return _("Có") if value else _("Không")
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            from django.utils import timezone

            value = timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
        return value
    if isinstance(value, int | float | Decimal | dt.date):
        return value
    return str(value)  # lazy translations, model instances, choices labels


def safe_cell(worksheet, value) -> Cell:
    """One XLSX cell for ``worksheet.append([...])``: typed numbers and dates (dd/mm/yyyy), and
    text that is always a text cell — quote-prefixed when it starts like a formula."""
    value = _plain(value)
    cell = Cell(worksheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would make "=…" a formula
        if starts_like_formula(value):
            cell.quotePrefix = True
    elif isinstance(value, dt.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    return cell


def append_row(worksheet, values) -> None:
    """Append one row of ``safe_cell``s."""
    worksheet.append([safe_cell(worksheet, v) for v in values])
