"""Directive documents for the importer's tests (Word files built in memory, the seed texts)."""

from __future__ import annotations

import io

SEED_DIR = "fixtures/seeds"


def docx_bytes() -> bytes:
    """A Word "Chương trình hành động" of another province: "Điều" articles, lettered tasks with
    a missing letter, and a task table whose deadlines are "Quý II/2016", "2017", "Hằng năm"."""
    from docx import Document

    doc = Document()
    for line in [
        "ỦY BAN NHÂN DÂN TỈNH SÔNG XANH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 12/CTr-UBND",
        "Sông Xanh, ngày 15 tháng 01 năm 2016",
        "CHƯƠNG TRÌNH HÀNH ĐỘNG",
        "Thực hiện sản xuất sạch hơn trong công nghiệp tỉnh Sông Xanh giai đoạn 2016-2020",
        "Căn cứ Quyết định số 1419/QĐ-TTg ngày 07/9/2009 của Thủ tướng Chính phủ;",
        "Điều 1. Sở Công Thương:",
        "a) Tổ chức tập huấn sản xuất sạch hơn cho doanh nghiệp;",
        "b) Xây dựng mô hình trình diễn tại 05 doanh nghiệp;",
        "d) Hằng năm tổng hợp, báo cáo kết quả.",
        "Điều 2. Sở Nông nghiệp và Môi trường, Đài Phát thanh và Truyền hình tỉnh:",
        "Tuyên truyền về lợi ích của sản xuất sạch hơn trên các phương tiện thông tin đại chúng.",
        "Điều 3. Danh mục nhiệm vụ",
    ]:
        doc.add_paragraph(line)
    table = doc.add_table(rows=1, cols=5)
    for cell, text in zip(
        table.rows[0].cells,
        ["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"],
        strict=True,
    ):
        cell.text = text
    for row in [
        [
            "1",
            "Khảo sát tiềm năng sản xuất sạch hơn",
            "Sở Công Thương",
            "Sở Tài chính",
            "Quý II/2016",
        ],
        ["2", "Thành lập tổ tư vấn sản xuất sạch hơn", "Sở Nội vụ", "Sở Công Thương", "2017"],
        ["3", "Kiểm tra việc áp dụng", "Sở Công Thương", "", "Hằng năm"],
    ]:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    doc.add_paragraph("Các cơ quan định kỳ 6 tháng báo cáo kết quả về Sở Công Thương để tổng hợp.")
    doc.add_paragraph("Chương trình này có hiệu lực sau mười lăm ngày kể từ ngày ký./.")
    doc.add_paragraph("TM. ỦY BAN NHÂN DÂN")
    doc.add_paragraph("CHỦ TỊCH")
    doc.add_paragraph("Trần Văn Bình")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def read_seed(name: str) -> str:
    from pathlib import Path

    from django.conf import settings

    return (Path(settings.BASE_DIR) / SEED_DIR / name).read_text(encoding="utf-8")


def docx_with_header_table_bytes() -> bytes:
    """Real Word directives lay the header out as a borderless two-column table."""
    from docx import Document

    doc = Document()
    header = doc.add_table(rows=2, cols=2)
    header.rows[0].cells[0].text = "ỦY BAN NHÂN DÂN\nTỈNH BIỂN ĐÔNG"
    header.rows[0].cells[1].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.rows[1].cells[0].text = "Số: 21/2015/CT-UBND"
    header.rows[1].cells[1].text = "Biển Đông, ngày 09 tháng 11 năm 2015"
    for line in [
        "CHỈ THỊ",
        "Về việc đẩy mạnh sản xuất sạch hơn",
        "1. Sở Công Thương:",
        "a) Tuyên truyền sản xuất sạch hơn;",
        "b) Tập huấn doanh nghiệp.",
        "Chỉ thị này có hiệu lực kể từ ngày ký./.",
    ]:
        doc.add_paragraph(line)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# (abstractNumId, [(numFmt, lvlText) per level]): parts "I.", sections "1." with letters "a)",
