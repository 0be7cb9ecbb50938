"""One guarded way to open an uploaded ZIP archive (.docx, .xlsx) before anything parses it.

Every path that takes an Office file from a user — evidence sniffing (``assignments.uploads``),
the registry import (portal, admin, ``import_enterprises``) and the directive .docx import —
calls ``open_checked(data)`` first; openpyxl and python-docx only see bytes it has passed.

Why every member is inflated here rather than trusting the central directory: the sizes a ZIP
declares are whatever its author wrote. An honest bomb (2 MB that inflates to 2 GiB) declares
its size, and is refused from the declaration without inflating a byte; but a declaration is
only ever a reason to refuse, never to accept. ``zipfile`` stops a member at its declared size
and bounds each deflate step to the size asked, while a bzip2 or LZMA member is decompressed in
one unbounded call per compressed chunk — so only the two methods OOXML uses (stored, deflate)
are accepted, and every member is read in small chunks with a running total that stops at the
budget. Memory stays at one chunk whatever the archive claims, and a member whose stream does
not match its declaration (a liar) fails its CRC here, not inside openpyxl.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass

from django.utils.translation import gettext as _

_LOCAL_HEADER = b"PK\x03\x04"
_CENTRAL_HEADER = b"PK\x01\x02"
_END_RECORD = b"PK\x05\x06"
_END_RECORD_SIZE = 22
_CHUNK = 64 * 1024
_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}


@dataclass(frozen=True)
class ArchiveLimits:
    #: members in one package; a real .docx/.xlsx has a few dozen, a picture-heavy one hundreds
    max_members: int = 5_000
    #: bytes all members may inflate to, whatever the file's size
    max_total_bytes: int = 200 * 1024 * 1024
    #: inflated bytes per byte of file: Office XML deflates 5–20×, pictures barely at all
    max_ratio: int = 100
    #: below this total the ratio is not checked: a 3 KB .docx may well hold 400 KB of XML
    ratio_floor_bytes: int = 8 * 1024 * 1024

    def budget(self, size: int) -> int:
        return min(self.max_total_bytes, max(self.ratio_floor_bytes, self.max_ratio * size))


LIMITS = ArchiveLimits()
#: python-docx loads each part whole into an lxml tree (many times the XML's size): a directive
#: is text, and 50 MB of it is already a very long one
WORD_TEXT_LIMITS = ArchiveLimits(max_total_bytes=50 * 1024 * 1024)


class ArchiveRefused(Exception):
    """The archive must not be opened; ``str(exc)`` is a Vietnamese sentence for the user.

    ``code``: ``not_zip`` (not a ZIP at all), ``corrupt``, ``bomb``, ``members``,
    ``method`` (compression or encryption OOXML never uses), ``polyglot`` (other data glued
    before or after the archive, or two members of one name).
    """

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.code = code


def _bomb() -> ArchiveRefused:
    return ArchiveRefused(
        _(
            "Tệp có nội dung giải nén bất thường (quá lớn so với dung lượng tệp) nên bị từ "
            "chối. Hãy mở tệp bằng Word hoặc Excel, lưu lại rồi thử lại."
        ),
        code="bomb",
    )


def _corrupt() -> ArchiveRefused:
    return ArchiveRefused(_("Tệp nén bị hỏng, không đọc được."), code="corrupt")


def polyglot_refusal() -> ArchiveRefused:
    """The refusal of bytes that are also something else (shared by ``assignments.uploads``)."""
    return ArchiveRefused(
        _(
            "Tệp có dữ liệu lạ ghép vào trước hoặc sau nội dung (tệp “đa định dạng”) nên bị từ "
            "chối. Hãy lưu lại tệp bằng chương trình đã tạo ra nó rồi thử lại."
        ),
        code="polyglot",
    )


def open_checked(data: bytes, *, limits: ArchiveLimits = LIMITS) -> zipfile.ZipFile:
    """The archive in ``data``, open for reading, once every check has passed.

    Raises ``ArchiveRefused``. The caller closes the returned ``ZipFile`` (or uses ``with``).
    """
    if not data.startswith(_LOCAL_HEADER):
        refuse_hidden_archive(data)  # an archive behind other bytes is a polyglot
        raise ArchiveRefused(_("Tệp không phải tệp nén ZIP hợp lệ."), code="not_zip")
    # Every central-directory entry starts with this signature, so the count is an upper bound
    # on the members — known before zipfile builds one ZipInfo per entry (a 10 MB directory
    # of empty entries would be 200,000 objects).
    if data.count(_CENTRAL_HEADER) > limits.max_members:
        raise ArchiveRefused(
            _("Tệp nén có quá nhiều thành phần (hơn %(n)s) nên bị từ chối.")
            % {"n": limits.max_members},
            code="members",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _corrupt() from None
    try:
        _check(archive, data, limits)
    except BaseException:
        archive.close()
        raise
    return archive


def check_archive(data: bytes, *, limits: ArchiveLimits = LIMITS) -> None:
    """``open_checked`` for callers that hand the bytes to another library afterwards."""
    open_checked(data, limits=limits).close()


def _check(archive: zipfile.ZipFile, data: bytes, limits: ArchiveLimits) -> None:
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise ArchiveRefused(
            _("Tệp nén có quá nhiều thành phần (hơn %(n)s) nên bị từ chối.")
            % {"n": limits.max_members},
            code="members",
        )
    if not members:
        raise _corrupt()
    # Data glued before the archive shifts every member (zipfile adds the offset back) and data
    # glued after it moves the end record off the end: either way another program may read the
    # file as something else (a PDF, a JAR), and two members of one name read differently in
    # different programs.
    if min(m.header_offset for m in members) != 0:
        raise polyglot_refusal()
    end = len(data) - _END_RECORD_SIZE - len(archive.comment)
    if end < 0 or data[end : end + 4] != _END_RECORD:
        raise polyglot_refusal()
    if len({m.filename for m in members}) != len(members):
        raise polyglot_refusal()
    for member in members:
        if member.compress_type not in _METHODS or member.flag_bits & 0x1:
            raise ArchiveRefused(
                _(
                    "Tệp dùng kiểu nén hoặc mã hóa mà tài liệu Word, Excel không dùng nên bị từ "
                    "chối. Hãy lưu lại tệp bằng Word hoặc Excel rồi thử lại."
                ),
                code="method",
            )
    budget = limits.budget(len(data))
    # an honest bomb says what it is: refuse it without inflating a byte
    if sum(m.file_size for m in members) > budget:
        raise _bomb()
    inflated = 0
    try:
        for member in members:
            with archive.open(member) as stream:
                while chunk := stream.read(_CHUNK):
                    inflated += len(chunk)
                    if inflated > budget:
                        raise _bomb()
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error, ValueError):
        raise _corrupt() from None


def read_member(archive: zipfile.ZipFile, name: str, *, max_bytes: int) -> bytes | None:
    """At most ``max_bytes`` of one member (None when absent): small parts such as
    ``[Content_Types].xml`` are read without trusting their declared size."""
    try:
        with archive.open(name) as stream:
            return stream.read(max_bytes)
    except KeyError:
        return None


def refuse_hidden_archive(data: bytes) -> None:
    """Raise ``ArchiveRefused`` (``polyglot``) when bytes that are not a ZIP still end with a
    readable ZIP end record — a picture, PDF or CSV with an archive glued on, which archive
    tools (and Java) open as such."""
    if not data.startswith(_LOCAL_HEADER) and zipfile.is_zipfile(io.BytesIO(data)):
        raise polyglot_refusal()
