"""Directive documents for the importer's tests, in formats other than the three seeds."""

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
