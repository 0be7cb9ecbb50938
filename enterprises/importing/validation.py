"""Checking every row of a file before anything is written: one ``RowError`` per bad cell."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from config.spreadsheets import strip_formula_guard
from config.text import unaccent
from enterprises.importing.columns import COLUMN_BY_KEY, Column
from enterprises.importing.reading import FileRejected, FormulaCell
from enterprises.models import Enterprise, IndustrialZone, Locality, VsicCode
from enterprises.rules import normalize_tax_code

MAX_ROWS = 100_000


PROGRESS_EVERY = 500


TRUE_WORDS = {"co", "x", "1", "yes", "y", "true", "dung", "c", "v"}


FALSE_WORDS = {"khong", "0", "no", "n", "false", "sai", "k", "-"}


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Dòng %(row)s, cột “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_decimal(value: object) -> Decimal:
    """A number typed the Vietnamese way (1.234,5) or the English way (1,234.5)."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    if "." in text and "," in text:
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        text = text.replace(thousands, "").replace(decimal_sep, ".")
    elif "," in text:
        parts = text.split(",")
        if len(parts) == 2 and len(parts[1]) != 3:
            text = text.replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "." in text:
        parts = text.split(".")
        if len(parts) > 2 or len(parts[1]) == 3:
            text = text.replace(".", "")  # 1.234 is one thousand two hundred thirty-four
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError from None
    if not number.is_finite():
        raise ValueError
    return number


def parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        raise ValueError
    word = unaccent(str(value)).strip(" .")
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


class Lookups:
    """Reference data and existing rows, fetched once per import (a handful of queries)."""

    def __init__(self, tax_codes: Iterable[str]):
        self.vsic = {
            code: (pk, section)
            for pk, code, section in VsicCode.objects.values_list("id", "code", "section")
        }
        self.locality_by_code: dict[str, int] = {}
        self.locality_by_name: dict[str, set[int]] = {}
        kinds = dict(Locality._meta.get_field("kind").choices)
        for pk, code, name, kind in Locality.objects.values_list("id", "code", "name", "kind"):
            self.locality_by_code[code.upper()] = pk
            for key in (unaccent(name), unaccent(f"{kinds.get(kind, '')} {name}")):
                self.locality_by_name.setdefault(key, set()).add(pk)
        self.zone_by_name: dict[str, set[int]] = {}
        for pk, name in IndustrialZone.objects.values_list("id", "name"):
            for key in _zone_keys(name):
                self.zone_by_name.setdefault(key, set()).add(pk)
        self.tax_cache: dict[object, str | ValidationError] = {}
        self.existing: dict[str, Enterprise] = {}
        codes = list(tax_codes)
        for start in range(0, len(codes), 900):  # stay under SQLite's parameter limit
            chunk = codes[start : start + 900]
            for enterprise in Enterprise.objects.filter(tax_code__in=chunk):
                self.existing[enterprise.tax_code] = enterprise


_ZONE_PREFIXES = {
    "khu cong nghiep ": "kcn ",
    "cum cong nghiep ": "ccn ",
    "khu kinh te ": "kkt ",
}


def _zone_keys(name: str) -> set[str]:
    key = unaccent(name)
    keys = {key}
    for long, short in _ZONE_PREFIXES.items():
        if key.startswith(long):
            keys.add(short + key[len(long) :])
        elif key.startswith(short):
            keys.add(long + key[len(short) :])
    return keys


_LOCALITY_PREFIX = re.compile(r"^(xa|phuong|dac khu|thi tran)\s+")


@dataclass
class ParsedRow:
    row: int
    tax_code: str
    values: dict[str, Any]  # field → cleaned value, only for non-blank cells
    section: str | None = None


def _clean_cell(column: Column, value: object, lookups: Lookups) -> tuple[Any, str | None]:
    """(cleaned value, extra) or raise ValueError(message)."""
    kind = column.kind
    if kind == "tax_code":
        code = lookups.tax_cache.get(value) if isinstance(value, str | int) else None
        if code is None:
            try:
                code = normalize_tax_code(value)
            except ValidationError as exc:
                code = exc
        if isinstance(code, ValidationError):
            raise ValueError(code.messages[0])
        return code, None
    if kind == "vsic":
        raw = _text(value).upper()
        token = re.split(r"[\s\-–—:]+", raw, maxsplit=1)[0]
        if isinstance(value, int | float) and len(token) == 1:
            token = token.zfill(2)  # 1 typed as a number means division 01
        if len(token) > 1 and token[0].isalpha() and token[1:].isdigit():
            token = token[1:]  # "C1020" → "1020"
        found = lookups.vsic.get(token)
        if not found:
            raise ValueError(
                _("Mã ngành “%(value)s” không có trong danh mục VSIC 2018.") % {"value": raw}
            )
        return found[0], found[1]
    if kind == "locality":
        raw = _text(value)
        pk = lookups.locality_by_code.get(raw.upper())
        if pk:
            return pk, None
        key = unaccent(raw)
        candidates = lookups.locality_by_name.get(key) or lookups.locality_by_name.get(
            _LOCALITY_PREFIX.sub("", key), set()
        )
        if len(candidates) == 1:
            return next(iter(candidates)), None
        if len(candidates) > 1:
            raise ValueError(
                _("Có nhiều xã/phường tên “%(value)s”; hãy ghi rõ “Xã …” hoặc “Phường …”.")
                % {"value": raw}
            )
        raise ValueError(
            _("Không tìm thấy xã/phường “%(value)s” trong danh mục đơn vị hành chính.")
            % {"value": raw}
        )
    if kind == "zone":
        raw = _text(value)
        candidates = lookups.zone_by_name.get(unaccent(raw), set())
        if len(candidates) == 1:
            return next(iter(candidates)), None
        raise ValueError(
            _("Không tìm thấy khu/cụm công nghiệp “%(value)s” trong danh mục.") % {"value": raw}
        )
    if kind == "int":
        try:
            number = parse_decimal(value)
        except ValueError:
            raise ValueError(_("“%(value)s” không phải là số.") % {"value": _text(value)}) from None
        if number != number.to_integral_value() or number < 0 or number > 10_000_000:
            raise ValueError(_("“%(value)s” phải là số nguyên không âm.") % {"value": _text(value)})
        return int(number), None
    if kind == "decimal":
        try:
            number = parse_decimal(value)
        except ValueError:
            raise ValueError(
                _("“%(value)s” không phải là số (ví dụ đúng: 12500 hoặc 12.500,5).")
                % {"value": _text(value)}
            ) from None
        if number < 0 or number >= Decimal("1e13"):
            raise ValueError(
                _("“%(value)s” phải là số không âm, tính bằng triệu đồng.")
                % {"value": _text(value)}
            )
        return number.quantize(Decimal("0.1")), None
    if kind == "bool":
        try:
            return parse_bool(value), None
        except ValueError:
            raise ValueError(
                _("“%(value)s” không hiểu được; hãy ghi “Có” hoặc “Không”.")
                % {"value": _text(value)}
            ) from None
    text = _text(value)
    if (
        column.key == "contact_phone"
        and isinstance(value, int | float)
        and not text.startswith("0")
    ):
        text = "0" + text  # a phone typed as a number lost its leading zero
    if column.max_length and len(text) > column.max_length:
        raise ValueError(_("Dài quá %(n)s ký tự.") % {"n": column.max_length})
    if kind == "email":
        try:
            validate_email(text)
        except ValidationError:
            raise ValueError(
                _("“%(value)s” không phải địa chỉ email hợp lệ.") % {"value": text}
            ) from None
    return text, None


