"""Browser journey: an agency officer logs progress on a task over htmx (no page reload) and the
history and status update in place — at desktop and phone width. Screenshots in test-artifacts/."""

import pytest

from tests.factories import TaskFactory, make_periods

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize(("width", "height", "tag"), [(1366, 900, "desktop"), (390, 844, "phone")])
def test_officer_logs_progress_without_reloading_the_page(
    page_for, shot, staff_a, width, height, tag
):
    make_periods()
    task = TaskFactory(lead_agency=staff_a.agency, text="Tổ chức tập huấn SXSH cho doanh nghiệp.")
    page = page_for(staff_a)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{page.base}/nhiem-vu/{task.pk}/")
    page.evaluate("window.__marker = 1")  # survives only if the page is not reloaded
    if not page.locator("#tien-do details").evaluate("d => d.open"):
        page.click("#tien-do summary")
    page.fill("#tien-do input[name=percent]", "45")
    page.fill("#tien-do textarea[name=narrative]", f"Đã tổ chức lớp tập huấn ({tag}).")
    page.click("#tien-do button[type=submit]")
    page.wait_for_selector(f"text=Đã tổ chức lớp tập huấn ({tag}).")
    assert page.evaluate("window.__marker") == 1
    assert "Đang thực hiện · 45%" in page.inner_text("#task-status")
    shot(page, f"task-progress-{tag}")
