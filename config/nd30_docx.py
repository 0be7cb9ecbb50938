"""Word (.docx) administrative documents in the Nghị định 30/2020/NĐ-CP format (python-docx only).

The same layout as the PDFs (``reports/pdf.py``, ``static/css/pdf.css``), so an officer can edit
the text in Word before it is signed:

- A4 portrait; margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm (ND 30: 20–25 / 20–25 /
  30–35 / 15–20); Times New Roman, body 14 pt;
- the header: issuing body (its parent body above it, the body itself in bold, a short rule,
  "Số: …") on the left; Quốc hiệu (bold capitals) and Tiêu ngữ (bold, a rule under it) and
  "<place>, ngày … tháng … năm …" (italic) on the right;
- the document kind (BÁO CÁO, KẾ HOẠCH…) and its title (trích yếu) centred in bold, a short rule;
- page numbers centred at the top from page 2 (different first page, a PAGE field);
- "Nơi nhận:" on the left and the signature block on the right at the end.

Lowest layer: imports no app, only python-docx and the standard library.

    doc = OfficialDocument("UBND tỉnh An Giang", "Sở Công Thương", "12/BC-SCT", "An Giang",
                           date(2026, 1, 15), "BÁO CÁO", "Kết quả thực hiện …")
    doc.heading("I. KẾT QUẢ THỰC HIỆN", 1)
    doc.paragraph("…")
    doc.table(["TT", "Nội dung", "Kinh phí (đồng)"], rows, widths_mm=[10, 110, 45],
              total_row=["", "Tổng cộng", "1.234.567"])
    doc.closing(["UBND tỉnh (b/c);", "Lưu: VT."], "PHÓ GIÁM ĐỐC", "Nguyễn Văn A",
                on_behalf="KT. GIÁM ĐỐC")
    data = doc.to_bytes()
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"

#: millimetres: top, bottom, left, right (ND 30 Phụ lục I, mục II.3)
MARGINS_MM = (20, 20, 30, 15)
PAGE_MM = (210, 297)
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM[2] - MARGINS_MM[3]  # 165

#: the header's two columns (issuing body | Quốc hiệu), as in the PDF (38 % | 62 %)
_ISSUER_MM = 63
_NATION_MM = TEXT_WIDTH_MM - _ISSUER_MM

#: blank spaces for what the records office (văn thư) writes by hand when the document is issued
BLANK = "\u00a0" * 8

_NUMERIC = re.compile(r"^[\s\d.,%()/+\-−—–]+$")


def vn_date(day: dt.date | None) -> str:
    """ "ngày 05 tháng 3 năm 2026" (days 1–9 and months 1–2 with a leading zero, ND 30);
    no date → "ngày … tháng … năm …" for the records office to fill in."""
    if day is None:
        return "ngày\u00a0\u00a0\u00a0\u00a0 tháng\u00a0\u00a0\u00a0\u00a0 năm\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def format_number(value, decimals: int = 0) -> str:
    """1234567.5 → "1.234.567,5" (Vietnamese grouping and decimal comma); None → "—"."""
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        value = Decimal(repr(value))
    value = Decimal(value)
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int):
        return format_number(value)
    if isinstance(value, (float, Decimal)):
        integral = Decimal(str(value)) == Decimal(str(value)).to_integral_value()
        return format_number(value, 0 if integral else 1)
    return str(value)


def is_numeric(value) -> bool:
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return True
    return isinstance(value, str) and bool(value.strip()) and bool(_NUMERIC.match(value))


def _set_run_font(run, *, size=None, bold=None, italic=None, underline=None):
    run.font.name = FONT
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if italic is not None:
        run.font.italic = italic
    if underline is not None:
        run.font.underline = underline
    return run


def _style_font(style, size=BODY_PT):
    """Times New Roman for every script of ``style`` (no theme font overriding it); its rPr."""
    style.font.name = FONT
    style.font.size = Pt(size)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    return rpr


def _bottom_rule(paragraph, *, size_eighths=6):
    """A horizontal rule under the paragraph (as wide as the paragraph between its indents)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(size_eighths))
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    # pBdr must come before spacing/ind/jc in pPr's sequence
    anchor = None
    for tag in ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc"):
        anchor = ppr.find(qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        ppr.append(borders)


#: the children of ``w:tblPr`` in schema order (Word refuses a file with them out of order)
_TBL_PR_ORDER = [
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
    "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
    "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription",
]  # fmt: skip


def _tbl_pr_insert(tbl_pr, element):
    """Insert ``element`` into ``w:tblPr`` at its schema position, replacing one of its kind."""
    name = element.tag.split("}")[1]
    old = tbl_pr.find(qn(f"w:{name}"))
    if old is not None:
        tbl_pr.remove(old)
    later = _TBL_PR_ORDER[_TBL_PR_ORDER.index(name) + 1 :]
    for child in tbl_pr:
        if child.tag.split("}")[1] in later:
            child.addprevious(element)
            return
    tbl_pr.append(element)


def _no_borders(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    _tbl_pr_insert(tbl_pr, borders)


def _cell_margins(table, *, left_mm=0.0, right_mm=0.0):
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for edge, mm in (("left", left_mm), ("right", right_mm)):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(int(Mm(mm).twips)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    _tbl_pr_insert(tbl_pr, margins)


def _fixed_widths(table, widths_mm: Sequence[float]):
    table.autofit = False  # w:tblLayout type="fixed"
    for index, column in enumerate(table.columns):
        column.width = Mm(widths_mm[index])
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            cell.width = Mm(widths_mm[index])


def _repeat_header(row):
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def _cant_split(row):
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


def _page_field(paragraph, *, size=13):
    """A PAGE field (Word shows the page number; "2" is the cached value before updating)."""

    def fld(kind):
        run = paragraph.add_run()
        _set_run_font(run, size=size)
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    fld("begin")
    run = paragraph.add_run()
    _set_run_font(run, size=size)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run._r.append(instr)
    fld("separate")
    _set_run_font(paragraph.add_run("2"), size=size)
    fld("end")


def _compact(paragraph, *, before=0, after=0, line=1.0):
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = line
    fmt.first_line_indent = Mm(0)


class OfficialDocument:
    """An administrative document (văn bản hành chính) in the ND 30/2020 layout, as .docx."""

    def __init__(
        self,
        issuer_parent: str,
        issuer: str,
        number: str,
        place: str,
        date: dt.date | None,
        kind: str,
        title: str,
    ):
        self.issuer_parent = issuer_parent or ""
        self.issuer = issuer
        self.number = number or ""
        self.place = place
        self.date = date
        self.kind = kind
        self.title = title
        self.document = Document()
        self._setup_page()
        self._setup_styles()
        self._page_numbers()
        self._header_block()
        self._title_block()

    # --- set-up -------------------------------------------------------------------------------

    def _setup_page(self):
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
        top, bottom, left, right = MARGINS_MM
        section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
        section.left_margin, section.right_margin = Mm(left), Mm(right)
        section.header_distance = Mm(10)
        section.footer_distance = Mm(10)
        props = self.document.core_properties
        props.title = f"{self.kind.title()} {self.title}".strip()[:250]
        props.author = self.issuer
        props.language = "vi-VN"

    def _setup_styles(self):
        styles = self.document.styles
        normal = styles["Normal"]
        rpr = _style_font(normal)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "vi-VN")
        rpr.append(lang)
        fmt = normal.paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(6)
        fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
        fmt.line_spacing = 1.15
        # the headings keep Word's outline (navigation pane) but look like the PDF's: black, bold,
        # Times New Roman 14, indented like the body
        for level in (1, 2, 3):
            style = styles[f"Heading {level}"]
            srpr = _style_font(style)
            style.font.bold = True
            style.font.italic = level == 3
            style.font.color.rgb = None
            color = srpr.find(qn("w:color"))
            if color is not None:
                srpr.remove(color)
            sfmt = style.paragraph_format
            sfmt.space_before = Pt(8)
            sfmt.space_after = Pt(4)
            sfmt.first_line_indent = Mm(10)
            sfmt.keep_with_next = True
            sfmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    def _page_numbers(self):
        section = self.document.sections[0]
        section.different_first_page_header_footer = True
        first = section.first_page_header
        first.is_linked_to_previous = False
        _compact(first.paragraphs[0])
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        _compact(paragraph)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_field(paragraph)

    def _header_block(self):
        table = self.document.add_table(rows=1, cols=2)
        _no_borders(table)
        _cell_margins(table)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _fixed_widths(table, [_ISSUER_MM, _NATION_MM])
        issuer_cell, nation_cell = table.rows[0].cells

        first = issuer_cell.paragraphs[0]
        if self.issuer_parent:
            self._line(first, self.issuer_parent.upper(), size=13)
            body = issuer_cell.add_paragraph()
        else:
            body = first
        self._line(body, self.issuer.upper(), size=13, bold=True)
        rule = issuer_cell.add_paragraph()
        _compact(rule, after=0, line=0.6)
        side = (_ISSUER_MM - 20) / 2  # a 20 mm rule, centred under the body's name
        rule.paragraph_format.left_indent = Mm(side)
        rule.paragraph_format.right_indent = Mm(side)
        _bottom_rule(rule)
        number = issuer_cell.add_paragraph()
        self._line(number, f"Số: {self.number or BLANK}", size=13, before=6)

        quoc = nation_cell.paragraphs[0]
        self._line(quoc, QUOC_HIEU, size=12, bold=True)
        tieu = nation_cell.add_paragraph()
        # the rule under the Tiêu ngữ is as long as the line (≈ 62 mm at 13 pt bold)
        side = max(0.0, (_NATION_MM - 62) / 2)
        tieu.paragraph_format.left_indent = Mm(side)
        tieu.paragraph_format.right_indent = Mm(side)
        self._line(tieu, TIEU_NGU, size=13, bold=True)
        _bottom_rule(tieu)
        place = nation_cell.add_paragraph()
        self._line(place, f"{self.place}, {vn_date(self.date)}", size=14, italic=True, before=8)

    def _title_block(self):
        kind = self.document.add_paragraph()
        self._line(kind, self.kind.upper(), size=BODY_PT, bold=True, before=18)
        if self.title:
            title = self.document.add_paragraph()
            self._line(title, self.title, size=BODY_PT, bold=True)
            title.paragraph_format.left_indent = Mm(10)
            title.paragraph_format.right_indent = Mm(10)
        rule = self.document.add_paragraph()
        _compact(rule, after=12, line=0.6)
        side = (TEXT_WIDTH_MM - 40) / 2
        rule.paragraph_format.left_indent = Mm(side)
        rule.paragraph_format.right_indent = Mm(side)
        _bottom_rule(rule)

    @staticmethod
    def _line(paragraph, text, *, size, bold=None, italic=None, before=0, after=0):
        _compact(paragraph, before=before, after=after)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_run_font(paragraph.add_run(text), size=size, bold=bold, italic=italic)
        return paragraph

    # --- content ------------------------------------------------------------------------------

    def heading(self, text: str, level: int = 1):
        """A section heading ("I. KẾT QUẢ…" level 1, "1. Tình hình chung" level 2, level 3
        bold italic), in Word's Heading styles so the navigation pane lists them."""
        level = min(max(int(level), 1), 3)
        paragraph = self.document.add_paragraph(style=f"Heading {level}")
        _set_run_font(paragraph.add_run(text), size=BODY_PT, bold=True, italic=level == 3)
        return paragraph

    def paragraph(self, text: str, *, italic: bool = False, bold: bool = False, indent=True):
        """A body paragraph: justified, first line indented 1 cm, 6 pt after (ND 30)."""
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Mm(10) if indent else Mm(0)
        _set_run_font(paragraph.add_run(text or ""), size=BODY_PT, bold=bold, italic=italic)
        return paragraph

    def paragraph_with_lead(self, lead: str, text: str):
        """A body paragraph that opens with bold italic words ("- Sở Tài chính: …")."""
        paragraph = self.paragraph("")
        paragraph.runs[0].text = lead
        paragraph.runs[0].font.bold = True
        paragraph.runs[0].font.italic = True
        _set_run_font(paragraph.add_run(text), size=BODY_PT)
        return paragraph

    def note(self, text: str):
        """A small italic note (sources, "số liệu tính đến ngày …"), 12 pt."""
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _set_run_font(paragraph.add_run(text), size=TABLE_PT, italic=True)
        return paragraph

    def table(
        self,
        header: Sequence[str],
        rows: Iterable[Sequence],
        widths_mm: Sequence[float] | None = None,
        total_row: Sequence | None = None,
        *,
        size: int = TABLE_PT,
    ):
        """A bordered table, 12 pt, the header row bold, centred and repeated on every page;
        numbers (int, Decimal, or text such as "1.234.567") right-aligned; ``total_row`` bold.
        ``widths_mm`` should add up to the text width (165 mm); default: equal columns;
        ``size`` 11–13 pt (11 for wide tables of figures)."""
        columns = len(header)
        if widths_mm is None:
            widths_mm = [TEXT_WIDTH_MM / columns] * columns
        if len(widths_mm) != columns:
            raise ValueError("widths_mm must have one width per column")
        table = self.document.add_table(rows=1, cols=columns)
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _cell_margins(table, left_mm=1.0, right_mm=1.0)
        _repeat_header(table.rows[0])
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            self._cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=size)
        ordinal = {i for i, text in enumerate(header) if str(text).strip().upper() in ("TT", "STT")}
        body = [(row, False) for row in rows]
        if total_row is not None:
            body.append((total_row, True))
        for values, is_total in body:
            if len(values) != columns:
                raise ValueError("every row must have one value per column")
            row = table.add_row()
            _cant_split(row)
            for index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
                if index in ordinal:
                    align = WD_ALIGN_PARAGRAPH.CENTER
                elif is_numeric(value):
                    align = WD_ALIGN_PARAGRAPH.RIGHT
                else:
                    align = WD_ALIGN_PARAGRAPH.LEFT
                self._cell(cell, _cell_text(value), bold=is_total, align=align, size=size)
        _fixed_widths(table, widths_mm)
        spacer = self.document.add_paragraph()
        _compact(spacer, after=4, line=0.8)
        return table

    @staticmethod
    def _cell(cell, text, *, bold, align, size):
        paragraph = cell.paragraphs[0]
        _compact(paragraph)
        paragraph.alignment = align
        _set_run_font(paragraph.add_run(str(text)), size=size, bold=bold)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER if bold else None

    def picture(self, png: bytes, *, width_mm: float = 150, caption: str = ""):
        """A centred image (PNG) with an italic caption under it."""
        paragraph = self.document.add_paragraph()
        _compact(paragraph, before=6)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = True
        paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(min(width_mm, TEXT_WIDTH_MM)))
        if caption:
            text = self.document.add_paragraph()
            _compact(text, after=6)
            text.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_run_font(text.add_run(caption), size=11, italic=True)
        return paragraph

    def closing(
        self,
        recipients: Sequence[str],
        signer_title: str | Sequence[str],
        signer_name: str,
        on_behalf: str = "",
    ):
        """ "Nơi nhận:" (left, 12 pt bold italic; recipients 11 pt, "- …;") and the signature
        block (right: "KT. GIÁM ĐỐC" / "TM. …" when signing on behalf, the title, room for the
        signature and seal, the name), kept on one page."""
        if isinstance(signer_title, str):
            titles = [line.strip() for line in signer_title.splitlines() if line.strip()]
        else:
            titles = [line.strip() for line in signer_title if line and line.strip()]
        if on_behalf.strip():
            titles.insert(0, on_behalf.strip())
        table = self.document.add_table(rows=1, cols=2)
        _no_borders(table)
        _cell_margins(table)
        _fixed_widths(table, [TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2])
        _cant_split(table.rows[0])
        left, right = table.rows[0].cells

        label = left.paragraphs[0]
        _compact(label, before=12)
        _set_run_font(label.add_run("Nơi nhận:"), size=12, bold=True, italic=True)
        for line in recipients:
            line = line.strip()
            if not line:
                continue
            if not line.startswith("-"):
                line = f"- {line}"
            paragraph = left.add_paragraph()
            _compact(paragraph)
            _set_run_font(paragraph.add_run(line), size=11)

        first = right.paragraphs[0]
        for index, title in enumerate(titles or ["THỦ TRƯỞNG CƠ QUAN"]):
            paragraph = first if index == 0 else right.add_paragraph()
            self._line(
                paragraph, title.upper(), size=BODY_PT, bold=True, before=12 if index == 0 else 0
            )
        space = right.add_paragraph()
        _compact(space)
        space.paragraph_format.space_before = Mm(25)  # signature and seal
        name = right.add_paragraph()
        self._line(name, signer_name or "", size=BODY_PT, bold=True)
        return table

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
