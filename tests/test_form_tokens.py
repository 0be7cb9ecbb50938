"""A form that creates a record saves it once, however often it is posted (``accounts.formtokens``).

Each test takes the one-time token from the page the browser would have shown, posts the form
twice as a double click or a retried request does, and checks what was saved and what the second
request was told. Simultaneous twins on a real server: ``tests/test_concurrent_writes.py``.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import FormToken
from assignments.choices import ActivityKind, FundingSource, ProgressStatus
from assignments.models import Activity, Evidence, ProgressUpdate
from reports import workflow
from reports.choices import ReportStatus
from reports.models import ReportTransition
from tests.factories_tasks import ActivityFactory, TaskFactory, make_periods

ALREADY = "Biểu mẫu này đã được gửi và lưu trước đó; hệ thống không lưu thêm lần nữa."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def token_of(page, action: str | None = None) -> str:
    """The one-time token inside the form that posts to ``action`` (default: the page's form)."""
    html = page.content.decode()
    if action:
        start = html.index(f'action="{action}"')
        html = html[start : html.index("</form>", start)]
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def periods(db):
    return make_periods()


@pytest.fixture
def task_a(periods, agency_a):
    return TaskFactory(lead_agency=agency_a, due_on=dt.date(2026, 12, 31))


def progress_payload(period, token, **extra):
    return {
        "form_token": token,
        "period": period.pk,
        "status": ProgressStatus.IN_PROGRESS,
        "percent": 40,
        "narrative": "Đã tổ chức hội nghị triển khai tại 3 khu công nghiệp.",
        **extra,
    }


def activity_payload(token, **extra):
    return {
        "form_token": token,
        "kind": ActivityKind.TRAINING,
        "title": "Tập huấn SXSH cho doanh nghiệp chế biến thủy sản",
        "held_on": "2026-03-12",
        "quantity": 1,
        "participants": 45,
        "cost_vnd": 25000000,
        "funding_source": FundingSource.KHUYEN_CONG,
        **extra,
    }


# --- progress -----------------------------------------------------------------------------------


def test_progress_posted_twice_is_saved_once_and_the_second_post_is_told_so(
    client_for, staff_a, task_a, periods
):
    c = client_for(staff_a)
    page_url = reverse("assignments:task_detail", args=[task_a.pk])
    post_url = reverse("assignments:progress_create", args=[task_a.pk])
    token = token_of(c.get(page_url), post_url)
    data = progress_payload(periods["2026-H1"], token)

    first = c.post(post_url, data)
    second = c.post(post_url, data, follow=True)

    assert first.status_code == 302 and first["Location"] == f"{page_url}#tien-do"
    assert second.redirect_chain == [(f"{page_url}#tien-do", 302)]
    assert ALREADY in messages_of(second)
    assert ProgressUpdate.objects.filter(task=task_a).count() == 1
    assert FormToken.objects.get(token=token).user == staff_a


def test_progress_posted_twice_through_htmx_sends_the_second_to_the_task_page(
    client_for, staff_a, task_a, periods
):
    c = client_for(staff_a)
    page_url = reverse("assignments:task_detail", args=[task_a.pk])
    post_url = reverse("assignments:progress_create", args=[task_a.pk])
    token = token_of(c.get(page_url), post_url)
    data = progress_payload(periods["2026-H1"], token)

    first = c.post(post_url, data, headers={"HX-Request": "true"})
    second = c.post(post_url, data, headers={"HX-Request": "true"})

    assert first.status_code == 200 and "Đã ghi nhận tiến độ." in first.content.decode()
    # the refreshed panel carries a new token for the next entry
    assert token_of(first, post_url) != token
    assert second.status_code == 200 and second["HX-Redirect"] == f"{page_url}#tien-do"
    assert second.content == b""
    assert ProgressUpdate.objects.filter(task=task_a).count() == 1


def test_an_invalid_post_gives_its_token_back_for_the_corrected_form(
    client_for, staff_a, task_a, periods
):
    c = client_for(staff_a)
    post_url = reverse("assignments:progress_create", args=[task_a.pk])
    token = token_of(c.get(reverse("assignments:task_detail", args=[task_a.pk])), post_url)

    refused = c.post(post_url, progress_payload(periods["2026-H1"], token, percent=140))
    assert refused.status_code == 400
    assert ProgressUpdate.objects.count() == 0
    assert not FormToken.objects.exists()

    saved = c.post(post_url, progress_payload(periods["2026-H1"], token))
    assert saved.status_code == 302
    assert ProgressUpdate.objects.filter(task=task_a).count() == 1


def test_another_users_token_is_refused(client_for, staff_a, lead_a, task_a, periods):
    post_url = reverse("assignments:progress_create", args=[task_a.pk])
    c = client_for(staff_a)
    token = token_of(c.get(reverse("assignments:task_detail", args=[task_a.pk])), post_url)
    c.post(post_url, progress_payload(periods["2026-H1"], token))

    response = client_for(lead_a).post(post_url, progress_payload(periods["2026-H1"], token))

    assert response.status_code == 400
    assert ProgressUpdate.objects.filter(task=task_a).count() == 1


def test_a_post_without_a_token_is_processed_as_before(client_for, staff_a, task_a, periods):
    post_url = reverse("assignments:progress_create", args=[task_a.pk])
    data = progress_payload(periods["2026-H1"], "")
    c = client_for(staff_a)
    assert c.post(post_url, data).status_code == 302
    assert c.post(post_url, data).status_code == 302
    assert ProgressUpdate.objects.filter(task=task_a).count() == 2
    assert not FormToken.objects.exists()


# --- activities and evidence --------------------------------------------------------------------


def test_activity_from_the_task_page_posted_twice_is_saved_once(client_for, staff_a, task_a):
    c = client_for(staff_a)
    page_url = reverse("assignments:task_detail", args=[task_a.pk])
    post_url = reverse("assignments:task_activity_create", args=[task_a.pk])
    data = activity_payload(token_of(c.get(page_url), post_url))

    c.post(post_url, data)
    second = c.post(post_url, data, follow=True)

    assert second.redirect_chain == [(f"{page_url}#hoat-dong", 302)]
    assert ALREADY in messages_of(second)
    assert Activity.objects.filter(task=task_a).count() == 1


def test_activity_form_posted_twice_sends_the_second_to_the_saved_activity(
    client_for, staff_a, task_a
):
    c = client_for(staff_a)
    form_url = reverse("assignments:activity_create")
    data = activity_payload(token_of(c.get(form_url)), task=task_a.pk)

    first = c.post(form_url, data)
    second = c.post(form_url, data, follow=True)

    (activity,) = Activity.objects.filter(agency=staff_a.agency)
    shown = reverse("assignments:activity_detail", args=[activity.pk])
    assert first["Location"] == shown
    assert second.redirect_chain == [(shown, 302)]
    assert ALREADY in messages_of(second)


def test_evidence_posted_twice_is_attached_once(client_for, staff_a, task_a):
    activity = ActivityFactory(agency=staff_a.agency, task=task_a, author=staff_a)
    c = client_for(staff_a)
    shown = reverse("assignments:activity_detail", args=[activity.pk])
    post_url = reverse("assignments:activity_evidence_add", args=[activity.pk])
    token = token_of(c.get(shown), post_url)

    def post():
        upload = SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")
        return c.post(post_url, {"form_token": token, "files": upload}, follow=True)

    post()
    second = post()

    assert second.redirect_chain == [(shown, 302)]
    assert ALREADY in messages_of(second)
    assert Evidence.objects.filter(activity=activity).count() == 1


# --- report actions -----------------------------------------------------------------------------


@pytest.fixture
def report_a(agency_a, periods, staff_a):
    report = workflow.report_get_or_create(
        agency=agency_a, period=periods["2026-H1"], actor=staff_a
    )
    return workflow.report_update(
        report=report,
        actor=staff_a,
        version=report.version,
        results="Đã tổ chức lớp tập huấn.",
        difficulties="",
        proposals="",
    )


def test_report_submitted_twice_moves_once_and_the_second_is_told_so(client_for, lead_a, report_a):
    c = client_for(lead_a)
    action_url = reverse("reports:report_action", args=[report_a.pk, "submit"])
    page = c.get(action_url)
    data = {"form_token": token_of(page), "version": report_a.version, "comment": ""}

    first = c.post(action_url, data, follow=True)
    second = c.post(action_url, data, follow=True)

    detail = reverse("reports:report_detail", args=[report_a.pk])
    assert "Đã thực hiện: Gửi báo cáo đến Sở Công Thương." in messages_of(first)
    assert second.redirect_chain == [(detail, 302)]
    assert messages_of(second) == [ALREADY]  # not "someone else updated the report"
    report_a.refresh_from_db()
    assert report_a.status == ReportStatus.SUBMITTED
    assert ReportTransition.objects.filter(report=report_a).count() == 1


def test_report_adjustment_posted_twice_is_applied_once(client_for, staff_a, report_a):
    c = client_for(staff_a)
    detail = reverse("reports:report_detail", args=[report_a.pk])
    adjust_url = reverse("reports:report_adjust", args=[report_a.pk])
    data = {
        "form_token": token_of(c.get(detail), adjust_url),
        "version": report_a.version,
        "key": "trainings",
        "value": 3,
        "reason": "Bổ sung lớp tập huấn ở xã.",
    }

    assert messages_of(c.post(adjust_url, data, follow=True)) == ["Đã điều chỉnh số liệu."]
    second = c.post(adjust_url, data, follow=True)

    assert messages_of(second) == [ALREADY]
    report_a.refresh_from_db()
    assert report_a.adjustments["trainings"]["value"] == 3
    assert report_a.version == 3  # created, narrative, one adjustment
