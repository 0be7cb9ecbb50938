"""Checks that a .docx follows the Nghị định 30/2020 layout, read back with python-docx.

    from tests.nd30 import assert_nd30
    doc = assert_nd30(response.content, kind="KẾ HOẠCH", number="05/KH-SCT")

Returns the python-docx ``Document`` for further checks. Used by every .docx export test (the
consolidated report, the annual plan).
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
FONT = "Times New Roman"

#: "<place>, ngày 05 tháng 3 năm 2026" or the blank form the records office fills in
DATE_LINE = re.compile(
    r"^\S.*, ngày(\s\d{2}|[\s\u00a0]+) tháng(\s\d{1,2}|[\s\u00a0]+) năm(\s\d{4}|[\s\u00a0]*)$"
)


def _mm(length) -> float:
    return length / Mm(1)


def all_paragraphs(doc):
    """Body paragraphs and those inside table cells, in document order."""
    for block in doc.element.body.iterchildren():
        if block.tag == qn("w:p"):
            yield Paragraph(block, doc._body)
        elif block.tag == qn("w:tbl"):
            table = Table(block, doc._body)
            for row in table.rows:
                for tc in row._tr.tc_lst:  # each cell once, merged or not
                    yield from _Cell(tc, table).paragraphs


def text_of(doc) -> str:
    return "\n".join(p.text for p in all_paragraphs(doc))


def _field_codes(part) -> str:
    element = part._element
    codes = [t.text or "" for t in element.iter(qn("w:instrText"))]
    codes += [f.get(qn("w:instr")) or "" for f in element.iter(qn("w:fldSimple"))]
    return " ".join(codes)


def assert_nd30(data: bytes, *, kind: str | None = None, number: str | None = None, signer=None):
    doc = Document(io.BytesIO(data))
    assert len(doc.sections) >= 1
    section = doc.sections[0]

    # A4 portrait and the ND 30 margins
    assert abs(_mm(section.page_width) - 210) < 0.5 and abs(_mm(section.page_height) - 297) < 0.5
    assert 20 - 0.1 <= _mm(section.top_margin) <= 25 + 0.1
    assert 20 - 0.1 <= _mm(section.bottom_margin) <= 25 + 0.1
    assert 30 - 0.1 <= _mm(section.left_margin) <= 35 + 0.1
    assert 15 - 0.1 <= _mm(section.right_margin) <= 20 + 0.1

    # Times New Roman 13–14 for the body; every explicit run font is Times New Roman, 11–14 pt
    normal = doc.styles["Normal"]
    assert normal.font.name == FONT
    assert Pt(13) <= normal.font.size <= Pt(14)
    for paragraph in all_paragraphs(doc):
        for run in paragraph.runs:
            if run.font.name is not None:
                assert run.font.name == FONT, (run.text, run.font.name)
            if run.font.size is not None and run.text.strip():
                assert Pt(11) <= run.font.size <= Pt(14), (run.text, run.font.size.pt)

    paragraphs = [p for p in all_paragraphs(doc)]
    texts = [p.text.strip() for p in paragraphs]

    # Quốc hiệu (bold capitals) and Tiêu ngữ (bold), in the header block before the body
    assert QUOC_HIEU in texts, "Quốc hiệu missing"
    quoc = paragraphs[texts.index(QUOC_HIEU)]
    assert all(r.bold for r in quoc.runs if r.text.strip())
    assert TIEU_NGU in texts, "Tiêu ngữ missing"
    tieu = paragraphs[texts.index(TIEU_NGU)]
    assert all(r.bold for r in tieu.runs if r.text.strip())
    assert tieu._p.pPr.find(qn("w:pBdr")) is not None, "no rule under the Tiêu ngữ"

    # "Số: …" and "<place>, ngày … tháng … năm …" in the first page's header block
    numbers = [t for t in texts if t.startswith("Số:")]
    assert numbers, "no 'Số:' line"
    if number is not None:
        assert numbers[0] == f"Số: {number}", numbers[0]
    dates = [t for t in texts if DATE_LINE.match(t)]
    assert dates, "no '…, ngày … tháng … năm …' line"
    date_paragraph = paragraphs[texts.index(dates[0])]
    assert all(r.italic for r in date_paragraph.runs if r.text.strip())

    # the document kind, bold capitals, after the header block
    if kind is not None:
        assert kind in texts, f"kind {kind!r} missing"
        kind_paragraph = paragraphs[texts.index(kind)]
        assert all(r.bold for r in kind_paragraph.runs if r.text.strip())
        assert texts.index(kind) > texts.index(QUOC_HIEU)

    # page numbers from page 2: a different first page without a number, a PAGE field after
    assert section.different_first_page_header_footer, "first page not different"
    assert "PAGE" in _field_codes(section.header), "no PAGE field in the header"
    assert "PAGE" not in _field_codes(section.first_page_header), "page 1 is numbered"

    # Nơi nhận and the signature block at the end
    assert "Nơi nhận:" in texts, "no 'Nơi nhận:'"
    where = texts.index("Nơi nhận:")
    assert where > len(texts) // 2
    label = paragraphs[where]
    assert all(r.bold and r.italic for r in label.runs if r.text.strip())
    if signer is not None:
        assert signer in texts[where:], f"signer {signer!r} not in the signature block"
        name = paragraphs[where + texts[where:].index(signer)]
        assert all(r.bold for r in name.runs if r.text.strip())
    return doc
