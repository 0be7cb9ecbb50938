"""Word files whose lists use automatic numbering (``w:numPr``): the numbers are not in the
paragraphs' text, so the reader puts back the ones Word shows — and the directive reads the same
as when the numbers are typed."""

from __future__ import annotations

from pathlib import Path

from programs.directive_files import read_directive_bytes
from programs.directive_parser import parse_directive
from tests.directive_docs import docx_auto_numbered_bytes

CORPUS = Path(__file__).resolve().parent / "data" / "directives" / "corpus"
TYPED = (CORPUS / "ct-phu-tho-tiet-kiem-dien.txt").read_text(encoding="utf-8")


def test_auto_numbered_word_file_has_no_numbers_in_its_text():
    import io

    import docx

    document = docx.Document(io.BytesIO(docx_auto_numbered_bytes(TYPED)))
    texts = [p.text for p in document.paragraphs]
    assert "Sở Công Thương:" in texts
    assert not any(t.startswith(("1. ", "a) ", "II. ")) for t in texts)
    assert (
        sum(1 for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None)
        >= 14
    )


def test_word_numbers_are_read_as_word_shows_them():
    text = read_directive_bytes("ct.docx", docx_auto_numbered_bytes(TYPED))
    lines = [line for line in text.split("\n") if line]
    assert "I. NHIỆM VỤ CỤ THỂ" in lines
    assert "1. Sở Công Thương:" in lines
    # Word's lower-case letters run a, b, c, d, e (no "đ"); they restart under "2."
    assert (
        "e) Phối hợp với Công ty Điện lực Phú Thọ công bố kết quả tiết kiệm điện của các cơ quan."
        in lines
    )
    assert (
        "a) Hướng dẫn áp dụng quy chuẩn công trình xây dựng sử dụng năng lượng hiệu quả;" in lines
    )
    assert "II. TỔ CHỨC THỰC HIỆN" in lines
    assert any(line.startswith("1\tThay thế đèn chiếu sáng") for line in lines)
    assert any(line.startswith("2\tLắp đặt điện mặt trời") for line in lines)


def test_auto_numbered_and_typed_directive_give_the_same_reading():
    typed = parse_directive(TYPED).to_contract()
    word = parse_directive(read_directive_bytes("ct.docx", docx_auto_numbered_bytes(TYPED)))
    assert word.to_contract() == typed
    assert [a.ref for a in word.assignments][:6] == ["1.a", "1.b", "1.c", "1.d", "1.e", "2.a"]


def test_bullets_and_restarted_lists():
    typed = (
        "CHỈ THỊ\n\nVề tiết kiệm nước\n\n1. Sở Xây dựng:\n\n- Kiểm tra thất thoát nước;\n\n"
        "- Hướng dẫn tái sử dụng nước.\n\n2. Sở Y tế:\n\na) Kiểm tra nước sạch;\n\n"
        "b) Báo cáo kết quả.\n\nChỉ thị này có hiệu lực kể từ ngày ký./."
    )
    text = read_directive_bytes("ct.docx", docx_auto_numbered_bytes(typed))
    assert "- Kiểm tra thất thoát nước;" in text and "2. Sở Y tế:" in text
    assert parse_directive(text).to_contract() == parse_directive(typed).to_contract()
    assert [a.ref for a in parse_directive(text).assignments] == ["1.1", "1.2", "2.a", "2.b"]