def validate_rows(
    keys: list[str | None],
    rows: Iterable[tuple[int, tuple]],
    *,
    progress: Callable[[str, int, int], None] | None = None,
) -> tuple[list[ParsedRow], list[RowError], Lookups]:
    """Check every row; returns the parsed rows, every error, and the lookups used."""
    present = [(i, COLUMN_BY_KEY[k]) for i, k in enumerate(keys) if k]
    tax_index = keys.index("tax_code")
    has_name_column = "name" in keys
    raw_rows: list[tuple[int, tuple]] = []
    for number, values in rows:
        if all(_blank(v) for v in values):
            continue
        raw_rows.append((number, values))
        if progress and len(raw_rows) % PROGRESS_EVERY == 0:
            progress("reading", len(raw_rows), 0)
        if len(raw_rows) > MAX_ROWS:
            raise FileRejected(
                _("Tệp có quá %(n)s dòng. Hãy chia thành nhiều tệp.")
                % {"n": f"{MAX_ROWS:,}".replace(",", ".")}
            )
    if not raw_rows:
        raise FileRejected(_("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))

    # normalise tax codes first, so existing rows can be fetched in one go
    tax_cache: dict[object, str | ValidationError] = {}
    for _number, values in raw_rows:
        raw = values[tax_index] if tax_index < len(values) else None
        if raw in tax_cache or raw is None:
            continue
        try:
            tax_cache[raw] = normalize_tax_code(raw)
        except ValidationError as exc:
            tax_cache[raw] = exc
    lookups = Lookups(c for c in tax_cache.values() if isinstance(c, str))
    lookups.tax_cache = tax_cache

    parsed: list[ParsedRow] = []
    errors: list[RowError] = []
    first_seen: dict[str, int] = {}
    for done, (number, values) in enumerate(raw_rows, start=1):
        row_values: dict[str, Any] = {}
        section = None
        row_errors: list[RowError] = []
        for index, column in present:
            value = values[index] if index < len(values) else None
            if isinstance(value, FormulaCell):
                row_errors.append(
                    RowError(
                        number,
                        column.header,
                        _(
                            "Ô chứa công thức “%(formula)s” chứ không phải giá trị. Hãy sao chép "
                            "rồi dán dạng giá trị (Paste Special → Values) và nhập lại."
                        )
                        % {"formula": value[:80]},
                    )
                )
                continue
            value = strip_formula_guard(value)
            if _blank(value):
                if column.required:
                    row_errors.append(RowError(number, column.header, _("Thiếu giá trị bắt buộc.")))
                continue
            try:
                cleaned, extra = _clean_cell(column, value, lookups)
            except ValueError as exc:
                row_errors.append(RowError(number, column.header, str(exc)))
                continue
            row_values[column.key] = cleaned
            if column.kind == "vsic":
                section = extra
        tax_code = row_values.get("tax_code")
        if tax_code:
            if tax_code in first_seen:
                row_errors.append(
                    RowError(
                        number,
                        COLUMN_BY_KEY["tax_code"].header,
                        _("Mã số thuế %(code)s trùng với dòng %(row)s trong cùng tệp.")
                        % {"code": tax_code, "row": first_seen[tax_code]},
                    )
                )
            else:
                first_seen[tax_code] = number
        # without a name column, only rows updating a known facility make sense
        if not has_name_column and tax_code and tax_code not in lookups.existing:
            row_errors.append(
                RowError(number, COLUMN_BY_KEY["name"].header, _("Thiếu tên cơ sở cho cơ sở mới."))
            )
        if row_errors:
            errors.extend(row_errors)
        else:
            parsed.append(ParsedRow(number, tax_code, row_values, section))
        if progress and done % PROGRESS_EVERY == 0:
            progress("validating", done, len(raw_rows))
    if progress:
        progress("validating", len(raw_rows), len(raw_rows))
    return parsed, errors, lookups
