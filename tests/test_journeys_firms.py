"""The enterprise's journey in headless Chromium: it reports an implemented option with
evidence, submits its annual report, DOIT returns it with a comment, the enterprise fixes and
resubmits, DOIT accepts — and the provincial dashboard's count of facilities applying SXSH
moves by one (a self-reported figure counts only once accepted)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import PDF_BYTES

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _applying(page) -> str:
    page.goto(page.base + reverse("home"))
    stat = page.locator(".stat", has_text="Cơ sở áp dụng SXSH").locator(".value")
    return stat.inner_text().strip()


def test_journey_enterprise_reports_doit_returns_then_accepts(
    page_for, shot, firm, firm_company, doit, tmp_path
):
    from programs.periods import periods_generate
    from tests.factories import AssessmentFactory

    today = dt.date.today()
    periods_generate(year=today.year)
    AssessmentFactory(enterprise=firm_company, baseline_energy_kwh=Decimal("250"))
    reviewer = page_for(doit)
    before = _applying(reviewer)
    assert before == "0"

    # the enterprise reports an implemented option, with evidence
    page = page_for(firm)
    page.goto(page.base + reverse("firms:options"))
    shot(page, "options")
    page.get_by_role("link", name="Thêm giải pháp").click()
    page.get_by_label("Nhóm giải pháp").select_option("equipment_modification")
    page.get_by_label("Mô tả giải pháp").fill("Thay động cơ máy nén bằng động cơ IE3 có biến tần")
    page.get_by_label("Tình trạng").select_option("implemented")
    page.get_by_label("Ngày thực hiện").fill((today - dt.timedelta(days=20)).isoformat())
    page.get_by_label("Chi phí đầu tư (đồng)").fill("350000000")
    page.get_by_label("Lợi ích hằng năm (đồng)").fill("180000000")
    page.get_by_label("Năng lượng hiện nay (kWh/đơn vị SP)").fill("220")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("chờ Sở Công Thương thẩm tra")
    evidence = tmp_path / "bien-ban-nghiem-thu.pdf"
    evidence.write_bytes(PDF_BYTES)
    page.locator("input[type=file]").set_input_files(str(evidence))
    page.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_role("link", name="bien-ban-nghiem-thu.pdf")).to_be_visible()
    shot(page, "option-with-evidence")

    # it submits its annual report, pre-filled with the option
    page.get_by_role("link", name="Báo cáo năm").click()
    page.get_by_role("button", name="Lập báo cáo năm").click()
    expect(page.locator("body")).to_contain_text("Thay động cơ máy nén")
    page.get_by_label("Kết quả áp dụng SXSH trong năm").fill("Đã thay động cơ máy nén.")
    page.get_by_role("button", name="Gửi Sở Công Thương").click()
    expect(page.locator(".messages")).to_contain_text("Đã gửi báo cáo")
    shot(page, "submitted")
    assert _applying(reviewer) == before  # waiting: not counted yet

    # DOIT returns it with a comment
    reviewer.goto(reviewer.base + reverse("firms:review_queue"))
    reviewer.get_by_role("link", name=firm_company.name).click()
    expect(reviewer.locator("body")).to_contain_text("Tự báo cáo, chờ thẩm tra")
    reviewer.get_by_label("Ý kiến của Sở Công Thương").fill("Bổ sung số kWh tiết kiệm theo tháng.")
    shot(reviewer, "review")
    reviewer.get_by_role("button", name="Trả lại kèm ý kiến").click()
    expect(reviewer.locator(".messages")).to_contain_text("Đã trả lại")

    # the enterprise reads the comment, fixes and resubmits
    page.reload()
    expect(page.locator("body")).to_contain_text("Bổ sung số kWh tiết kiệm theo tháng.")
    page.get_by_label("Kết quả áp dụng SXSH trong năm").fill(
        "Đã thay động cơ máy nén; điện năng giảm từ 250 xuống 220 kWh/tấn (tháng 6–11)."
    )
    shot(page, "returned")
    page.get_by_role("button", name="Gửi lại Sở Công Thương").click()
    expect(page.locator(".messages")).to_contain_text("Đã gửi báo cáo")

    # DOIT accepts: the figure is verified and the dashboard counts the facility
    reviewer.goto(reviewer.base + reverse("firms:review_queue"))
    reviewer.get_by_role("link", name=firm_company.name).click()
    reviewer.get_by_role("button", name="Tiếp nhận, xác nhận số liệu").click()
    expect(reviewer.locator(".messages")).to_contain_text("Đã tiếp nhận báo cáo")
    after = _applying(reviewer)
    shot(reviewer, "dashboard-after")
    assert int(after) == int(before) + 1
    page.goto(page.base + reverse("firms:options"))
    expect(page.locator("body")).to_contain_text("Tự báo cáo, đã thẩm tra")
