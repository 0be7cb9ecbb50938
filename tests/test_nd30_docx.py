"""The ND 30/2020 Word builder (config.nd30_docx), read back with python-docx."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from config.nd30_docx import OfficialDocument, format_number, vn_date
from tests.nd30 import DATE_LINE, assert_nd30, text_of


def _sample(**overrides) -> OfficialDocument:
    args = {
        "issuer_parent": "UBND tỉnh An Giang",
        "issuer": "Sở Công Thương",
        "number": "12/BC-SCT",
        "place": "An Giang",
        "date": dt.date(2026, 1, 5),
        "kind": "BÁO CÁO",
        "title": "Kết quả thực hiện Chương trình sản xuất sạch hơn trong công nghiệp năm 2025",
    }
    args.update(overrides)
    doc = OfficialDocument(**args)
    doc.heading("I. KẾT QUẢ THỰC HIỆN", 1)
    doc.heading("1. Tình hình chung", 2)
    doc.paragraph("Năm 2025, Sở Công Thương đã phối hợp với các sở, ngành triển khai " * 5)
    doc.table(
        ["TT", "Nội dung", "Kinh phí (đồng)"],
        [[1, "Tập huấn sản xuất sạch hơn", 12_500_000], [2, "Trình diễn mô hình", "7.500.000"]],
        widths_mm=[12, 108, 45],
        total_row=["", "Tổng cộng", 20_000_000],
    )
    for index in range(40):  # enough text for a second page
        doc.paragraph(f"Đoạn {index + 1}: nội dung báo cáo chi tiết của các cơ quan, đơn vị. " * 3)
    doc.paragraph("Sở Công Thương báo cáo UBND tỉnh xem xét, chỉ đạo./.")
    doc.closing(
        ["UBND tỉnh (b/c);", "Bộ Công Thương (b/c);", "Lưu: VT, QLCN."],
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Văn An",
        on_behalf="KT. GIÁM ĐỐC",
    )
    return doc


def test_sample_follows_nd30():
    data = _sample().to_bytes()
    doc = assert_nd30(data, kind="BÁO CÁO", number="12/BC-SCT", signer="Nguyễn Văn An")
    text = text_of(doc)
    assert "An Giang, ngày 05 tháng 01 năm 2026" in text
    assert "UBND TỈNH AN GIANG\nSỞ CÔNG THƯƠNG" in text
    assert "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC" in text
    assert "- UBND tỉnh (b/c);" in text and "- Lưu: VT, QLCN." in text


def test_page_setup_values():
    section = Document(io.BytesIO(_sample().to_bytes())).sections[0]
    assert round(section.page_width / Mm(1)) == 210
    assert round(section.page_height / Mm(1)) == 297
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m / Mm(1)) for m in margins] == [20, 20, 30, 15]


def test_headings_use_word_outline_and_times():
    doc = Document(io.BytesIO(_sample().to_bytes()))
    headings = [p for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert [(p.style.name, p.text) for p in headings] == [
        ("Heading 1", "I. KẾT QUẢ THỰC HIỆN"),
        ("Heading 2", "1. Tình hình chung"),
    ]
    style = doc.styles["Heading 1"]
    assert style.font.name == "Times New Roman" and style.font.color.rgb is None


def test_table_header_repeats_numbers_right_total_bold():
    doc = Document(io.BytesIO(_sample().to_bytes()))
    table = doc.tables[1]  # 0 is the header block
    header, first, second, total = table.rows
    assert [c.text for c in header.cells] == ["TT", "Nội dung", "Kinh phí (đồng)"]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r.bold for c in header.cells for r in c.paragraphs[0].runs)
    assert first.cells[2].text == "12.500.000"
    assert first.cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert second.cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert first.cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert first.cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER  # TT
    assert [c.text for c in total.cells] == ["", "Tổng cộng", "20.000.000"]
    assert all(r.bold for c in total.cells for r in c.paragraphs[0].runs)
    assert [round(c.width / Mm(1)) for c in first.cells] == [12, 108, 45]


def test_table_rejects_wrong_widths_and_rows():
    doc = _sample()
    with pytest.raises(ValueError):
        doc.table(["a", "b"], [[1, 2]], widths_mm=[10])
    with pytest.raises(ValueError):
        doc.table(["a", "b"], [[1, 2, 3]])


def test_blank_number_and_date_for_the_records_office():
    data = _sample(number="", date=None).to_bytes()
    doc = assert_nd30(data, kind="BÁO CÁO")
    texts = [line for line in text_of(doc).splitlines()]
    assert any(
        line.startswith("Số:") and line.replace("\u00a0", " ").strip() == "Số:" for line in texts
    )
    assert any(DATE_LINE.match(line) and "năm 20" not in line for line in texts)


def test_no_parent_body_and_plain_signer():
    doc = OfficialDocument(
        "", "Sở Công Thương", "5/KH-SCT", "An Giang", dt.date(2026, 3, 15), "Kế hoạch", ""
    )
    doc.paragraph("Nội dung.")
    doc.closing(["Lưu: VT."], "GIÁM ĐỐC\n", "Trần Thị B")
    parsed = assert_nd30(doc.to_bytes(), kind="KẾ HOẠCH", number="5/KH-SCT", signer="Trần Thị B")
    assert "An Giang, ngày 15 tháng 3 năm 2026" in text_of(parsed)


def test_assert_nd30_catches_a_plain_document():
    plain = Document()
    plain.add_paragraph("Báo cáo")
    buffer = io.BytesIO()
    plain.save(buffer)
    with pytest.raises(AssertionError):
        assert_nd30(buffer.getvalue())


def test_number_and_date_formatting():
    assert format_number(1234567) == "1.234.567"
    assert format_number(Decimal("1234.56"), 1) == "1.234,6"
    assert format_number(None) == "—"
    assert vn_date(dt.date(2026, 2, 3)) == "ngày 03 tháng 02 năm 2026"
    assert vn_date(dt.date(2026, 11, 30)) == "ngày 30 tháng 11 năm 2026"


def test_table_properties_in_schema_order_for_word():
    from config.nd30_docx import _TBL_PR_ORDER

    doc = Document(io.BytesIO(_sample().to_bytes()))
    for table in doc.tables:
        names = [child.tag.split("}")[1] for child in table._tbl.tblPr]
        assert names == sorted(names, key=_TBL_PR_ORDER.index), names
        assert names.count("tblLayout") <= 1


def test_picture_with_caption():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, format="PNG")
    doc = _sample()
    doc.picture(buffer.getvalue(), width_mm=200, caption="Biểu đồ: thử.")
    parsed = Document(io.BytesIO(doc.to_bytes()))
    assert len(parsed.inline_shapes) == 1
    assert round(parsed.inline_shapes[0].width / Mm(1)) == 165  # never wider than the text
    assert "Biểu đồ: thử." in text_of(parsed)
