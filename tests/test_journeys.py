"""The five main journeys in headless Chromium (Playwright), with screenshots.

Run with the rest of the suite (marker ``browser``); screenshots land in
``test-artifacts/journeys/``. Selectors are the Vietnamese labels, roles and button texts users
see, so a journey breaks when the page a person uses breaks.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser import ARTIFACTS
from tests.factories_bench import PDF_BYTES

# serialized_rollback restores reference data from migrations after a flush; the roles and the
# default regime are also re-made by conftest's _migration_data.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parent.parent


SEED = ROOT / "fixtures" / "seeds" / "an-giang-ct-11-2012.md"


def url(page, name, *args, **kwargs):
    return page.base + reverse(name, args=args or None, kwargs=kwargs or None)


def _periods():
    from programs.periods import periods_generate

    return {p.key: p for p in periods_generate(year=dt.date.today().year)}


def _task_of(agency):
    from assignments.models import Task
    from programs.models import LegalDocument

    document = LegalDocument.objects.create(
        kind="chi_thi",
        number="11/2026/CT-UBND",
        title="Về việc đẩy mạnh sản xuất sạch hơn trong công nghiệp",
        issuer="UBND tỉnh",
        signed_on=dt.date(2026, 1, 5),
    )
    return Task.objects.create(
        document=document,
        ref="1.a",
        text="Tuyên truyền, phổ biến sản xuất sạch hơn cho cơ sở sản xuất công nghiệp.",
        lead_agency=agency,
        recurrence="semiannual",
    )


# --- 1 -----------------------------------------------------------------------------------------


def test_journey_1_admin_loads_a_seed_directive_through_the_preview(page_for, shot, admin_user):
    from programs.models import LegalDocument

    page = page_for(admin_user)
    page.goto(page.base + reverse("admin:programs_legaldocument_import"))
    shot(page, "source")
    page.locator("input[type=file]").set_input_files(str(SEED))
    page.get_by_role("button", name="Đọc văn bản và xem trước").click()
    expect(page.get_by_role("button", name="Lưu văn bản")).to_be_visible()
    shot(page, "preview")
    expect(page.locator("input[value^='11/2012']")).to_have_count(1)
    page.get_by_role("button", name="Lưu văn bản").click()
    expect(page.locator("body")).to_contain_text("Đã nạp")
    shot(page, "saved")
    document = LegalDocument.objects.get(number__startswith="11/2012")
    assert document.tasks.count() > 0


# --- 2 -----------------------------------------------------------------------------------------


def test_journey_2_staff_log_progress_and_an_activity_then_the_lead_submits(
    page_for, shot, staff_a, lead_a, agency_a, tmp_path
):
    from assignments.models import Activity, Evidence, ProgressUpdate
    from reports.models import AgencyReport

    periods = _periods()
    task = _task_of(agency_a)
    evidence = tmp_path / "bien-ban-tap-huan.pdf"
    evidence.write_bytes(PDF_BYTES)

    page = page_for(staff_a)
    page.goto(url(page, "assignments:task_detail", task.pk))
    shot(page, "task")
    form = page.locator("form.progress-form")
    if not form.is_visible():
        page.get_by_text("Cập nhật tiến độ").click()
    form.get_by_label("Tình trạng").select_option(label="Đang thực hiện")
    form.get_by_label("Tỷ lệ hoàn thành (%)").fill("60")
    form.get_by_label("Nội dung đã thực hiện").fill(
        "Đã tổ chức 2 lớp tập huấn cho 60 doanh nghiệp."
    )
    form.locator("input[type=file]").set_input_files(str(evidence))
    form.get_by_role("button", name="Lưu tiến độ").click()
    expect(page.locator("#tien-do")).to_contain_text("Đã tổ chức 2 lớp tập huấn")
    shot(page, "progress-saved")
    update = ProgressUpdate.objects.get(task=task)
    assert update.percent == 60 and update.author == staff_a
    assert Evidence.objects.filter(progress=update, content_type="application/pdf").exists()

    page.get_by_text("Ghi nhận hoạt động").click()
    activity = page.locator("form.activity-form")
    activity.get_by_label("Loại hoạt động").select_option(label="Lớp tập huấn, đào tạo")
    activity.get_by_label("Tên hoạt động").fill("Tập huấn sản xuất sạch hơn 2026")
    activity.get_by_label("Ngày thực hiện").fill(f"{dt.date.today().year}-07-10")
    activity.get_by_label("Số người tham dự").fill("60")
    activity.get_by_role("button", name="Lưu hoạt động").click()
    expect(page.locator("body")).to_contain_text("Tập huấn sản xuất sạch hơn 2026")
    shot(page, "activity-saved")
    assert Activity.objects.filter(agency=agency_a, task=task).count() == 1

    lead = page_for(lead_a)
    lead.goto(url(lead, "reports:index"))
    period = next(p for p in periods.values() if p.kind == "h2")
    lead.get_by_role("button", name=re.compile(period.label)).click()
    expect(lead.get_by_role("link", name="Sửa nội dung")).to_be_visible()
    shot(lead, "report-draft")
    lead.get_by_role("link", name="Sửa nội dung").click()
    lead.get_by_label("Kết quả đạt được").fill("Đơn vị đã hoàn thành 60% nhiệm vụ 1.a.")
    lead.get_by_role("button", name="Lưu", exact=True).click()
    lead.get_by_role("link", name="Gửi báo cáo").click()
    shot(lead, "submit-confirm")
    lead.get_by_role("button", name="Gửi báo cáo").click()
    expect(lead.locator("body")).to_contain_text("Đã gửi")
    shot(lead, "submitted")
    report = AgencyReport.objects.get(agency=agency_a, period=period)
    assert report.status == "submitted" and report.submitted_by == lead_a


# --- 3 -----------------------------------------------------------------------------------------


def test_journey_3_reviewer_returns_agency_resubmits_reviewer_accepts_then_locked(
    page_for, shot, doit, lead_a, agency_a
):
    from reports.models import AgencyReport, ReportTransition
    from reports.workflow import report_get_or_create, report_submit

    periods = _periods()
    period = next(p for p in periods.values() if p.kind == "h1")
    _task_of(agency_a)
    report = report_get_or_create(agency=agency_a, period=period, actor=lead_a)
    report.results = "Kết quả ban đầu."
    report.save()
    report_submit(report=report, actor=lead_a, version=report.version)

    reviewer = page_for(doit)
    reviewer.goto(url(reviewer, "reports:report_detail", report.pk))
    shot(reviewer, "to-review")
    reviewer.get_by_role("link", name="Trả lại").click()
    reviewer.get_by_label(re.compile("Ý kiến")).fill("Đề nghị bổ sung số liệu lớp tập huấn.")
    reviewer.get_by_role("button", name="Trả lại").click()
    expect(reviewer.locator("body")).to_contain_text("Trả lại")
    shot(reviewer, "returned")

    agency = page_for(lead_a)
    agency.goto(url(agency, "reports:report_detail", report.pk))
    expect(agency.locator("body")).to_contain_text("Đề nghị bổ sung số liệu lớp tập huấn.")
    agency.get_by_role("link", name="Sửa nội dung").click()
    agency.get_by_label("Kết quả đạt được").fill("Đã bổ sung: 2 lớp tập huấn, 60 học viên.")
    agency.get_by_role("button", name="Lưu", exact=True).click()
    agency.get_by_role("link", name="Gửi báo cáo").click()
    agency.get_by_role("button", name="Gửi báo cáo").click()
    expect(agency.locator("body")).to_contain_text("Đã gửi")
    shot(agency, "resubmitted")

    reviewer.goto(url(reviewer, "reports:report_detail", report.pk))
    reviewer.get_by_role("link", name="Tiếp nhận").click()
    reviewer.get_by_role("button", name=re.compile("Tiếp nhận")).click()
    expect(reviewer.locator("body")).to_contain_text("Đã tiếp nhận")
    shot(reviewer, "accepted")

    report.refresh_from_db()
    assert report.status == "accepted" and report.accepted_by == doit
    steps = list(ReportTransition.objects.filter(report=report).values_list("to_status", flat=True))
    assert steps == ["submitted", "returned", "submitted", "accepted"]
    agency.goto(url(agency, "reports:report_detail", report.pk))
    expect(agency.get_by_role("link", name="Sửa nội dung")).to_have_count(0)
    expect(agency.get_by_role("link", name="Gửi báo cáo")).to_have_count(0)
    shot(agency, "read-only")
    agency.goto(url(agency, "reports:report_edit", report.pk))
    assert AgencyReport.objects.get(pk=report.pk).results.startswith("Đã bổ sung")
    expect(agency.get_by_label("Kết quả đạt được")).to_have_count(0)


# --- 4 -----------------------------------------------------------------------------------------


def _registry_file(path: Path, bad_code: str) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Mã số thuế", "Tên cơ sở", "Địa chỉ", "Số lao động", "Có tiềm năng SXSH"])
    sheet.append(
        ["0100233488", "Công ty TNHH Chế biến Thủy sản Long Xuyên", "Phường Long Xuyên", 120, "Có"]
    )
    sheet.append([bad_code, "Công ty Cổ phần Xay xát Châu Đốc", "Phường Châu Đốc", 45, "Không"])
    sheet.append(["3000012265", "Hợp tác xã Gạch ngói Bình Hòa", "Xã Bình Hòa", 30, "Có"])
    workbook.save(path)
    return path


def test_journey_4_doit_imports_a_spreadsheet_fixes_the_bad_row_and_imports(
    page_for, shot, doit, tmp_path
):
    from enterprises.models import Enterprise

    page = page_for(doit)
    page.goto(url(page, "enterprises:import_upload"))
    shot(page, "upload")
    bad = _registry_file(tmp_path / "danh-sach-co-so.xlsx", "0100233489")  # wrong check digit
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_role("button", name="Kiểm tra và xem trước").click()
    errors = page.locator("table.import-errors")
    expect(errors).to_contain_text("Mã số thuế")
    expect(errors.locator("tbody tr")).to_have_count(1)
    expect(errors.locator("tbody tr").first).to_contain_text("3")  # the spreadsheet row
    expect(page.get_by_role("button", name="Xác nhận ghi dữ liệu")).to_have_count(0)
    shot(page, "bad-row")
    assert Enterprise.objects.count() == 0

    page.goto(url(page, "enterprises:import_upload"))
    good = _registry_file(tmp_path / "danh-sach-co-so-da-sua.xlsx", "3000012258")
    page.locator("input[type=file]").set_input_files(str(good))
    page.get_by_role("button", name="Kiểm tra và xem trước").click()
    expect(page.get_by_role("button", name="Xác nhận ghi dữ liệu")).to_be_visible()
    shot(page, "preview-ok")
    page.get_by_role("button", name="Xác nhận ghi dữ liệu").click()
    expect(page.locator("body")).to_contain_text("3")
    shot(page, "imported")
    assert set(Enterprise.objects.values_list("tax_code", flat=True)) == {
        "0100233488",
        "3000012258",
        "3000012265",
    }


# --- 5 -----------------------------------------------------------------------------------------


def test_journey_5_doit_builds_the_consolidated_report_and_downloads_the_pdf(
    page_for, shot, doit, lead_a, agency_a
):
    from pypdf import PdfReader

    from reports.workflow import report_accept, report_get_or_create, report_submit

    periods = _periods()
    period = next(p for p in periods.values() if p.kind == "h1")
    _task_of(agency_a)
    report = report_get_or_create(agency=agency_a, period=period, actor=lead_a)
    report.results = "Tổ chức 2 lớp tập huấn sản xuất sạch hơn."
    report.save()
    report = report_submit(report=report, actor=lead_a, version=report.version) or report
    report.refresh_from_db()
    report_accept(report=report, actor=doit, version=report.version)

    page = page_for(doit)
    page.goto(url(page, "reports:consolidated_detail", key=period.key))
    shot(page, "period")
    page.get_by_role("link", name=re.compile("Lập báo cáo|Sửa nội dung")).click()
    page.locator("#id_number").fill("125/BC-SCT")
    page.get_by_label("Tình hình chung").fill(
        "Các đơn vị đã triển khai tích cực chương trình SXSH."
    )
    page.get_by_label("Người ký").fill("Nguyễn Văn Bình")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_role("link", name="Xuất PDF")).to_be_visible()
    shot(page, "saved")
    href = page.get_by_role("link", name="Xuất PDF").get_attribute("href")
    response = page.context.request.get(page.base + href)
    assert response.status == 200
    body = response.body()
    assert body[:4] == b"%PDF"
    (ARTIFACTS / "journey-5-bao-cao-tong-hop.pdf").write_bytes(body)
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(body)).pages)
    for expected in ("BÁO CÁO", "125/BC-SCT", "Nguyễn Văn Bình", "Sở Nông nghiệp và Môi trường"):
        assert expected in text, expected


# --- the change history page (hardening: audit) ---------------------------------------------------


def test_doit_browses_the_change_history(page_for, shot, doit, admin_user):
    from accounts.models import Agency

    agency = Agency(name="Sở Thử nghiệm Lịch sử", short_name="STNLS")
    agency._history_user = admin_user
    agency.save()
    agency.name, agency.short_name = "Sở Thử nghiệm Lịch sử (đổi tên)", "STNLS-2"
    agency.save()
    page = page_for(doit)
    page.goto(url(page, "accounts:audit"))
    expect(page.get_by_role("heading", name="Lịch sử thay đổi dữ liệu")).to_be_visible()
    shot(page, "all")
    page.get_by_label("Loại dữ liệu").select_option(label="Cơ quan, đơn vị")
    page.get_by_role("button", name="Lọc").click()
    table = page.locator("table.data")
    expect(table).to_contain_text("Sở Thử nghiệm Lịch sử (đổi tên)")
    expect(table).to_contain_text("Sửa")
    expect(table).to_contain_text("tên viết tắt")
    expect(table).to_contain_text("root")
    shot(page, "agencies")