# bullets, table rows "1"
_LISTS = {
    "roman": (90, [("upperRoman", "%1.")]),
    "section": (91, [("decimal", "%1."), ("lowerLetter", "%2)")]),
    "bullet": (92, [("bullet", "\uf0b7")]),
    "row": (93, [("decimal", "%1")]),
}


class _AutoNumbering:
    """Adds abstract lists to a document's numbering part and hands out list instances."""

    def __init__(self, document):
        from docx.oxml import parse_xml

        self.parse_xml = parse_xml
        self.root = document.part.numbering_part.element
        self.next_num = 90
        for abstract_id, levels in _LISTS.values():
            lvls = "".join(
                f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text}"/></w:lvl>'
                for i, (fmt, text) in enumerate(levels)
            )
            node = parse_xml(
                f'<w:abstractNum {_W} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'
            )
            # abstract lists come before the list instances in numbering.xml
            first_num = self.root.xpath("./w:num")[0]
            first_num.addprevious(node)
        self.current: dict[str, int] = {}

    def instance(self, kind: str, restart: bool) -> int:
        if restart or kind not in self.current:
            self.next_num += 1
            abstract_id = _LISTS[kind][0]
            self.root.append(
                self.parse_xml(
                    f'<w:num {_W} w:numId="{self.next_num}">'
                    f'<w:abstractNumId w:val="{abstract_id}"/></w:num>'
                )
            )
            self.current[kind] = self.next_num
        return self.current[kind]


def _number(paragraph, num_id: int, ilvl: int):
    from docx.oxml import parse_xml

    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert(
        0,
        parse_xml(f'<w:numPr {_W}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'),
    )


def docx_auto_numbered_bytes(typed: str) -> bytes:
    """The directive ``typed`` as Word would store it with automatic numbering: "I.", "1.",
    "a)", "- " and the STT column of tables become ``w:numPr`` list items whose numbers are not
    in the text; consecutive lines stay one paragraph (with line breaks)."""
    import re

    from docx import Document

    doc = Document()
    numbering = _AutoNumbering(doc)
    blocks = [b.strip("\n") for b in re.split(r"\n\s*\n", typed) if b.strip()]
    for block in blocks:
        lines = block.split("\n")
        if all("\t" in line for line in lines):
            rows = [line.split("\t") for line in lines]
            table = doc.add_table(rows=0, cols=len(rows[0]))
            row_list = numbering.instance("row", restart=True)
            for i, cells in enumerate(rows):
                row = table.add_row().cells
                for j, (cell, text) in enumerate(zip(row, cells, strict=True)):
                    if i and j == 0 and text.strip().isdigit():
                        # an STT cell numbered by Word is empty: the number is the list's
                        _number(cell.paragraphs[0], row_list, 0)
                    else:
                        cell.text = text
            continue
        text = block
        m = re.match(r"^([IVX]+)\.\s+(.*)$", text, re.S)
        kind = None
        if m:
            kind, ilvl, number, text = "roman", 0, m.group(1), m.group(2)
        elif m := re.match(r"^(\d+)\.\s+(.*)$", text, re.S):
            kind, ilvl, number, text = "section", 0, m.group(1), m.group(2)
        elif m := re.match(r"^([a-zđ])\)\s+(.*)$", text, re.S):
            kind, ilvl, number, text = "section", 1, m.group(1), m.group(2)
        elif m := re.match(r"^-\s+(.*)$", text, re.S):
            kind, ilvl, number, text = "bullet", 0, "", m.group(1)
        paragraph = doc.add_paragraph()
        for k, line in enumerate(text.split("\n")):
            run = paragraph.add_run(line)
            if k < len(text.split("\n")) - 1:
                run.add_break()
        if kind:
            restart = ilvl == 0 and number in ("1", "I")
            _number(paragraph, numbering.instance(kind, restart), ilvl)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
