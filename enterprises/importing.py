"""Bulk load of the enterprise registry from a spreadsheet (XLSX) or CSV — all or nothing.

Public entry points (the benchmark times the first two on the same file):

- ``enterprises_import(*, file, actor, dry_run=False, progress=None) -> ImportResult`` — the fast,
  set-based path: read with openpyxl ``read_only``, validate every row in memory against prefetched
  VSIC codes, localities, zones and existing tax codes, then ``bulk_create_with_history`` /
  ``bulk_update_with_history`` in one transaction. Any bad row → nothing is written.
- ``import_with_import_export(*, file, actor, dry_run=False) -> ImportResult`` — the same file
  through django-import-export's default row-by-row ``Resource.import_data`` (same validation, then
  one ``save()`` per row with its history signal), rolled back on any invalid row.
- ``build_template() -> bytes`` — the downloadable XLSX template with Vietnamese headers.

``file`` may be a filesystem path, bytes, or any object with ``read()`` (an upload, a storage file).
Before anything parses it, ``inspect_upload`` refuses what must not be opened: too big, empty,
a zip bomb or any archive ``config.archives`` refuses, a CSV with an archive glued on, a legacy
.xls, a CSV not in UTF-8 — so the portal can refuse an upload before storing it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from config.archives import ArchiveRefused, open_checked, read_member, refuse_hidden_archive
from config.spreadsheets import strip_formula_guard
from config.text import unaccent
from enterprises.models import Enterprise, IndustrialZone, Locality, VsicCode
from enterprises.rules import normalize_tax_code

# --- Columns ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str  # the Enterprise field it fills
    header: str  # the header written in the template
    aliases: tuple[str, ...] = ()
    kind: str = "text"  # text | int | decimal | bool | vsic | locality | zone | email | tax_code
    max_length: int | None = None
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("tax_code", "Mã số thuế", ("MST", "Mã số doanh nghiệp"), "tax_code", required=True),
    Column(
        "name",
        "Tên cơ sở",
        ("Tên doanh nghiệp", "Tên cơ sở sản xuất", "Tên đơn vị"),
        max_length=500,
        required=True,
    ),
    Column("vsic", "Mã ngành VSIC", ("Mã ngành", "VSIC", "Ngành VSIC", "Mã VSIC"), "vsic"),
    Column("address", "Địa chỉ", (), max_length=500),
    Column("locality", "Xã/phường", ("Xã, phường", "Phường/xã", "Xã phường, đặc khu"), "locality"),
    Column("zone", "Khu/cụm công nghiệp", ("KCN/CCN", "Khu, cụm công nghiệp"), "zone"),
    Column("employees", "Số lao động", ("Lao động", "Số lao động (người)"), "int"),
    Column("revenue_million_vnd", "Doanh thu (triệu đồng)", ("Doanh thu",), "decimal"),
    Column("capital_million_vnd", "Nguồn vốn (triệu đồng)", ("Nguồn vốn", "Vốn"), "decimal"),
    Column("has_sxsh_potential", "Có tiềm năng SXSH", ("Tiềm năng SXSH",), "bool"),
    Column("high_pollution_risk", "Nguy cơ ô nhiễm cao", ("Ô nhiễm cao",), "bool"),
    Column("iso14001", "ISO 14001", ("Có ISO 14001",), "bool"),
    Column("contact_name", "Người liên hệ", (), max_length=200),
    Column("contact_phone", "Điện thoại", ("Số điện thoại", "SĐT"), max_length=30),
    Column("contact_email", "Email", ("Thư điện tử", "E-mail"), "email", max_length=254),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}

MAX_ROWS = 100_000
PROGRESS_EVERY = 500

TRUE_WORDS = {"co", "x", "1", "yes", "y", "true", "dung", "c", "v"}
FALSE_WORDS = {"khong", "0", "no", "n", "false", "sai", "k", "-"}


def _header_key(text: object) -> str:
    return re.sub(r"[^a-z0-9]", "", unaccent(str(text or "")))


_HEADER_LOOKUP: dict[str, str] = {}
for _col in COLUMNS:
    for _label in (_col.header, *_col.aliases):
        _HEADER_LOOKUP[_header_key(_label)] = _col.key


# --- Results ------------------------------------------------------------------------------------


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


@dataclass
class ImportResult:
    dry_run: bool
    total_rows: int = 0
    created: int = 0  # rows created (or to be created, on a dry run)
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""
    sample: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.errors

    @property
    def error_rows(self) -> int:
        return len({e.row for e in self.errors})


class FileRejected(Exception):
    """The upload as a whole is unusable (not a spreadsheet, empty, oversized, zip bomb…)."""


# --- Reading ------------------------------------------------------------------------------------


def _read_bytes(file) -> bytes:
    limit = settings.UPLOAD_MAX_BYTES
    if isinstance(file, bytes):
        data = file
    elif isinstance(file, str | Path):
        path = Path(file)
        if path.stat().st_size > limit:
            raise FileRejected(_too_big(limit))
        data = path.read_bytes()
    else:
        size = getattr(file, "size", None)
        if size is not None and size > limit:
            raise FileRejected(_too_big(limit))
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(limit + 1)
    if len(data) > limit:
        raise FileRejected(_too_big(limit))
    if not data.strip():
        raise FileRejected(_("Tệp rỗng: không có dữ liệu nào để nhập."))
    return data


def _too_big(limit: int) -> str:
    return _("Tệp quá lớn: tối đa %(mb)s MB. Hãy chia thành nhiều tệp nhỏ hơn.") % {
        "mb": limit // (1024 * 1024)
    }


def _not_a_spreadsheet() -> str:
    return _(
        "Tệp không phải bảng tính Excel (.xlsx) hoặc CSV. Hãy dùng tệp mẫu và lưu dạng .xlsx "
        "hoặc .csv (UTF-8)."
    )


class FormulaCell(str):
    """The text of a spreadsheet formula (``=B2*2``): reported as a formula, never taken as data
    — its cached result may be missing or stale, and the registry keeps values."""


_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass(frozen=True)
class Upload:
    """An upload that ``inspect_upload`` accepted: its bytes, ``xlsx`` or ``csv``, and a cheap
    guess of its data rows (to choose between inline and background work)."""

    data: bytes
    kind: str
    estimated_rows: int


def inspect_upload(file) -> Upload:
    """Read ``file`` (path, bytes or upload) and refuse it with ``FileRejected`` when it must not
    be parsed. An XLSX passes ``config.archives`` before openpyxl sees a byte of it."""
    data = _read_bytes(file)
    if data.startswith(b"PK\x03\x04"):
        try:
            archive = open_checked(data)
        except ArchiveRefused as exc:
            if exc.code in ("not_zip", "corrupt"):
                raise FileRejected(_not_a_spreadsheet()) from None
            raise FileRejected(str(exc)) from None
        with archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
                raise FileRejected(_not_a_spreadsheet())
            return Upload(data, "xlsx", _estimate_xlsx_rows(archive, names, len(data)))
    if data.startswith(_OLE_MAGIC):
        raise FileRejected(
            _("Tệp Excel 97-2003 (.xls) không được hỗ trợ. Hãy mở tệp và lưu lại dạng .xlsx.")
        )
    try:
        refuse_hidden_archive(data)
    except ArchiveRefused as exc:
        raise FileRejected(str(exc)) from None
    _csv_text(data)
    return Upload(data, "csv", max(0, data.count(b"\n") - 1))


def _estimate_xlsx_rows(archive, names: set[str], size: int) -> int:
    """The first sheet's declared dimension, else a guess from the file size."""
    sheets = sorted(n for n in names if n.startswith("xl/worksheets/sheet"))
    head = read_member(archive, sheets[0], max_bytes=4096) if sheets else None
    match = re.search(rb'<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"', head or b"")
    if match:
        return max(0, int(match.group(1)) - 1)
    return size // 40  # about 40 compressed bytes per row in a typical sheet


