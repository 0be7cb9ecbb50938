"""Opening an upload: refuse what must not be parsed, then rows of the first sheet or of the CSV."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _

from config.archives import ArchiveRefused, open_checked, read_member, refuse_hidden_archive
from enterprises.importing.columns import column_key


class FileRejected(Exception):
    """The upload as a whole is unusable (not a spreadsheet, empty, oversized, zip bomb…)."""


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


def xlsx_rows(data: bytes) -> Iterator[tuple]:
    """Rows of the first sheet of an XLSX that ``inspect_upload`` accepted. Read with formulas
    (not their cached results) so a formula cell can be named as such."""
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
    rows = xlsx_rows(upload.data) if upload.kind == "xlsx" else _csv_rows(upload.data)

    numbered = enumerate(rows, start=1)
    seen_any = False
    for number, values in numbered:
        if any(v not in (None, "") for v in values):
            seen_any = True
        keys = [column_key(v) for v in values]
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
