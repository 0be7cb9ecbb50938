"""Task and activity pages: who sees what, who may write, and bounded queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from assignments.choices import ActivityKind, FundingSource, ProgressStatus
from assignments.models import Activity, ProgressUpdate
from tests.factories import ActivityFactory, ProgressFactory, TaskFactory, make_periods
from tests.redirects import login_url


@pytest.fixture
def periods(db):
    return make_periods()


@pytest.fixture
def task_a(periods, agency_a, agency_b):
    """Led by agency A (SNNMT); no coordinators."""
    return TaskFactory(lead_agency=agency_a, due_on=dt.date(2026, 12, 31))


@pytest.fixture
def shared_task(periods, agency_a, agency_b):
    """Led by A, coordinated by B (the radio station)."""
    return TaskFactory(lead_agency=agency_a, coordinating=[agency_b])


def progress_payload(period, **extra):
    data = {
        "period": period.pk,
        "status": ProgressStatus.IN_PROGRESS,
        "percent": 40,
        "narrative": "Đã tổ chức hội nghị triển khai tại 3 khu công nghiệp.",
    }
    data.update(extra)
    return data


def activity_payload(**extra):
    data = {
        "kind": ActivityKind.TRAINING,
        "title": "Tập huấn SXSH cho doanh nghiệp chế biến thủy sản",
        "held_on": "2026-03-12",
        "location": "Long Xuyên",
        "quantity": 1,
        "participants": 45,
        "cost_vnd": 25000000,
        "funding_source": FundingSource.KHUYEN_CONG,
        "description": "",
        "enterprise_codes": "",
    }
    data.update(extra)
    return data


# --- reading -------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login(client, task_a):
    for url in (
        reverse("assignments:index"),
        reverse("assignments:task_detail", args=[task_a.pk]),
        reverse("assignments:activity_list"),
    ):
        assertRedirects(client.get(url), login_url(url))


def test_agency_sees_led_and_coordinated_tasks_marked(client_for, staff_b, task_a, shared_task):
    own = TaskFactory(lead_agency=staff_b.agency)
    response = client_for(staff_b).get(reverse("assignments:index"))
    assert response.status_code == 200
    tasks = list(response.context["object_list"])
    assert set(tasks) == {own, shared_task}
    roles = {t.pk: t.my_role for t in tasks}
    assert roles == {own.pk: "lead", shared_task.pk: "coordinating"}
    assert "Phối hợp" in response.content.decode()


def test_agency_b_gets_404_on_agency_a_task(client_for, staff_b, task_a):
    response = client_for(staff_b).get(reverse("assignments:task_detail", args=[task_a.pk]))
    assert response.status_code == 404


def test_doit_sees_every_agency_and_filters_by_agency(client_for, doit, task_a, agency_b):
    other = TaskFactory(lead_agency=agency_b)
    c = client_for(doit)
    assert set(c.get(reverse("assignments:index")).context["object_list"]) == {task_a, other}
    filtered = c.get(reverse("assignments:index"), {"agency": agency_b.pk})
    assert list(filtered.context["object_list"]) == [other]


def test_overdue_filter_and_badge(client_for, staff_a, periods, agency_a):
    late = TaskFactory(lead_agency=agency_a, due_on=dt.date(2020, 1, 1))
    TaskFactory(lead_agency=agency_a, due_on=dt.date(2099, 1, 1))
    response = client_for(staff_a).get(reverse("assignments:index"), {"timing": "overdue"})
    assert list(response.context["object_list"]) == [late]
    assert "Quá hạn" in response.content.decode()


def test_empty_state_when_agency_has_no_tasks(client_for, staff_b, periods):
    response = client_for(staff_b).get(reverse("assignments:index"))
    assert "Đơn vị chưa được giao nhiệm vụ nào" in response.content.decode()


def _count_list_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("assignments:index"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.usefixtures("no_page_cache")
def test_task_list_queries_do_not_grow_with_rows(client_for, doit, periods, agency_a, agency_b):
    c = client_for(doit)
    c.get(reverse("assignments:index"))
    for _ in range(3):
        TaskFactory(lead_agency=agency_a, coordinating=[agency_b])
    small = _count_list_queries(c)
    for i in range(30):
        task = TaskFactory(lead_agency=agency_b if i % 2 else agency_a, coordinating=[agency_a])
        ProgressFactory(task=task)
    large = _count_list_queries(c)
    # 1 session, 2 user with its agency, 3 groups (roles), 4 periods for the status rules,
    # 5 status facts of every visible task (counters, filters, urgency order and the page are
    # worked out from it in Python, so no page count and no stats aggregate), 6 the page's rows
    # (with their latest percent), 7 coordinating agencies prefetch, 8 coordinating groups
    # prefetch, 9 document choices, 10 agency choices (DOIT filter); no session save
    # (SlidingSessionMiddleware: once a minute)
    assert small == large == 10


def test_task_page_shows_history_and_forms_for_the_lead(client_for, staff_a, task_a, periods):
    ProgressFactory(task=task_a, narrative="Đã ban hành kế hoạch số 12/KH-SNNMT.")
    response = client_for(staff_a).get(reverse("assignments:task_detail", args=[task_a.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Đã ban hành kế hoạch số 12/KH-SNNMT." in body
    assert response.context["can_edit"] is True
    assert reverse("assignments:progress_create", args=[task_a.pk]) in body


def test_leader_reads_task_page_without_forms(client_for, leader, task_a):
    response = client_for(leader).get(reverse("assignments:task_detail", args=[task_a.pk]))
    assert response.status_code == 200
    assert response.context["can_edit"] is False
    assert reverse("assignments:progress_create", args=[task_a.pk]) not in response.content.decode()


# --- writing -------------------------------------------------------------------------------


def test_lead_agency_staff_logs_progress(client_for, staff_a, task_a, periods):
    url = reverse("assignments:progress_create", args=[task_a.pk])
    response = client_for(staff_a).post(url, progress_payload(periods["2026-H1"]))
    task_page = reverse("assignments:task_detail", args=[task_a.pk])
    assertRedirects(response, f"{task_page}#tien-do")
    update = ProgressUpdate.objects.get()
    assert (update.agency, update.author, update.percent) == (staff_a.agency, staff_a, 40)


def test_progress_post_over_htmx_returns_the_refreshed_panel(client_for, staff_a, task_a, periods):
    url = reverse("assignments:progress_create", args=[task_a.pk])
    response = client_for(staff_a).post(
        url, progress_payload(periods["2026-H1"]), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section class="card" id="tien-do"')
    assert "Đã tổ chức hội nghị triển khai" in body
    assert "<html" not in body
    # the status in the side panel is refreshed out of band
    assert 'id="task-status" hx-swap-oob="true"' in body and "Đang thực hiện · 40%" in body


def test_invalid_progress_shows_field_error_and_saves_nothing(client_for, staff_a, task_a, periods):
    url = reverse("assignments:progress_create", args=[task_a.pk])
    response = client_for(staff_a).post(
        url, progress_payload(periods["2026-H1"], status=ProgressStatus.DONE, percent=70)
    )
    assert response.status_code == 400
    assert "tỷ lệ phải là 100%" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_coordinator_adds_its_contribution(client_for, staff_b, shared_task, periods):
    url = reverse("assignments:progress_create", args=[shared_task.pk])
    page = client_for(staff_b).get(reverse("assignments:task_detail", args=[shared_task.pk]))
    assert "Cập nhật phần phối hợp" in page.content.decode()
    response = client_for(staff_b).post(url, progress_payload(periods["2026-H1"]))
    task_page = reverse("assignments:task_detail", args=[shared_task.pk])
    assertRedirects(response, f"{task_page}#tien-do")
    assert ProgressUpdate.objects.get().agency == staff_b.agency


def test_leader_posting_progress_is_refused(client_for, leader, task_a, periods):
    url = reverse("assignments:progress_create", args=[task_a.pk])
    response = client_for(leader).post(url, progress_payload(periods["2026-H1"]))
    assert response.status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_leader_cannot_record_activities(client_for, leader, task_a):
    c = client_for(leader)
    assert (
        c.post(
            reverse("assignments:task_activity_create", args=[task_a.pk]), activity_payload()
        ).status_code
        == 403
    )
    assert c.get(reverse("assignments:activity_create")).status_code == 403
    assert c.post(reverse("assignments:activity_create"), activity_payload()).status_code == 403
    assert not Activity.objects.exists()


def test_agency_b_posting_on_agency_a_task_gets_404(client_for, staff_b, task_a, periods):
    c = client_for(staff_b)
    url = reverse("assignments:progress_create", args=[task_a.pk])
    assert c.post(url, progress_payload(periods["2026-H1"])).status_code == 404
    url = reverse("assignments:task_activity_create", args=[task_a.pk])
    assert c.post(url, activity_payload()).status_code == 404
    assert not ProgressUpdate.objects.exists() and not Activity.objects.exists()


def test_activity_recorded_under_a_task_with_enterprises(client_for, staff_a, task_a):
    from enterprises.models import Enterprise

    ent = Enterprise.objects.create(tax_code="0100109106", name="Công ty TNHH Thủy sản Mekong")
    url = reverse("assignments:task_activity_create", args=[task_a.pk])
    response = client_for(staff_a).post(url, activity_payload(enterprise_codes="0100109106"))
    task_page = reverse("assignments:task_detail", args=[task_a.pk])
    assertRedirects(response, f"{task_page}#hoat-dong")
    activity = Activity.objects.get()
    assert activity.task == task_a and activity.agency == staff_a.agency
    assert list(activity.enterprises.all()) == [ent]


def test_unknown_tax_code_is_named_and_nothing_saved(client_for, staff_a, task_a):
    url = reverse("assignments:task_activity_create", args=[task_a.pk])
    response = client_for(staff_a).post(url, activity_payload(enterprise_codes="9999999999"))
    assert response.status_code == 400
    assert "9999999999" in response.content.decode()
    assert not Activity.objects.exists()


def test_standalone_activity_form_offers_only_own_tasks(client_for, staff_a, task_a, agency_b):
    other = TaskFactory(lead_agency=agency_b)
    c = client_for(staff_a)
    form = c.get(reverse("assignments:activity_create")).context["form"]
    assert set(form.fields["task"].queryset) == {task_a}
    response = c.post(reverse("assignments:activity_create"), activity_payload(task=other.pk))
    assert response.status_code == 400
    assert not Activity.objects.exists()
    response = c.post(reverse("assignments:activity_create"), activity_payload())
    activity = Activity.objects.get()
    assert response["Location"] == reverse("assignments:activity_detail", args=[activity.pk])


# --- activities ------------------------------------------------------------------------------


def test_activity_list_shows_own_agency_only(client_for, staff_a, staff_b, agency_a, agency_b):
    mine = ActivityFactory(agency=agency_a)
    ActivityFactory(agency=agency_b)
    response = client_for(staff_a).get(reverse("assignments:activity_list"))
    assert list(response.context["object_list"]) == [mine]


def test_doit_sees_all_activities(client_for, doit, agency_a, agency_b):
    ActivityFactory(agency=agency_a)
    ActivityFactory(agency=agency_b)
    response = client_for(doit).get(reverse("assignments:activity_list"))
    assert len(response.context["object_list"]) == 2
    response = client_for(doit).get(reverse("assignments:activity_list"), {"agency": agency_b.pk})
    assert [a.agency for a in response.context["object_list"]] == [agency_b]


def test_agency_b_gets_404_on_agency_a_activity(client_for, staff_b, staff_a, agency_a):
    activity = ActivityFactory(agency=agency_a)
    url = reverse("assignments:activity_detail", args=[activity.pk])
    assert client_for(staff_b).get(url).status_code == 404
    assert client_for(staff_a).get(url).status_code == 200


def test_enterprise_search_returns_matches(client_for, staff_a):
    from enterprises.models import Enterprise

    Enterprise.objects.create(tax_code="0100109106", name="Công ty Cổ phần Thủy sản An Giang")
    c = client_for(staff_a)
    body = c.get(reverse("assignments:enterprise_search"), {"enterprise_q": "thủy sản"}).content
    assert b"0100109106" in body
    body = c.get(reverse("assignments:enterprise_search"), {"enterprise_q": "01001"}).content
    assert b"0100109106" in body


def test_progress_visibility_follows_the_task(periods, staff_a, staff_b, agency_a, agency_b):
    from tests.factories import AgencyFactory

    shared = TaskFactory(lead_agency=agency_a, coordinating=[agency_b])
    private = TaskFactory(lead_agency=agency_a)
    on_shared = ProgressFactory(task=shared)
    on_private = ProgressFactory(task=private)
    assert set(ProgressUpdate.objects.visible_to(staff_b)) == {on_shared}
    assert set(ProgressUpdate.objects.visible_to(staff_a)) == {on_shared, on_private}
    outsider = AgencyFactory()
    from tests.factories import UserFactory

    assert not ProgressUpdate.objects.visible_to(UserFactory(agency=outsider)).exists()


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_task_page_and_activity_list_queries_do_not_grow(client_for, staff_a, task_a, periods):
    c = client_for(staff_a)
    detail = reverse("assignments:task_detail", args=[task_a.pk])
    activities = reverse("assignments:activity_list")
    ProgressFactory(task=task_a, author=staff_a)
    ActivityFactory(agency=staff_a.agency, task=task_a, author=staff_a)
    small = (_count(c, detail), _count(c, activities))
    for _ in range(15):
        ProgressFactory(task=task_a, author=staff_a)
        ActivityFactory(agency=staff_a.agency, task=task_a, author=staff_a)
    assert (_count(c, detail), _count(c, activities)) == small


def test_progress_form_does_not_offer_a_period_already_accepted(
    client_for, staff_a, doit, task_a, periods
):
    from django.utils import timezone

    from reports.models import AgencyReport

    now = timezone.now()
    AgencyReport.objects.create(
        agency=staff_a.agency,
        period=periods["2026-H1"],
        status="accepted",
        submitted_at=now,
        accepted_at=now,
        accepted_by=doit,
    )
    response = client_for(staff_a).get(reverse("assignments:task_detail", args=[task_a.pk]))
    offered = set(response.context["progress_form"].offered_periods)
    assert periods["2026-H1"] not in offered and periods["2025-H2"] in offered
    assert f'<option value="{periods["2026-H1"].pk}"' not in response.content.decode()
    # posting it anyway gets the lock's reason (not "not a valid choice"), nothing saved
    url = reverse("assignments:progress_create", args=[task_a.pk])
    response = client_for(staff_a).post(url, progress_payload(periods["2026-H1"]))
    assert response.status_code == 400
    page = response.content.decode()
    assert "đã được Sở Công Thương tiếp nhận" in page
    assert "Hãy chọn một lựa chọn hợp lệ" not in page
    assert not ProgressUpdate.objects.exists()