def _formula(cell) -> FormulaCell:
    formula = cell.value  # "=…", or an ArrayFormula / DataTableFormula object
    return FormulaCell(getattr(formula, "text", None) or str(formula))


def _xlsx_rows(data: bytes) -> Iterator[tuple]:
    """Rows of the first sheet of an XLSX that ``inspect_upload`` accepted. Read with formulas
    (not their cached results) so a formula cell can be named as such."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a malformed package
        raise FileRejected(_not_a_spreadsheet()) from None
    try:
        sheet = workbook.worksheets[0]
        # read_only mode fills missing rows in, so enumerate() gives spreadsheet row numbers
        for row in sheet.iter_rows():
            yield tuple(_formula(c) if c.data_type == "f" else c.value for c in row)
    finally:
        workbook.close()


def _looks_like_utf16(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    # without a BOM: text mostly below U+0100 (ASCII, and Latin-1 letters such as à, ê, ô)
    # leaves every other byte zero
    head = data[:4096]
    if len(head) < 8:
        return False
    low, high = head[0::2], head[1::2]
    for zeros, other in ((high, low), (low, high)):
        if zeros.count(0) >= 0.3 * len(zeros) and other.count(0) <= 0.05 * len(other):
            return True
    return False


def _csv_text(data: bytes) -> str:
    utf8_please = _(
        "Tệp CSV phải được lưu với bảng mã UTF-8 (Excel: “CSV UTF-8 (Comma delimited)”)."
    )
    if _looks_like_utf16(data):
        raise FileRejected(utf8_please)
    if b"\x00" in data[:8192]:
        raise FileRejected(_not_a_spreadsheet())
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRejected(utf8_please) from None


def _csv_rows(data: bytes) -> Iterator[tuple]:
    text = _csv_text(data)
    head = text[:4096]
    delimiter = max((",", ";", "\t"), key=head.count)
    yield from (tuple(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter))


def read_table(file) -> tuple[int, list[str | None], Iterator[tuple[int, tuple]]]:
    """Open the file and find its header row.

    Returns (header row number, the field key of each column or None, iterator of
    (spreadsheet row number, values)). Raises ``FileRejected`` with one clear message.
    """
    upload = inspect_upload(file)
    rows = _xlsx_rows(upload.data) if upload.kind == "xlsx" else _csv_rows(upload.data)

    numbered = enumerate(rows, start=1)
    seen_any = False
    for number, values in numbered:
        if any(v not in (None, "") for v in values):
            seen_any = True
        keys = [_HEADER_LOOKUP.get(_header_key(v)) if v not in (None, "") else None for v in values]
        recognised = [k for k in keys if k]
        if "tax_code" in recognised and len(recognised) >= 2:
            return number, keys, numbered
        if number >= 20:
            break
    if not seen_any:
        raise FileRejected(_("Tệp rỗng: không có dữ liệu nào để nhập."))
    raise FileRejected(
        _(
            "Không tìm thấy dòng tiêu đề: cần ít nhất cột “Mã số thuế” và “Tên cơ sở” trong 20 "
            "dòng đầu. Hãy dùng tệp mẫu."
        )
    )


# --- Parsing cells ------------------------------------------------------------------------------


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


class _Lookups:
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


# --- Validation ---------------------------------------------------------------------------------


@dataclass
class ParsedRow:
    row: int
    tax_code: str
    values: dict[str, Any]  # field → cleaned value, only for non-blank cells
    section: str | None = None


def _clean_cell(column: Column, value: object, lookups: _Lookups) -> tuple[Any, str | None]:
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
) -> tuple[list[ParsedRow], list[RowError], _Lookups]:
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
    lookups = _Lookups(c for c in tax_cache.values() if isinstance(c, str))
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


# --- The fast path ------------------------------------------------------------------------------

_FK_FIELDS = {"vsic": "vsic_id", "locality": "locality_id", "zone": "zone_id"}
_DERIVED = ("size_class", "search_text")


def _assign(enterprise: Enterprise, values: dict[str, Any]) -> list[str]:
    """Set the row's values; returns the attribute names that changed."""
    changed = []
    for key, value in values.items():
        if key == "tax_code":
            continue
        attr = _FK_FIELDS.get(key, key)
        if getattr(enterprise, attr) != value:
            setattr(enterprise, attr, value)
            changed.append(key)
    return changed


