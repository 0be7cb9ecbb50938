"""Turn an uploaded directive file (.txt, .md, .docx) into text for the parser.

Word tables become tab-separated rows, the same shape as tables in the plain-text seeds, so the
parser reads both alike. Anything unreadable raises ``DirectiveReadError`` with a one-line reason.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from django.utils.translation import gettext as _
from docx.oxml.ns import qn

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
    numbering = WordNumbering(document)

    def text_of(paragraph: Paragraph) -> str:
        label = numbering.label(paragraph)
        return f"{label} {paragraph.text}" if label else paragraph.text

    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(text_of(Paragraph(child, document)))
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
                    text = " ".join(text_of(p).strip() for p in cell.paragraphs)
                    cells.append(" ".join(text.split()))
                lines.append("\t".join(cells))
            lines.append("")
    return "\n".join(lines)


_ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letters(n: int) -> str:
    # Word: a … z, then aa, bb … (the letter repeated)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


_FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "lowerLetter": _letters,
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
}


class WordNumbering:
    """The numbers Word shows in front of auto-numbered paragraphs (``w:numPr``), which are not
    in the paragraphs' text: "1.", "a)", "II.", "2.1." — and "-" for a bulleted item.

    Counters run per list (``w:num``) in document order; a level restarts when a higher level
    of the same list moves on. Numbering set by the paragraph's style counts too.
    """

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.starts: dict[str, dict[int, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for node in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in node.findall(qn("w:lvl")):
                levels[int(lvl.get(qn("w:ilvl")))] = (
                    _val(lvl, "w:numFmt") or "decimal",
                    _val(lvl, "w:lvlText") or "",
                    int(_val(lvl, "w:start") or 1),
                )
            abstract[node.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            num_id = num.get(qn("w:numId"))
            self.levels[num_id] = dict(abstract.get(_val(num, "w:abstractNumId"), {}))
            self.starts[num_id] = {
                int(o.get(qn("w:ilvl"))): int(_val(o, "w:startOverride"))
                for o in num.findall(qn("w:lvlOverride"))
                if _val(o, "w:startOverride")
            }

    def _num_pr(self, paragraph):
        ppr = paragraph._p.pPr
        num_pr = ppr.numPr if ppr is not None else None
        style = paragraph.style
        while num_pr is None and style is not None:
            spr = style.element.pPr
            num_pr = spr.numPr if spr is not None else None
            style = style.base_style
        if num_pr is None or num_pr.numId is None:
            return None
        ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        return str(num_pr.numId.val), int(ilvl)

    def label(self, paragraph) -> str:
        found = self._num_pr(paragraph)
        # an empty item still shows (and counts) its number: the STT cell of a table row
        if found is None or found[0] not in self.levels:
            return ""
        num_id, ilvl = found
        levels = self.levels[num_id]
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        start = self.starts[num_id].get(ilvl, levels[ilvl][2])
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        fmt, text, _start = levels[ilvl]
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return ""

        def number(match):
            level = int(match.group(1)) - 1
            lvl_fmt, _text, lvl_start = levels.get(level, ("decimal", "", 1))
            value = counters.get(level, self.starts[num_id].get(level, lvl_start))
            return _FORMATS.get(lvl_fmt, str)(value)

        return re.sub(r"%(\d)", number, text).strip()


def _val(node, tag: str) -> str | None:
    found = node.find(qn(tag))
    return found.get(qn("w:val")) if found is not None else None
