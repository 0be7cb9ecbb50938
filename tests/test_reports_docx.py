"""The consolidated report as .docx beside its PDF: ND 30 layout, the same content as the PDF."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from reports import pdf
from reports.consolidated_content import consolidated_document, consolidated_docx
from reports.models import ConsolidatedReport
from tests.factories import PeriodFactory
from tests.nd30 import assert_nd30, text_of
from tests.test_reports_pdf import consolidated  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_docx_follows_nd30_with_the_report_particulars(consolidated, settings):  # noqa: F811
    settings.PORTAL_PROVINCE = "An Giang"
    settings.PORTAL_PLACE = "An Giang"
    doc = assert_nd30(
        consolidated_docx(report=consolidated),
        kind="BÁO CÁO",
        number="125/BC-SCT",
        signer="Nguyễn Văn Bình",
    )
    text = text_of(doc)
    assert "UBND TỈNH AN GIANG\nSỞ CÔNG THƯƠNG" in text
    assert "An Giang, ngày 05 tháng 01 năm 2026" in text
    assert "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC" in text
    assert "- Bộ Công Thương (b/c);" in text
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["I. KẾT QUẢ THỰC HIỆN", "1. Tình hình chung"]
    assert "II. KHÓ KHĂN, VƯỚNG MẮC" in headings and "III. ĐỀ XUẤT, KIẾN NGHỊ" in headings


def test_docx_says_what_the_pdf_says(consolidated):  # noqa: F811
    docx_text = _flat(text_of(assert_nd30(consolidated_docx(report=consolidated))))
    reader = PdfReader(io.BytesIO(pdf.consolidated_pdf(report=consolidated)))
    pdf_text = _flat(" ".join(page.extract_text() or "" for page in reader.pages))
    document = consolidated_document(report=consolidated)
    checked = 0
    for block in document.blocks:
        if block.kind == "para" and len(block.text) > 20:
            # both files carry every paragraph of the one content structure
            assert _flat(block.lead + block.text) in docx_text
            assert _flat(block.text)[:40] in pdf_text
            checked += 1
        if block.kind == "table":
            for row in block.rows:
                assert row[1] in docx_text and row[1][:20] in pdf_text
    assert checked >= 5
    for part in (
        "Năm 2025 tiếp tục triển khai chương trình.",
        "Kinh phí còn hạn chế.",
        "Đề nghị bố trí kinh phí.",
        "Sở Xây dựng",
        "Sở Nông nghiệp và Môi trường",
    ):
        assert part in docx_text and part in pdf_text


def test_consolidated_page_offers_the_docx_and_the_view_sends_it(client, consolidated, doit):  # noqa: F811
    client.force_login(doit)
    page = client.get(reverse("reports:consolidated_detail", args=["2025"]))
    url = reverse("reports:consolidated_docx", args=["2025"])
    assert page.status_code == 200 and url.encode() in page.content
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert 'filename="bao-cao-tong-hop-2025.docx"' in response["Content-Disposition"]
    assert "Nguyễn Văn Bình" in text_of(assert_nd30(response.content))


def test_consolidated_docx_forbidden_to_agency_staff(client, consolidated, staff_a):  # noqa: F811
    client.force_login(staff_a)
    assert client.get(reverse("reports:consolidated_docx", args=["2025"])).status_code == 404


def test_export_report_writes_docx(consolidated, tmp_path):  # noqa: F811
    out = tmp_path / "bc.docx"
    call_command("export_report", "--period", "2025", "--format", "docx", "--out", str(out))
    assert "125/BC-SCT" in text_of(assert_nd30(out.read_bytes(), number="125/BC-SCT"))


def test_docx_without_a_document_leaves_number_and_signer_blank(doit):
    period = PeriodFactory()
    doc = assert_nd30(consolidated_docx(report=ConsolidatedReport(period=period)), kind="BÁO CÁO")
    text = text_of(doc)
    assert "/BC-SCT" in text and "(Chưa có nội dung.)" in text


def test_docx_carries_the_indicator_chart_as_png(consolidated):  # noqa: F811
    from programs.choices import IndicatorComputation
    from tests.factories import IndicatorFactory, TargetFactory

    bare = assert_nd30(consolidated_docx(report=consolidated))
    assert len(bare.inline_shapes) == 0  # no indicator, no chart
    indicator = IndicatorFactory(computation=IndicatorComputation.SHARE_APPLYING, unit="%")
    TargetFactory(indicator=indicator, value_min=50, milestone_year=2030)
    doc = assert_nd30(consolidated_docx(report=consolidated))
    assert len(doc.inline_shapes) == 1
    assert doc.inline_shapes[0].width > 0
    assert "Biểu đồ: chỉ tiêu tính theo % so với mục tiêu" in text_of(doc)
    assert indicator.name in text_of(doc)