def _derive(enterprise: Enterprise, section: str | None, vsic_sections: dict[int, str]) -> None:
    from enterprises.services import enterprise_refresh_derived

    if section is None and enterprise.vsic_id:
        section = vsic_sections.get(enterprise.vsic_id)
    enterprise_refresh_derived(enterprise, section=section or "")


def _sample(parsed: ParsedRow, action: str) -> dict[str, Any]:
    return {
        "row": parsed.row,
        "tax_code": parsed.tax_code,
        "name": parsed.values.get("name", ""),
        "action": action,
    }


def enterprises_import(
    *,
    file,
    actor,
    dry_run: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
    sample_size: int = 10,
) -> ImportResult:
    """Validate the whole file, then (unless ``dry_run``) write it in one transaction.

    ``progress(phase, done, total)`` is called every few hundred rows ("validating"/"writing").
    Nothing is written when any row has an error.
    """
    result = ImportResult(dry_run=dry_run)
    try:
        _header_row, keys, rows = read_table(file)
        parsed, errors, lookups = validate_rows(keys, rows, progress=progress)
    except FileRejected as exc:
        result.file_error = str(exc)
        return result
    result.total_rows = len(parsed) + len({e.row for e in errors})
    if errors:
        result.errors = errors
        return result

    vsic_sections = {pk: section for pk, section in lookups.vsic.values()}
    now = timezone.now()
    to_create: list[Enterprise] = []
    to_update: list[Enterprise] = []
    update_fields: set[str] = set()
    for row in parsed:
        existing = lookups.existing.get(row.tax_code)
        if existing is None:
            enterprise = Enterprise(tax_code=row.tax_code)
            _assign(enterprise, row.values)
            _derive(enterprise, row.section, vsic_sections)
            to_create.append(enterprise)
            action = "create"
        else:
            before = (existing.size_class, existing.search_text)
            changed = _assign(existing, row.values)
            _derive(existing, None, vsic_sections)
            if not changed and before == (existing.size_class, existing.search_text):
                result.unchanged += 1
                action = "unchanged"
            else:
                existing.updated_at = now  # bulk_update does not apply auto_now
                update_fields.update(_FK_FIELDS.get(k, k) for k in changed)
                to_update.append(existing)
                action = "update"
        if len(result.sample) < sample_size:
            result.sample.append(_sample(row, action))
    result.created = len(to_create)
    result.updated = len(to_update)
    if dry_run:
        return result

    reason = _("Nhập từ tệp danh sách cơ sở")
    with transaction.atomic():
        written = 0
        for start in range(0, len(to_create), 2000):
            batch = to_create[start : start + 2000]
            bulk_create_with_history(
                batch, Enterprise, batch_size=1000, default_user=actor, default_change_reason=reason
            )
            written += len(batch)
            if progress:
                progress("writing", written, len(to_create) + len(to_update))
        if to_update:
            fields = sorted(update_fields | set(_DERIVED) | {"updated_at"})
            bulk_update_with_history(
                to_update,
                Enterprise,
                fields=fields,
                batch_size=1000,
                default_user=actor,
                default_change_reason=reason,
            )
        if progress:
            progress("writing", len(to_create) + len(to_update), len(to_create) + len(to_update))
    return result


