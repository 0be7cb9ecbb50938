"""config.spreadsheets: the one cell guard of every XLSX/CSV the portal writes, and its undoing."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from config.spreadsheets import neutralise_formula, safe_cell, strip_formula_guard

TRIGGERS = ["=", "+", "-", "@", "＝", "＋", "－", "＠", "\t", "\r", "\n"]


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_csv_guard_prefixes_an_apostrophe_and_the_importer_takes_it_off(trigger):
    typed = f"{trigger}84 296 3850 123"
    guarded = neutralise_formula(typed)
    assert guarded == "'" + typed
    assert strip_formula_guard(guarded) == typed


@pytest.mark.parametrize("value", ["'Bác Ba", "'", "Sở Công Thương", "", 12, None])
def test_only_the_guards_own_apostrophe_is_taken_off(value):
    assert neutralise_formula(value) == value
    assert strip_formula_guard(value) == value


@pytest.mark.parametrize("trigger", TRIGGERS[:8])
def test_xlsx_text_that_starts_like_a_formula_is_a_quote_prefixed_text_cell(trigger):
    typed = f'{trigger}HYPERLINK("http://evil.example")'
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([safe_cell(sheet, typed), safe_cell(sheet, "Sở Công Thương")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    evil, plain = load_workbook(io.BytesIO(buffer.getvalue())).active[1]
    assert (evil.value, evil.data_type, evil.quotePrefix) == (typed, "s", True)
    assert (plain.value, plain.data_type, plain.quotePrefix) == ("Sở Công Thương", "s", False)


def test_xlsx_numbers_dates_and_yes_no_keep_their_meaning():
    sheet = Workbook().active
    aware = dt.datetime(2026, 3, 5, 1, 30, tzinfo=dt.UTC)
    cells = [safe_cell(sheet, v) for v in (12, Decimal("12.5"), dt.date(2026, 3, 5), aware, True)]
    assert [c.data_type for c in cells[:4]] == ["n", "n", "d", "d"]
    assert cells[2].number_format == "DD/MM/YYYY"
    assert cells[3].value == dt.datetime(2026, 3, 5, 8, 30)  # Asia/Ho_Chi_Minh, no tzinfo
    assert cells[4].value == "Có"
    assert safe_cell(sheet, None).value is None
