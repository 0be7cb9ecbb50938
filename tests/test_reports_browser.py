"""Browser journey: an agency lead opens a pre-filled report, completes it and submits it; the
DOIT reviewer returns it with a comment, which the agency then sees. Screenshots kept."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone

from reports.models import AgencyReport
from tests.factories_reports import ActivityFactory, ReportingPeriodFactory, TaskFactory

pytestmark = pytest.mark.browser

ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", "test-artifacts"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
PASSWORD = "Mat-khau-thu-2026"  # tests.factories.UserFactory


@pytest.fixture(scope="session")
def live_media():
    """The live server refuses MEDIA_URL = None (uploads are never served by URL): give it a
    prefix no route answers, before the session-wide server starts."""
    from django.conf import settings

    previous = settings.MEDIA_URL
    settings.MEDIA_URL = settings.MEDIA_URL or "/_media-not-served/"
    yield
    settings.MEDIA_URL = previous


@pytest.fixture
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Chromium is not installed")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


def _login(browser, base, user, width=1366):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(base + "/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stacked button[type=submit]")
    return context, page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_lead_submits_and_reviewer_returns(live_media, live_server, browser, lead_a, doit):
    today = timezone.localdate()
    period = ReportingPeriodFactory(  # a period running today, whatever day the suite runs
        key="2099-H1",
        year=2099,
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=100),
        due_on=today + dt.timedelta(days=105),
    )
    TaskFactory(lead_agency=lead_a.agency)
    ActivityFactory(agency=lead_a.agency, held_on=today, participants=45, author=lead_a)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    context, page = _login(browser, live_server.url, lead_a)
    page.goto(live_server.url + "/bao-cao/")
    page.click(f"form[action$='/lap/{period.key}/'] button")
    page.wait_for_selector("text=Số liệu thực hiện")
    assert "45" in page.inner_text("table.data")  # participants pre-filled
    page.click("text=Sửa nội dung")
    page.fill("textarea[name=results]", "Đã tổ chức 01 lớp tập huấn cho 45 học viên.")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("text=Đã lưu nội dung báo cáo.")
    page.click("a:has-text('Gửi báo cáo')")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("text=Báo cáo đã gửi, đang chờ Sở Công Thương xem xét.")
    page.screenshot(path=str(ARTIFACTS / "report-submitted.png"), full_page=True)
    context.close()

    report = AgencyReport.objects.get(agency=lead_a.agency, period=period)
    context, page = _login(browser, live_server.url, doit)
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/")
    page.click("a:has-text('Trả lại')")
    page.fill("textarea[name=comment]", "Đề nghị bổ sung kinh phí theo nguồn.")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("text=Sở Công Thương trả lại:")
    context.close()

    context, page = _login(browser, live_server.url, lead_a, width=390)
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/")
    assert "Đề nghị bổ sung kinh phí theo nguồn." in page.inner_text(".callout")
    page.screenshot(path=str(ARTIFACTS / "report-returned-phone.png"), full_page=True)
    context.close()
    assert [t.to_status for t in report.transitions.all()] == ["submitted", "returned"]
