"""The approved plan as documents officers sign: PDF and .docx in the Nghị định 30/2020 format
(KẾ HOẠCH, issuer, number, place and date, sections, the budget table, Nơi nhận, signature),
and the XLSX annex of the budget by item and funding source (planned, appraised, approved,
actual). Every figure comes from ``plans.selectors.plan_execution`` — the page's figures.

The amounts of a document are the version's "base": approved once approved, appraised once
appraised, else planned (``Money.base``), named in the text so a draft is never read as approved.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from config.money import format_vnd, group_dong
from config.pdf import render_pdf, vn_date
from plans.choices import PlanStatus
from plans.models import PlanVersion
from plans.selectors import PlanExecution, plan_execution

#: the number is written by hand by the records office (văn thư) when the plan is issued
_BLANK_NUMBER = "\u00a0" * 8


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def amount_label(version: PlanVersion) -> str:
    if version.status in (PlanStatus.APPROVED, PlanStatus.EXECUTING, PlanStatus.CLOSED):
        return ""
    if version.status == PlanStatus.SUPERSEDED:
        return "kinh phí đã phê duyệt của phiên bản đã được điều chỉnh"
    if version.status == PlanStatus.APPRAISED:
        return "kinh phí sau thẩm định, chờ phê duyệt"
    return "kinh phí dự kiến, chưa thẩm định"


def document_context(version: PlanVersion, figures: PlanExecution | None = None) -> dict:
    figures = figures or plan_execution(version)
    day = version.issued_on or version.decision_date or timezone.localdate()
    return {
        "version": version,
        "plan": version.plan,
        "figures": figures,
        "revision_no": version.number - 1,
        "amount_label": amount_label(version),
        "province": settings.PORTAL_PROVINCE,
        "place": settings.PORTAL_PLACE,
        "parent_body": f"UBND tỉnh {settings.PORTAL_PROVINCE}",
        "issuing_body": "Sở Công Thương",
        "number": version.doc_number or f"{_BLANK_NUMBER}/KH-SCT",
        "date_line": vn_date(day),
        "issued_on": day,
        "recipient_lines": _lines(version.recipients),
        "signer_lines": _lines(version.signer_title),
        "signer_name": version.signer_name,
    }


def plan_pdf(version: PlanVersion) -> bytes:
    return render_pdf("plans/pdf/plan.html", document_context(version))


def _title(version) -> str:
    text = f"Thực hiện Chương trình sản xuất sạch hơn trong công nghiệp năm {version.plan.year}"
    if version.is_revision:
        text += f" (điều chỉnh lần {version.number - 1})"
    return text


def plan_docx(version: PlanVersion) -> bytes:
    """The same document as the PDF, as a Word file officers edit before signing."""
    from config.nd30_docx import OfficialDocument

    ctx = document_context(version)
    figures: PlanExecution = ctx["figures"]
    doc = OfficialDocument(
        issuer_parent=ctx["parent_body"],
        issuer=ctx["issuing_body"],
        number=ctx["number"],
        place=ctx["place"],
        date=ctx["issued_on"],
        kind="KẾ HOẠCH",
        title=_title(version),
    )
    lead = ""
    if version.decision_number:
        lead = (
            f"Thực hiện Quyết định số {version.decision_number} ngày "
            f"{version.decision_date:%d/%m/%Y} của UBND tỉnh phê duyệt kế hoạch và dự toán "
            "kinh phí, "
        )
    doc.paragraph(
        lead + "Sở Công Thương ban hành Kế hoạch thực hiện Chương trình sản xuất sạch hơn "
        f"trong công nghiệp năm {version.plan.year} như sau:"
    )
    if version.is_revision:
        doc.paragraph(f"Lý do điều chỉnh: {version.revision_reason}")
    doc.heading("I. MỤC ĐÍCH, YÊU CẦU", 1)
    doc.paragraph(
        "Triển khai đồng bộ các nhiệm vụ được giao tại các văn bản chỉ đạo về sản xuất sạch "
        "hơn; xác định rõ nội dung, sản phẩm, thời gian, cơ quan chủ trì, cơ quan phối hợp và "
        "kinh phí theo từng nguồn để làm căn cứ tổ chức thực hiện, theo dõi và báo cáo."
    )
    doc.heading("II. NỘI DUNG THỰC HIỆN", 1)
    for index, row in enumerate(figures.items, start=1):
        item = row.item
        doc.heading(f"{index}. {item.title}", 2)
        doc.paragraph(f"- Nhiệm vụ: {item.task.ref}.")
        coordinators = f"; phối hợp: {', '.join(row.coordinators)}" if row.coordinators else ""
        doc.paragraph(f"- Cơ quan chủ trì: {item.lead_agency.name}{coordinators}.")
        doc.paragraph(f"- Thời gian: {item.when_label} năm {version.plan.year}.")
        if row.outputs:
            outputs = "; ".join(f"{o.planned} {o.label.lower()}" for o in row.outputs)
            doc.paragraph(f"- Sản phẩm: {outputs}.")
        doc.paragraph(f"- Kinh phí: {format_vnd(row.money.base)}.")
    doc.heading("III. KINH PHÍ THỰC HIỆN", 1)
    label = f" ({ctx['amount_label']})" if ctx["amount_label"] else ""
    doc.paragraph(f"Tổng kinh phí: {format_vnd(figures.total.base)}{label}, chi tiết:")
    doc.table(
        ["TT", "Nội dung", "Cơ quan chủ trì", "Thời gian", "Kinh phí (đồng)"],
        [
            [
                str(i),
                r.item.title,
                r.item.lead_agency.name,
                r.item.when_label,
                group_dong(r.money.base),
            ]
            for i, r in enumerate(figures.items, start=1)
        ],
        widths_mm=[10, 70, 40, 22, 30],
        total_row=["", "Tổng cộng", "", "", group_dong(figures.total.base)],
    )
    doc.paragraph("Theo nguồn kinh phí:")
    doc.table(
        ["TT", "Nguồn kinh phí", "Kinh phí (đồng)"],
        [
            [str(i), r.label, group_dong(r.money.base)]
            for i, r in enumerate(figures.by_source, start=1)
        ],
        widths_mm=[10, 110, 40],
        total_row=["", "Tổng cộng", group_dong(figures.total.base)],
    )
    doc.paragraph("Chi tiết theo từng nội dung và nguồn kinh phí tại Phụ lục (tệp XLSX kèm theo).")
    doc.heading("IV. TỔ CHỨC THỰC HIỆN", 1)
    for text in (
        "1. Các cơ quan chủ trì tổ chức thực hiện nội dung được giao, ghi nhận hoạt động và kinh "
        "phí trên Cổng thông tin sản xuất sạch hơn, gắn với nội dung kế hoạch tương ứng; báo cáo "
        "kết quả theo định kỳ.",
        "2. Sở Tài chính bố trí kinh phí theo dự toán được phê duyệt; hướng dẫn thanh quyết toán "
        "theo quy định.",
        "3. Sở Công Thương theo dõi, tổng hợp tình hình thực hiện kế hoạch và kinh phí, báo cáo "
        "UBND tỉnh; đề xuất điều chỉnh kế hoạch khi cần thiết.",
    ):
        doc.paragraph(text)
    doc.paragraph(
        "Trên đây là Kế hoạch thực hiện Chương trình sản xuất sạch hơn trong công nghiệp năm "
        f"{version.plan.year}, đề nghị các cơ quan, đơn vị triển khai thực hiện./."
    )
    # the title lines as the PDF has them ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    doc.closing(ctx["recipient_lines"], ctx["signer_lines"] or ["GIÁM ĐỐC"], ctx["signer_name"])
    return doc.to_bytes()


XLSX_HEADERS = [
    "TT",
    "Nội dung",
    "Nhiệm vụ",
    "Cơ quan chủ trì",
    "Thời gian",
    "Nguồn kinh phí",
    "Dự kiến (đồng)",
    "Thẩm định (đồng)",
    "Phê duyệt (đồng)",
    "Thực hiện (đồng)",
]


def plan_xlsx(version: PlanVersion) -> bytes:
    """Phụ lục: one row per item and funding source, a subtotal per item, a grand total; a
    second sheet by funding source. Money as integer cells (format #,##0)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from config.spreadsheets import append_row

    figures = plan_execution(version)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBEE")
    wb = Workbook()
    ws = wb.active
    ws.title = "Kinh phí theo nội dung"
    append_row(ws, [f"Phụ lục: Kinh phí thực hiện kế hoạch SXSH năm {version.plan.year}"])
    ws["A1"].font = Font(bold=True, size=13)
    append_row(ws, [f"Phiên bản {version.number} — {version.get_status_display()}"])
    append_row(ws, XLSX_HEADERS)
    for cell in ws[3]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")

    def money(m):
        return [m.planned, m.appraised, m.approved, m.actual]

    for index, row in enumerate(figures.items, start=1):
        item = row.item
        for label, m in row.sources:
            append_row(
                ws,
                [index, item.title, item.task.ref, item.lead_agency.name, item.when_label, label]
                + money(m),
            )
        append_row(ws, [index, item.title, "", "", "", "Cộng nội dung"] + money(row.money))
        for cell in ws[ws.max_row]:
            cell.font = bold
    append_row(ws, ["", "TỔNG CỘNG", "", "", "", ""] + money(figures.total))
    for cell in ws[ws.max_row]:
        cell.font = bold
    widths = [6, 50, 10, 32, 12, 24, 16, 16, 16, 16]
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for row_cells in ws.iter_rows(min_row=4, min_col=7, max_col=10):
        for cell in row_cells:
            cell.number_format = "#,##0"
    ws.freeze_panes = "A4"

    by_source = wb.create_sheet("Theo nguồn")
    append_row(by_source, ["Nguồn kinh phí"] + XLSX_HEADERS[6:])
    for cell in by_source[1]:
        cell.font, cell.fill = bold, fill
    for row in figures.by_source:
        append_row(by_source, [row.label] + money(row.money))
    append_row(by_source, ["TỔNG CỘNG"] + money(figures.total))
    for cell in by_source[by_source.max_row]:
        cell.font = bold
    by_source.column_dimensions["A"].width = 28
    for col in "BCDE":
        by_source.column_dimensions[col].width = 18
    for row_cells in by_source.iter_rows(min_row=2, min_col=2, max_col=5):
        for cell in row_cells:
            cell.number_format = "#,##0"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


RENDERERS = {"pdf": plan_pdf, "docx": plan_docx, "xlsx": plan_xlsx}


def render(version: PlanVersion, fmt: str) -> bytes:
    return RENDERERS[fmt](version)


def filename(version: PlanVersion) -> str:
    return slugify(f"ke-hoach-sxsh-{version.plan.year}-phien-ban-{version.number}")
