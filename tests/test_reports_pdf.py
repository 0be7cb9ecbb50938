"""The official-format PDF (NĐ 30/2020), XLSX annexes and the export_report command."""

import datetime as dt
import io
import re

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.models import Agency
from reports import pdf, workflow, xlsx
from reports.consolidated import consolidated_get_or_create, consolidated_update
from reports.models import ConsolidatedReport
from tests.factories_reports import ReportingPeriodFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "day,expected",
    [
        (dt.date(2026, 3, 5), "ngày 05 tháng 3 năm 2026"),
        (dt.date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (dt.date(2026, 2, 28), "ngày 28 tháng 02 năm 2026"),
        (dt.date(2025, 12, 15), "ngày 15 tháng 12 năm 2025"),
        (dt.date(2025, 10, 9), "ngày 09 tháng 10 năm 2025"),
    ],
)
def test_vn_date_leading_zeros_for_days_1_to_9_and_months_1_2(day, expected):
    assert pdf.vn_date(day) == expected


def _text(body: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(body))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, re.sub(r"[ \t]+", " ", text)


def _fonts(reader) -> set[str]:
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


@pytest.fixture
def consolidated(agency_a, staff_a, lead_a, doit):
    period = ReportingPeriodFactory(
        key="2025",
        kind="year",
        year=2025,
        starts_on=dt.date(2024, 12, 15),
        ends_on=dt.date(2025, 12, 14),
        due_on=dt.date(2025, 12, 19),
    )
    TaskFactory(lead_agency=agency_a)
    TaskFactory(lead_agency=Agency.objects.create(name="Sở Xây dựng", kind="department"))
    report = workflow.report_get_or_create(agency=agency_a, period=period, actor=staff_a)
    report = workflow.report_update(
        report=report,
        actor=staff_a,
        version=report.version,
        results="Tổ chức 02 lớp tập huấn về sản xuất sạch hơn.",
        difficulties="",
        proposals="",
    )
    report = workflow.report_submit(report=report, actor=lead_a, version=report.version)
    workflow.report_accept(report=report, actor=doit, version=report.version)
    doc = consolidated_get_or_create(period=period, actor=doit)
    return consolidated_update(
        report=doc,
        actor=doit,
        number="125/BC-SCT",
        issued_on=dt.date(2026, 1, 5),
        summary="Năm 2025 tiếp tục triển khai chương trình.",
        difficulties="Kinh phí còn hạn chế.",
        proposals="Đề nghị bố trí kinh phí.",
        signer_name="Nguyễn Văn Bình",
    )


def test_consolidated_pdf_has_the_mandatory_parts_in_order(consolidated, settings):
    settings.PORTAL_PROVINCE = "An Giang"
    settings.PORTAL_PLACE = "An Giang"
    reader, text = _text(pdf.consolidated_pdf(report=consolidated))
    parts = [
        "UBND TỈNH AN GIANG",
        "SỞ CÔNG THƯƠNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 125/BC-SCT",
        "An Giang, ngày 05 tháng 01 năm 2026",
        "BÁO CÁO",
        "Kết quả thực hiện Chương trình sản xuất sạch hơn",
        "I. KẾT QUẢ THỰC HIỆN",
        "Sở Nông nghiệp và Môi trường",
        "Sở Xây dựng",  # did not report
        "II. KHÓ KHĂN, VƯỚNG MẮC",
        "III. ĐỀ XUẤT, KIẾN NGHỊ",
        "Nơi nhận:",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Văn Bình",
    ]
    flat = text.replace("\n", " ")
    positions = []
    for part in parts:
        # the header is two columns: pypdf may interleave their lines, so order is checked on
        # the body from the title on, and presence on the header
        assert part in flat, part
        positions.append(flat.index(part))
    body = positions[parts.index("BÁO CÁO") :]
    assert body == sorted(body)
    assert flat.index("SỞ CÔNG THƯƠNG") < flat.index("BÁO CÁO")
    assert flat.index("Số: 125/BC-SCT") < flat.index("BÁO CÁO")


def test_pdf_is_a4_with_liberation_serif_embedded(consolidated):
    reader, _ = _text(pdf.consolidated_pdf(report=consolidated))
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 595.28) <= 1 and abs(height - 841.89) <= 1
    fonts = _fonts(reader)
    assert fonts and all(
        name.startswith("/Liberation-Serif") or name.startswith("Liberation-Serif")
        for name in fonts
    ), fonts
    for page in reader.pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            descendant = ref.get_object()["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"].get_object()  # embedded


def _top_margin_texts(page) -> list[tuple[str, float]]:
    """Texts drawn in the top margin (above the 20 mm body) with their x position."""
    found = []

    def visit(text, cm, tm, font_dict, font_size):
        y = tm[5] * cm[3] + cm[5]
        x = tm[4] * cm[0] + cm[4]
        if text.strip() and y > 841.89 - 20 * 72 / 25.4:
            found.append((text.strip(), x))

    page.extract_text(visitor_text=visit)
    return found


