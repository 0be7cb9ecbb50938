"""Browser journey: an agency officer logs progress on a task (htmx) and sees it in the history."""

import os
from pathlib import Path

import pytest

from tests.factories_tasks import TaskFactory, make_periods

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


@pytest.fixture(scope="session")
def media_url_for_live_server():
    """Django's live server cannot start with MEDIA_URL = None (uploads are never served from a
    URL in the portal); give it a prefix no route answers, before the (session) server starts."""
    from django.conf import settings

    previous = settings.MEDIA_URL
    settings.MEDIA_URL = "/_media-not-served/"
    yield
    settings.MEDIA_URL = previous


@pytest.fixture
def role_groups(transactional_db):
    """A transactional test may run after another one flushed the migration-made groups."""
    from django.contrib.auth.models import Group

    from accounts.roles import Role

    for role in Role.values:
        Group.objects.get_or_create(name=role)


@pytest.fixture
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Chromium is not installed")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.mark.django_db(transaction=True)
def test_officer_logs_progress_without_reloading_the_page(
    media_url_for_live_server, role_groups, live_server, browser, staff_a
):
    make_periods()
    task = TaskFactory(lead_agency=staff_a.agency, text="Tổ chức tập huấn SXSH cho doanh nghiệp.")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width, height, tag in ((1366, 900, "desktop"), (390, 844, "phone")):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(live_server.url + "/")
        page.fill("input[name=username]", staff_a.username)
        page.fill("input[name=password]", "Mat-khau-thu-2026")
        page.click("button[type=submit]")
        page.goto(f"{live_server.url}/nhiem-vu/{task.pk}/")
        page.evaluate("window.__marker = 1")  # survives only if the page is not reloaded
        if not page.locator("#tien-do details").evaluate("d => d.open"):
            page.click("#tien-do summary")
        page.fill("#tien-do input[name=percent]", "45")
        page.fill("#tien-do textarea[name=narrative]", f"Đã tổ chức lớp tập huấn ({tag}).")
        page.click("#tien-do button[type=submit]")
        page.wait_for_selector(f"text=Đã tổ chức lớp tập huấn ({tag}).")
        assert page.evaluate("window.__marker") == 1
        assert "Đang thực hiện · 45%" in page.inner_text("#task-status")
        page.screenshot(path=str(ARTIFACTS / f"task-progress-{tag}.png"), full_page=True)
        context.close()
