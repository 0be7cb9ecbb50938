"""The downloadable XLSX template of the registry file."""

from __future__ import annotations

import io

import openpyxl
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from enterprises.importing.columns import COLUMNS


def build_template() -> bytes:
    """The XLSX template: headers on row 1, one example row, an instructions sheet."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách cơ sở"
    sheet.append([c.header for c in COLUMNS])
    sheet.append(
        [
            "0100233488",
            "Công ty TNHH Chế biến Thủy sản Mẫu",
            "1020",
            "Quốc lộ 91, khóm Bình Đức",
            "Phường Bình Đức",
            "",
            85,
            42000,
            15000,
            "Có",
            "Không",
            "Không",
            "Nguyễn Văn A",
            "0296 3850 123",
            "lienhe@example.vn",
        ]
    )
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="0F6E6E")
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(column.header) + 4)
        # tax codes and phone numbers are text: keep their leading zeros
        if column.key in ("tax_code", "contact_phone", "vsic"):
            for row in range(2, 5002):
                sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "A2"

    notes = workbook.create_sheet("Hướng dẫn")
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 100
    notes.append(["Cột", "Cách ghi"])
    guide = {
        "Mã số thuế": "Bắt buộc. 10 chữ số, hoặc 13 chữ số cho chi nhánh (0123456789-001). "
        "Dòng có mã số thuế đã có trong hệ thống sẽ cập nhật cơ sở đó.",
        "Tên cơ sở": "Bắt buộc.",
        "Mã ngành VSIC": "Mã ngành VSIC 2018, cấp 1 (chữ cái), 2, 3, 4 hoặc 5 chữ số, ví dụ 10 hoặc 1020.",
        "Xã/phường": "Tên xã, phường, đặc khu sau sắp xếp 2025 (ví dụ “Phường Long Xuyên”).",
        "Khu/cụm công nghiệp": "Để trống nếu nằm ngoài khu, cụm công nghiệp.",
        "Số lao động": "Số lao động tham gia BHXH bình quân năm (số nguyên).",
        "Doanh thu (triệu đồng)": "Tổng doanh thu năm, triệu đồng. Viết 12500 hoặc 12.500,5.",
        "Nguồn vốn (triệu đồng)": "Tổng nguồn vốn, triệu đồng.",
        "Có tiềm năng SXSH": "Có / Không (cũng hiểu x, 1, 0).",
    }
    for header, text in guide.items():
        notes.append([header, text])
    notes.append(
        [
            "Lưu ý",
            "Cả tệp được kiểm tra trước khi ghi: chỉ một dòng lỗi thì không dòng nào được lưu. "
            "Ô để trống khi cập nhật thì giữ nguyên giá trị cũ. Không dùng công thức: ô có công "
            "thức bị báo lỗi, hãy dán dạng giá trị.",
        ]
    )
    notes["A1"].font = notes["B1"].font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
