"""Turn an uploaded directive file (.txt, .md, .docx) into text for the parser.

Word tables become tab-separated rows, the same shape as tables in the plain-text seeds, so the
parser reads both alike. Anything unreadable raises ``DirectiveReadError`` with a one-line reason.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from django.utils.translation import gettext as _

from config.archives import WORD_TEXT_LIMITS, ArchiveRefused, check_archive

TEXT_EXTENSIONS = {".txt", ".md", ".markdown"}
WORD_EXTENSIONS = {".docx"}
ALLOWED_EXTENSIONS = TEXT_EXTENSIONS | WORD_EXTENSIONS
MAX_BYTES = 10 * 1024 * 1024


class DirectiveReadError(ValueError):
    """The file cannot be read as a directive; ``str(exc)`` is a one-line reason."""


def _check_extension(name: str) -> str:
    ext = Path(name or "").suffix.lower()
    if ext not in ALLOWED_EXTENSIONS:
        raise DirectiveReadError(
            _("Định dạng “%(ext)s” không được hỗ trợ: chỉ nhận tệp .txt, .md hoặc .docx.")
            % {"ext": ext or name}
        )
    return ext


def read_directive_bytes(name: str, data: bytes) -> str:
    """The text of a directive file given its name (for the extension) and content."""
    ext = _check_extension(name)
    if not data or not data.strip():
        raise DirectiveReadError(_("Tệp rỗng, không có nội dung."))
    if len(data) > MAX_BYTES:
        raise DirectiveReadError(_("Tệp quá lớn (tối đa 10 MB)."))
    text = _read_docx(data) if ext in WORD_EXTENSIONS else _decode(data)
    if not any(ch.isalpha() for ch in text):
        raise DirectiveReadError(_("Tệp không có nội dung văn bản đọc được."))
    return text


def read_directive_file(path: str | Path) -> str:
    path = Path(path)
    _check_extension(path.name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DirectiveReadError(
            _("Không mở được tệp %(name)s: %(error)s") % {"name": path, "error": exc.strerror}
        ) from exc
    return read_directive_bytes(path.name, data)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DirectiveReadError(_("Tệp UTF-16 bị lỗi mã hóa.")) from exc
    if b"\x00" in data:
        raise DirectiveReadError(_("Tệp nhị phân, không phải văn bản."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DirectiveReadError(
            _("Tệp không phải văn bản Unicode (UTF-8) — hãy lưu lại với mã hóa UTF-8.")
        ) from exc
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls > max(5, len(text) // 100):
        raise DirectiveReadError(_("Tệp nhị phân, không phải văn bản."))
    return text


def _read_docx(data: bytes) -> str:
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DirectiveReadError(_("Tệp .docx bị hỏng hoặc không phải tệp Word."))
    try:
        check_archive(data, limits=WORD_TEXT_LIMITS)  # before python-docx inflates anything
    except ArchiveRefused as exc:
        raise DirectiveReadError(str(exc)) from None
    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types on bad packages
        raise DirectiveReadError(_("Không đọc được tệp Word (.docx).")) from exc
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
            lines.append("")
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells, seen = [], set()
                for cell in row.cells:
                    # a merged cell is returned once per grid column it spans
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    # a table row must stay on one line: line breaks inside a cell → spaces
                    text = " ".join(p.text.strip() for p in cell.paragraphs)
                    cells.append(" ".join(text.split()))
                lines.append("\t".join(cells))
            lines.append("")
    return "\n".join(lines)