def test_page_numbers_top_centre_from_page_two(consolidated):
    consolidated.summary = "\n".join(
        f"Đoạn nội dung số {i} của phần tình hình chung." for i in range(80)
    )
    consolidated.save()
    reader = PdfReader(io.BytesIO(pdf.consolidated_pdf(report=consolidated)))
    assert len(reader.pages) >= 3
    assert _top_margin_texts(reader.pages[0]) == []  # no number on the first page
    for number in (2, 3):
        ((text, x),) = _top_margin_texts(reader.pages[number - 1])
        assert text == str(number)
        # centred over the text block (left margin 30 mm, right 15 mm)
        centre = (30 + (210 - 15)) / 2 * 72 / 25.4
        assert abs(x - centre) < 15


def test_narrative_html_is_rendered_as_text_and_nothing_is_fetched(consolidated, monkeypatch):
    fetched = []
    fetcher = pdf.url_fetcher()
    original = type(fetcher).fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(type(fetcher), "fetch", spy)
    consolidated.summary = (
        '<img src=file:///etc/passwd> <link rel=stylesheet href="http://example.com/x.css">'
    )
    consolidated.save()
    _, text = _text(pdf.consolidated_pdf(report=consolidated))
    assert "<img src=file:///etc/passwd>" in text.replace("\n", " ")
    assert not [url for url in fetched if not url.startswith("data:")]


def test_url_fetcher_refuses_files_and_hosts_but_serves_static():
    fetcher = pdf.url_fetcher()
    for url in (
        "file:///etc/passwd",
        "http://example.com/a.css",
        "https://10.0.0.1/x.png",
        pdf.STATIC_BASE + "static/../../etc/passwd",
        pdf.STATIC_BASE + "etc/passwd",
    ):
        with pytest.raises(pdf.FetchRefused):
            fetcher.fetch(url)
    served = fetcher.fetch(pdf.STATIC_BASE + "static/css/pdf.css")
    assert b"@page" in served.read()


def test_a_refused_resource_is_skipped_not_fatal(monkeypatch):
    from weasyprint import HTML

    html = '<p>Văn bản</p><img src="file:///etc/passwd"><img src="http://example.com/x.png">'
    body = HTML(string=html, base_url=pdf.STATIC_BASE, url_fetcher=pdf.url_fetcher()).write_pdf()
    assert body.startswith(b"%PDF")


def test_agency_report_pdf_uses_the_agency_as_issuing_body(agency_a, staff_a, lead_a):
    period = ReportingPeriodFactory()
    report = workflow.report_get_or_create(agency=agency_a, period=period, actor=staff_a)
    report = workflow.report_update(
        report=report,
        actor=staff_a,
        version=report.version,
        results="Kết quả <script>alert(1)</script>",
        difficulties="",
        proposals="",
    )
    report = workflow.report_submit(report=report, actor=lead_a, version=report.version)
    reader, text = _text(pdf.agency_report_pdf(report=report))
    flat = text.replace("\n", " ")
    assert "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" in flat
    assert "6 tháng đầu năm 2026" in flat
    assert "<script>alert(1)</script>" in flat
    assert "Phạm Thị Hoa" in flat  # the lead who submitted signs, family name first


# --- XLSX ------------------------------------------------------------------------------------


def test_consolidated_xlsx_has_three_annexes_with_vietnamese_headers(consolidated):
    Agency.objects.filter(name="Sở Xây dựng").update(name="=cmd|' /C calc'!A0")
    wb = load_workbook(io.BytesIO(xlsx.consolidated_xlsx(period=consolidated.period)))
    assert wb.sheetnames == ["Số liệu các đơn vị", "Kết quả doanh nghiệp", "Tình hình báo cáo"]
    ws = wb["Số liệu các đơn vị"]
    assert ws["B3"].value == "Cơ quan, đơn vị" and ws["B4"].value == "Sở Nông nghiệp và Môi trường"
    [evil] = [c for c in wb["Tình hình báo cáo"]["B"] if c.value == "=cmd|' /C calc'!A0"]
    assert evil.data_type == "s" and evil.quotePrefix
    assert all(c.data_type != "f" for row in wb["Tình hình báo cáo"].iter_rows() for c in row)


# --- command ---------------------------------------------------------------------------------


def test_export_report_writes_pdf_and_xlsx(consolidated, tmp_path):
    out = tmp_path / "bc.pdf"
    call_command("export_report", "--period", "2025", "--format", "pdf", "--out", str(out))
    assert out.read_bytes().startswith(b"%PDF")
    out = tmp_path / "bc.xlsx"
    call_command("export_report", "--period", "2025", "--format", "xlsx", "--out", str(out))
    assert load_workbook(out).sheetnames[0] == "Số liệu các đơn vị"