# --- The django-import-export path (admin, and the benchmark's baseline) ------------------------


def import_with_import_export(*, file, actor, dry_run: bool = False) -> ImportResult:
    """The same file through django-import-export's default row-by-row import (one query to
    find, one ``save()`` and one history row per line), all or nothing."""
    import tablib

    from enterprises.resources import EnterpriseResource

    result = ImportResult(dry_run=dry_run)
    try:
        header_row, keys, rows = read_table(file)
    except FileRejected as exc:
        result.file_error = str(exc)
        return result
    headers = [COLUMN_BY_KEY[k].header if k else f"_{i}" for i, k in enumerate(keys)]
    dataset = tablib.Dataset(headers=headers)
    width = len(headers)
    numbers = []
    for number, values in rows:
        values = (tuple(values) + (None,) * width)[:width]
        dataset.append(values)
        numbers.append(number)
    resource = EnterpriseResource(row_numbers=numbers)
    ie_result = resource.import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        user=actor,
    )
    result.errors = resource.row_errors
    if resource.file_error:
        result.file_error = resource.file_error
    if ie_result.has_errors() and not result.errors and not result.file_error:
        result.file_error = "; ".join(str(e.error) for e in ie_result.base_errors) or _(
            "Lỗi không xác định khi nhập."
        )
    result.total_rows = ie_result.total_rows
    totals = ie_result.totals
    result.created = totals.get("new", 0)
    result.updated = totals.get("update", 0)
    result.unchanged = totals.get("skip", 0)
    if not result.ok:
        result.created = result.updated = 0
    return result


