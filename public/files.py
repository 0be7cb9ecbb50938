"""Files shown on the public site: images inline, everything else as a download — always the
type sniffed from the bytes (``assignments.uploads``), ``nosniff`` and a sandboxing CSP."""

from __future__ import annotations

from pathlib import PurePath

from django.http import FileResponse, Http404

from assignments.uploads import ALLOWED_KINDS, attachment_response, detect_kind
from config.archives import ArchiveRefused

IMAGE_TYPES = {"image/jpeg", "image/png"}


def _kind_of(fieldfile) -> tuple[str, str]:
    try:
        with fieldfile.open("rb") as fh:
            head = fh.read()
    except FileNotFoundError:
        raise Http404 from None
    try:
        kind = detect_kind(head)
    except ArchiveRefused:  # refused on upload too: never served
        raise Http404 from None
    if kind not in ALLOWED_KINDS:
        raise Http404
    content_type, extension, _label = ALLOWED_KINDS[kind]
    return content_type, extension


def stored_file_response(fieldfile, *, name: str, inline_images: bool = False):
    content_type, extension = _kind_of(fieldfile)
    if inline_images and content_type in IMAGE_TYPES:
        response = FileResponse(fieldfile.open("rb"), content_type=content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response
    stem = PurePath(name).stem or "tep"
    return attachment_response(fieldfile, filename=f"{stem}.{extension}", content_type=content_type)