def test_export_report_unknown_period_fails_with_a_clear_message(tmp_path):
    with pytest.raises(CommandError, match="Không có kỳ báo cáo “2099”"):
        call_command(
            "export_report", "--period", "2099", "--format", "pdf", "--out", str(tmp_path / "x.pdf")
        )
    assert not (tmp_path / "x.pdf").exists()


def test_export_report_exit_code_is_non_zero(tmp_path, capsys):
    """Run as from the shell (``run_from_argv``): a CommandError becomes exit status 1."""
    from django.core.management import ManagementUtility

    argv = ["manage.py", "export_report", "--period", "2099", "--format", "xlsx"]
    argv += ["--out", str(tmp_path / "x.xlsx")]
    with pytest.raises(SystemExit) as excinfo:
        ManagementUtility(argv).execute()
    assert excinfo.value.code == 1
    assert "Không có kỳ báo cáo" in capsys.readouterr().err


def test_consolidated_without_document_still_previews(doit):
    period = ReportingPeriodFactory()
    body = pdf.consolidated_pdf(report=ConsolidatedReport(period=period))
    assert body.startswith(b"%PDF")


@pytest.mark.parametrize(
    "position,lines",
    [
        ("Phó Giám đốc Sở", ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]),
        ("Phó Trưởng ban", ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]),
        ("Giám đốc", ["GIÁM ĐỐC"]),
        ("", ["THỦ TRƯỞNG ĐƠN VỊ"]),
    ],
)
def test_signer_lines_for_deputies_sign_on_behalf(position, lines):
    assert pdf.signer_lines(position) == lines


# --- size caps (the body summarises, long lists go to the XLSX annexes) ----------------------


def _applying_enterprises(count: int) -> None:
    from enterprises.choices import OptionStatus
    from tests.factories_enterprises import AssessmentFactory, OptionFactory

    for n in range(1, count + 1):
        OptionFactory(
            assessment=AssessmentFactory(enterprise__name=f"Cơ sở thử số {n:02d}"),
            status=OptionStatus.IMPLEMENTED,
            implemented_on=dt.date(2025, 6, 1),
            annual_saving_vnd=n * 1_000_000,
        )


def test_pdf_lists_the_30_largest_savings_and_points_to_the_annex_for_the_rest(consolidated):
    _applying_enterprises(40)
    _, text = _text(pdf.consolidated_pdf(report=consolidated))
    flat = text.replace("\n", " ")
    assert "Danh sách đầy đủ 40 cơ sở tại Phụ lục (tệp XLSX kèm theo)." in flat
    listed = [n for n in range(1, 41) if f"Cơ sở thử số {n:02d}" in flat]
    assert listed == list(range(11, 41))  # the 30 largest annual savings
    order = [flat.index(f"Cơ sở thử số {n:02d}") for n in (40, 39, 11)]
    assert order == sorted(order)  # largest first
    # the annex still has every enterprise
    wb = load_workbook(io.BytesIO(xlsx.consolidated_xlsx(period=consolidated.period)))
    names = {c.value for c in wb["Kết quả doanh nghiệp"]["B"]}
    assert {f"Cơ sở thử số {n:02d}" for n in range(1, 41)} <= names


def test_pdf_lists_every_enterprise_when_there_are_30_or_fewer(consolidated):
    _applying_enterprises(30)
    _, text = _text(pdf.consolidated_pdf(report=consolidated))
    flat = text.replace("\n", " ")
    assert all(f"Cơ sở thử số {n:02d}" in flat for n in range(1, 31))
    assert "Danh sách đầy đủ" not in flat


def test_agency_narratives_are_quoted_shortened_and_only_when_written(consolidated):
    from reports.models import AgencyReport

    AgencyReport.objects.filter(pk__in=AgencyReport.objects.accepted()).update(
        results="Tổ chức tập huấn cho doanh nghiệp. " * 40
    )
    _, text = _text(pdf.consolidated_pdf(report=consolidated))
    flat = " ".join(text.split())
    assert "Sở Nông nghiệp và Môi trường: Tổ chức tập huấn" in flat
    assert flat.count("Tổ chức tập huấn cho doanh nghiệp") < 20
    assert "…" in flat
    AgencyReport.objects.update(results="")
    _, text = _text(pdf.consolidated_pdf(report=consolidated))
    assert "Kết quả nổi bật" not in text and "(không có nội dung)" not in text


def test_shorten_cuts_at_a_word_with_an_ellipsis():
    assert pdf.shorten("  Một   dòng\nngắn ") == "Một dòng ngắn"
    long = "lớp tập huấn " * 100
    cut = pdf.shorten(long, 50)
    assert cut.endswith("…") and len(cut) <= 50 and long.startswith(cut[:-1])
    assert not cut[:-1].endswith(" ")