# --- The template -------------------------------------------------------------------------------


def build_template() -> bytes:
    """The XLSX template: headers on row 1, one example row, an instructions sheet."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách cơ sở"
    sheet.append([c.header for c in COLUMNS])
    sheet.append(
        [
            "0100233488",
            "Công ty TNHH Chế biến Thủy sản Mẫu",
            "1020",
            "Quốc lộ 91, khóm Bình Đức",
            "Phường Bình Đức",
            "",
            85,
            42000,
            15000,
            "Có",
            "Không",
            "Không",
            "Nguyễn Văn A",
            "0296 3850 123",
            "lienhe@example.vn",
        ]
    )
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="0F6E6E")
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(column.header) + 4)
        # tax codes and phone numbers are text: keep their leading zeros
        if column.key in ("tax_code", "contact_phone", "vsic"):
            for row in range(2, 5002):
                sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "A2"

    notes = workbook.create_sheet("Hướng dẫn")
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 100
    notes.append(["Cột", "Cách ghi"])
    guide = {
        "Mã số thuế": "Bắt buộc. 10 chữ số, hoặc 13 chữ số cho chi nhánh (0123456789-001). "
        "Dòng có mã số thuế đã có trong hệ thống sẽ cập nhật cơ sở đó.",
        "Tên cơ sở": "Bắt buộc.",
        "Mã ngành VSIC": "Mã ngành VSIC 2018, cấp 1 (chữ cái), 2, 3, 4 hoặc 5 chữ số, ví dụ 10 hoặc 1020.",
        "Xã/phường": "Tên xã, phường, đặc khu sau sắp xếp 2025 (ví dụ “Phường Long Xuyên”).",
        "Khu/cụm công nghiệp": "Để trống nếu nằm ngoài khu, cụm công nghiệp.",
        "Số lao động": "Số lao động tham gia BHXH bình quân năm (số nguyên).",
        "Doanh thu (triệu đồng)": "Tổng doanh thu năm, triệu đồng. Viết 12500 hoặc 12.500,5.",
        "Nguồn vốn (triệu đồng)": "Tổng nguồn vốn, triệu đồng.",
        "Có tiềm năng SXSH": "Có / Không (cũng hiểu x, 1, 0).",
    }
    for header, text in guide.items():
        notes.append([header, text])
    notes.append(
        [
            "Lưu ý",
            "Cả tệp được kiểm tra trước khi ghi: chỉ một dòng lỗi thì không dòng nào được lưu. "
            "Ô để trống khi cập nhật thì giữ nguyên giá trị cũ. Không dùng công thức: ô có công "
            "thức bị báo lỗi, hãy dán dạng giá trị.",
        ]
    )
    notes["A1"].font = notes["B1"].font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
