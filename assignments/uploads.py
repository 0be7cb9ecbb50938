"""Evidence uploads: what we accept, decided from the file's content, never from its name.

Reusable by any app that takes documents from users (enterprises, reports): call
``sniff_upload(uploaded_file)`` and store under a generated name (see
``assignments.models.evidence_upload_to``); serve through a view that checks access, with
``attachment_response``.

A .docx/.xlsx is opened only through ``config.archives`` (zip bombs, member count, polyglots);
any file is refused when it is also something else — an archive glued to a picture or PDF, a PDF
header or HTML within the first kilobyte of another kind — since another program would open the
same bytes as that other thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _

from config.archives import (
    ArchiveRefused,
    open_checked,
    polyglot_refusal,
    read_member,
    refuse_hidden_archive,
)

#: detected kind → (MIME type, extension, label shown to users)
ALLOWED_KINDS: dict[str, tuple[str, str, str]] = {
    "pdf": ("application/pdf", "pdf", "PDF"),
    "doc": ("application/msword", "doc", "Word"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
        "Word",
    ),
    "xls": ("application/vnd.ms-excel", "xls", "Excel"),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
        "Excel",
    ),
    "jpg": ("image/jpeg", "jpg", "JPEG"),
    "png": ("image/png", "png", "PNG"),
}

ACCEPT_ATTR = ".pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEAD_BYTES = 8192
#: PDF readers look for their header anywhere in the first 1024 bytes, browsers for HTML
_FOREIGN_HEAD = re.compile(rb"%PDF-|<html|<script|<svg|<!doctype html", re.IGNORECASE)
_FOREIGN_HEAD_BYTES = 1024


@dataclass(frozen=True)
class SniffedFile:
    kind: str
    content_type: str
    extension: str
    size: int
    original_name: str


def allowed_types_label() -> str:
    return "PDF, Word (.doc, .docx), Excel (.xls, .xlsx), JPEG, PNG"


def _read_all(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _ooxml_kind(data: bytes) -> str | None:
    """docx or xlsx from the package itself: [Content_Types].xml and the top folder.

    Raises ``ArchiveRefused`` for an archive that must not be opened (bomb, polyglot…).
    """
    try:
        package = open_checked(data)
    except ArchiveRefused as exc:
        if exc.code in ("not_zip", "corrupt"):
            return None
        raise
    with package:
        names = set(package.namelist())
        # a real one is a few kilobytes; the guard has bounded the rest
        types = read_member(package, "[Content_Types].xml", max_bytes=1024 * 1024)
    if types is None:
        return None
    if b"wordprocessingml.document.main" in types and "word/document.xml" in names:
        return "docx"
    if b"spreadsheetml.sheet.main" in types and "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _ole_kind(data: bytes) -> str | None:
    """Word 97–2003 or Excel 97–2003 from the compound file's stream names (UTF-16 directory)."""
    if not data.startswith(_OLE_MAGIC):
        return None
    guess = filetype.guess_extension(data[:_HEAD_BYTES])
    if guess in ("doc", "xls"):
        return guess
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") + b"\x00\x00" in data:
        return "xls"
    return None


def detect_kind(data: bytes) -> str | None:
    """The allowed kind of these bytes, or None.

    Raises ``ArchiveRefused`` when the bytes are, or hide, an archive that must not be opened.
    """
    if not data:
        return None
    if data.startswith(b"PK"):
        kind = _ooxml_kind(data)
    else:
        refuse_hidden_archive(data)
        if data.startswith(_OLE_MAGIC):
            kind = _ole_kind(data)
        else:
            guess = filetype.guess_extension(data[:_HEAD_BYTES])
            kind = guess if guess in ("pdf", "jpg", "png") else None
    if kind is not None:
        _refuse_foreign_head(data, kind)
    return kind


def _refuse_foreign_head(data: bytes, kind: str) -> None:
    head = data[:_FOREIGN_HEAD_BYTES]
    if kind == "pdf":
        head = head[len(b"%PDF-") :]  # its own header, once
    if _FOREIGN_HEAD.search(head):
        raise polyglot_refusal()


def sniff_upload(upload, *, max_bytes: int | None = None) -> SniffedFile:
    """Validate one uploaded file; raise ValidationError naming the file and the problem."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    name = PurePath(getattr(upload, "name", "") or "tep").name[:200] or "tep"
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("Tệp “%(name)s” dung lượng %(size)s MB, vượt quá giới hạn %(max)s MB.")
            % {"name": name, "size": f"{size / 1048576:.1f}", "max": max_bytes // 1048576},
            code="too_large",
        )
    data = _read_all(upload)
    if len(data) > max_bytes:
        raise ValidationError(
            _("Tệp “%(name)s” vượt quá giới hạn %(max)s MB.")
            % {"name": name, "max": max_bytes // 1048576},
            code="too_large",
        )
    if not data:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name}, code="empty")
    try:
        kind = detect_kind(data)
    except ArchiveRefused as exc:
        raise ValidationError(
            _("Tệp “%(name)s”: %(reason)s") % {"name": name, "reason": exc}, code=exc.code
        ) from None
    if kind is None:
        raise ValidationError(
            _(
                "Tệp “%(name)s” không đúng định dạng cho phép (%(allowed)s); "
                "nội dung tệp không phải là tài liệu hợp lệ dù tên tệp có đuôi gì."
            )
            % {"name": name, "allowed": allowed_types_label()},
            code="bad_type",
        )
    content_type, extension, _label = ALLOWED_KINDS[kind]
    # Keep the user's name for downloads, but make its extension tell the truth.
    suffix = PurePath(name).suffix.lower().lstrip(".")
    same = {extension} | ({"jpeg", "jpg"} if extension == "jpg" else set())
    if suffix not in same:
        name = f"{name}.{extension}"
    return SniffedFile(
        kind=kind,
        content_type=content_type,
        extension=extension,
        size=len(data),
        original_name=name,
    )


def attachment_response(fieldfile, *, filename: str, content_type: str) -> FileResponse:
    """Stream a stored file as a download (never inline), with the original name (RFC 5987)."""
    response = FileResponse(
        fieldfile.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
