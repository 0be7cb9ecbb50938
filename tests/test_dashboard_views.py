"""Dashboards, drill-downs, roster and manual values: who sees what, and what the pages say."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django.asserts import assertRedirects

from assignments.choices import ActivityKind, ProgressStatus, Recurrence
from assignments.models import Task
from programs.choices import IndicatorComputation as C
from programs.choices import PeriodKind
from reports.choices import ReportStatus
from reports.models import IndicatorValue, SxshOfficer
from tests.factories import (
    ActivityFactory,
    AgencyReportFactory,
    EnterpriseFactory,
    IndicatorFactory,
    OfficerFactory,
    PeriodFactory,
    ProgressFactory,
    TargetFactory,
    TaskFactory,
)
from tests.redirects import login_url

DASH = reverse("dashboards:dashboard")
AGENCY_DASH = reverse("dashboards:agency_dashboard")
TODAY = dt.date(2025, 9, 15)


@pytest.fixture(autouse=True)
def fixed_today(time_machine):
    """The pages' "today": 09:00 in An Giang on TODAY."""
    time_machine.move_to(
        dt.datetime.combine(TODAY, dt.time(9), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False
    )


@pytest.fixture
def periods(db):
    return {
        "h1": PeriodFactory(year=2025, kind=PeriodKind.H1),  # due 19/06/2025
        "h2": PeriodFactory(year=2025, kind=PeriodKind.H2),  # current on TODAY
        "h2_2024": PeriodFactory(year=2024, kind=PeriodKind.H2),
    }


@pytest.fixture
def data(periods, agency_a, agency_b, doit_agency):
    e1 = EnterpriseFactory(name="Công ty Nhựa Long Xuyên", has_sxsh_potential=True)
    EnterpriseFactory(name="Công ty Gạch Châu Đốc", has_sxsh_potential=True)
    ActivityFactory(agency=agency_a, held_on=dt.date(2025, 3, 1), enterprises=[e1])
    informed = IndicatorFactory(
        code="ty-le-pho-bien", name="Tỷ lệ cơ sở được phổ biến", computation=C.SHARE_INFORMED
    )
    TargetFactory(indicator=informed, value_min=90, milestone_year=2030)
    tasks = {
        "a_overdue": TaskFactory(
            lead_agency=agency_a,
            ref="1.a",
            due_on=dt.date(2025, 6, 1),
            text="Nhiệm vụ quá hạn của Sở NN&MT",
        ),
        "b_overdue": TaskFactory(
            lead_agency=agency_b,
            ref="2.b",
            due_on=dt.date(2025, 6, 1),
            text="Nhiệm vụ quá hạn của Đài PT-TH",
        ),
    }
    return {"informed": informed, "tasks": tasks, "e1": e1}


# ---- access ------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, db):
    for url in (
        DASH,
        AGENCY_DASH,
        reverse("reports:officer_list"),
        reverse("reports:indicator_values"),
    ):
        assertRedirects(client.get(url), login_url(url))


def test_agency_user_asking_for_the_provincial_dashboard_lands_on_their_own(
    client_for, staff_a, data
):
    assertRedirects(client_for(staff_a).get(DASH), AGENCY_DASH)


@pytest.mark.parametrize(
    "url",
    [
        lambda: reverse("dashboards:indicator_detail", args=["ty-le-pho-bien"]),
        lambda: reverse("dashboards:task_drilldown") + "?bucket=overdue",
        lambda: reverse("dashboards:dashboard_export", args=["nhiem-vu"]),
        lambda: reverse("dashboards:dashboard_export", args=["chi-tieu-ty-le-pho-bien"]),
        lambda: reverse("reports:indicator_values"),
    ],
)
def test_agency_user_gets_no_provincial_figures(client_for, staff_a, data, url):
    assert client_for(staff_a).get(url()).status_code == 403


def test_doit_sees_every_agencys_tasks_and_the_indicator(client_for, doit, data):
    response = client_for(doit).get(DASH)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nhiệm vụ quá hạn của Sở NN&amp;MT" in body
    assert "Nhiệm vụ quá hạn của Đài PT-TH" in body
    assert "Tỷ lệ cơ sở được phổ biến" in body
    assert reverse("reports:officer_list") in body
    assert 'src="data:image/svg+xml;base64,' in body
    assert "style=" not in body.split("<main", 1)[1]  # CSP: no inline styles


def test_leadership_sees_the_dashboard_read_only(client_for, leader, data, periods):
    c = client_for(leader)
    body = c.get(DASH).content.decode()
    assert "Chỉ xem" in body
    assert c.get(reverse("dashboards:indicator_detail", args=["ty-le-pho-bien"])).status_code == 200
    assert c.get(reverse("reports:officer_create")).status_code == 403
    manual = IndicatorFactory(code="thu-cong", computation=C.MANUAL)
    response = c.post(
        reverse("reports:indicator_values") + f"?period={periods['h2'].pk}",
        {"indicator": manual.pk, "value": "12"},
    )
    assert response.status_code == 403
    assert not IndicatorValue.objects.exists()


def test_agency_dashboard_shows_only_the_users_agency(client_for, staff_a, data):
    body = client_for(staff_a).get(AGENCY_DASH).content.decode()
    assert "Nhiệm vụ quá hạn của Sở NN&amp;MT" in body
    assert "Nhiệm vụ quá hạn của Đài PT-TH" not in body


def test_agency_user_cannot_open_another_agencys_dashboard(client_for, staff_a, agency_b, data):
    response = client_for(staff_a).get(AGENCY_DASH, {"agency": agency_b.pk})
    assert response.status_code == 404


def test_doit_opens_any_agencys_dashboard(client_for, doit, agency_b, data):
    body = client_for(doit).get(AGENCY_DASH, {"agency": agency_b.pk}).content.decode()
    assert "Nhiệm vụ quá hạn của Đài PT-TH" in body
    assert "Nhiệm vụ quá hạn của Sở NN&amp;MT" not in body


def test_agency_dashboard_lists_this_periods_activities_and_report(
    client_for, staff_a, agency_a, periods, data
):
    ActivityFactory(
        agency=agency_a,
        title="Hội thảo tháng 8",
        kind=ActivityKind.WORKSHOP,
        held_on=dt.date(2025, 8, 20),
    )
    ActivityFactory(agency=agency_a, title="Lớp học cũ", held_on=dt.date(2025, 3, 1))
    AgencyReportFactory(agency=agency_a, period=periods["h2"], status=ReportStatus.DRAFT)
    body = client_for(staff_a).get(AGENCY_DASH).content.decode()
    assert "Hội thảo tháng 8" in body
    assert "Lớp học cũ" not in body
    assert "Dự thảo" in body


# ---- drill-down pages --------------------------------------------------------------------------


def test_indicator_drilldown_lists_the_enterprises_counted(client_for, doit, data, periods):
    url = reverse("dashboards:indicator_detail", args=["ty-le-pho-bien"])
    body = client_for(doit).get(url, {"period": periods["h2"].pk}).content.decode()
    assert "Công ty Nhựa Long Xuyên" in body
    assert "Công ty Gạch Châu Đốc" not in body
    # as of the end of 2024 the activity (03/2025) had not happened
    body = client_for(doit).get(url, {"period": periods["h2_2024"].pk}).content.decode()
    assert "Công ty Nhựa Long Xuyên" not in body


def test_task_drilldown_lists_the_overdue_tasks_of_an_agency(client_for, doit, agency_a, data):
    body = (
        client_for(doit)
        .get(reverse("dashboards:task_drilldown"), {"bucket": "overdue", "agency": agency_a.pk})
        .content.decode()
    )
    assert "Nhiệm vụ quá hạn của Sở NN&amp;MT" in body
    assert "Nhiệm vụ quá hạn của Đài PT-TH" not in body


# ---- task buckets and report timeliness --------------------------------------------------------


def test_task_status_buckets(client_for, doit, agency_a, periods):
    from dashboards import selectors as dash

    h1, h2 = periods["h1"], periods["h2"]
    done = TaskFactory(lead_agency=agency_a, due_on=dt.date(2025, 6, 1))
    ProgressFactory(task=done, period=h1, status=ProgressStatus.DONE, percent=100)
    late = TaskFactory(lead_agency=agency_a, due_on=dt.date(2025, 9, 14))
    ProgressFactory(task=late, period=h1, status=ProgressStatus.IN_PROGRESS)
    due_today = TaskFactory(lead_agency=agency_a, due_on=TODAY)  # due today is not yet late
    running = TaskFactory(lead_agency=agency_a, due_on=dt.date(2026, 1, 1))
    ProgressFactory(task=running, period=h1, status=ProgressStatus.BLOCKED)
    yearly_missing = TaskFactory(lead_agency=agency_a, recurrence=Recurrence.YEARLY, due_on=None)
    yearly_done_before = TaskFactory(
        lead_agency=agency_a, recurrence=Recurrence.SEMIANNUAL, due_on=None
    )
    ProgressFactory(task=yearly_done_before, period=h1, status=ProgressStatus.DONE)
    halfyearly_missing = TaskFactory(
        lead_agency=agency_a, recurrence=Recurrence.SEMIANNUAL, due_on=None
    )

    def buckets(period):
        qs = dash.tasks_with_bucket(dash.task_scope(), period=period, today=TODAY)
        return {t.pk: t.bucket for t in qs}

    # H1 2025 is due 19/06/2025 — past: a six-monthly task with no H1 progress is overdue;
    # a yearly task reports on the year period (none due yet here), so it is not overdue
    b = buckets(h1)
    assert b[done.pk] == "done"
    assert b[late.pk] == "in_progress"  # due 14/09: judged on H1's due date 19/06, not late yet
    assert b[halfyearly_missing.pk] == "overdue"
    assert b[yearly_missing.pk] == "not_started"
    assert b[yearly_done_before.pk] == "done"
    # the current half-year H2 is not due yet: the last half-year due is H1, as on the task list
    b = buckets(h2)
    assert b[late.pk] == "overdue"
    assert b[due_today.pk] == "not_started"
    assert b[running.pk] == "in_progress"
    assert b[yearly_missing.pk] == "not_started"
    assert b[halfyearly_missing.pk] == "overdue"  # still owes its H1 report
    assert b[yearly_done_before.pk] == "not_started"  # done in H1 does not cover H2
    listed = set(Task.objects.overdue(TODAY).values_list("pk", flat=True))
    assert {halfyearly_missing.pk, late.pk} <= listed and yearly_missing.pk not in listed


def test_late_task_on_h1_is_judged_on_h1s_due_date(agency_a, periods):
    from dashboards import selectors as dash

    late = TaskFactory(lead_agency=agency_a, due_on=dt.date(2025, 9, 14))
    qs = dash.tasks_with_bucket(dash.task_scope(), period=periods["h1"], today=TODAY)
    assert qs.get(pk=late.pk).bucket == "not_started"


def test_report_matrix_marks_late_by_local_date_against_the_due_date(agency_a, agency_b, periods):
    from django.utils import timezone

    from dashboards import selectors as dash

    h1 = periods["h1"]  # due 19/06/2025
    tz = timezone.get_current_timezone()
    TaskFactory(lead_agency=agency_a)
    TaskFactory(lead_agency=agency_b)
    AgencyReportFactory(
        agency=agency_a,
        period=h1,
        status=ReportStatus.SUBMITTED,
        submitted_at=dt.datetime(2025, 6, 19, 23, 30, tzinfo=tz),
        first_submitted_at=dt.datetime(2025, 6, 19, 23, 30, tzinfo=tz),
    )
    AgencyReportFactory(
        agency=agency_b,
        period=h1,
        status=ReportStatus.SUBMITTED,
        submitted_at=dt.datetime(2025, 6, 20, 0, 10, tzinfo=tz),
        first_submitted_at=dt.datetime(2025, 6, 20, 0, 10, tzinfo=tz),
    )
    m = dash.report_matrix(periods=[h1], today=TODAY)
    cells = {r["agency"]["pk"]: r["cells"][0] for r in m["rows"]}
    assert cells[agency_a.pk].late is False
    assert cells[agency_b.pk].late is True
    s = m["summary"][0]
    assert (s["expected"], s["submitted"], s["on_time"], s["late"]) == (2, 2, 1, 1)


# ---- roster and manual values ------------------------------------------------------------------


def test_doit_adds_an_officer_with_trainings(client_for, doit, agency_a):
    training = ActivityFactory(
        agency=agency_a, kind=ActivityKind.TRAINING, held_on=dt.date(2025, 4, 1)
    )
    response = client_for(doit).post(
        reverse("reports:officer_create"),
        {
            "agency": agency_a.pk,
            "full_name": "Trần Thị Mai",
            "position": "Chuyên viên",
            "locality": "Phường Long Xuyên",
            "since": "2025-01-01",
            "until": "",
            "trainings": [training.pk],
        },
    )
    assertRedirects(response, reverse("reports:officer_list"))
    officer = SxshOfficer.objects.get(full_name="Trần Thị Mai")
    assert list(officer.trainings.all()) == [training]


def test_officer_form_rejects_an_end_before_the_start(client_for, doit, agency_a):
    response = client_for(doit).post(
        reverse("reports:officer_create"),
        {
            "agency": agency_a.pk,
            "full_name": "Lê Văn Nam",
            "since": "2025-05-01",
            "until": "2025-01-01",
        },
    )
    assert response.status_code == 200
    assert "Ngày kết thúc phân công phải sau ngày bắt đầu" in response.content.decode()
    assert not SxshOfficer.objects.exists()


def test_agency_user_reads_the_roster_but_cannot_edit(client_for, staff_a, agency_a):
    officer = OfficerFactory(agency=agency_a, full_name="Phạm Văn Bình")
    c = client_for(staff_a)
    body = c.get(reverse("reports:officer_list")).content.decode()
    assert "Phạm Văn Bình" in body
    assert reverse("reports:officer_edit", args=[officer.pk]) not in body
    assert c.get(reverse("reports:officer_edit", args=[officer.pk])).status_code == 403


def test_doit_enters_a_manual_value_and_the_page_shows_who_and_when(client_for, doit, periods):
    manual = IndicatorFactory(
        code="thu-cong", name="Tỷ lệ DN có bộ phận SXSH", computation=C.MANUAL
    )
    c = client_for(doit)
    url = reverse("reports:indicator_values") + f"?period={periods['h2'].pk}"
    response = c.post(url, {"indicator": manual.pk, "value": "37.5", "note": "Khảo sát 2025"})
    assertRedirects(response, url)
    value = IndicatorValue.objects.get()
    assert (value.value, value.entered_by, value.period) == (Decimal("37.5"), doit, periods["h2"])
    body = c.get(url).content.decode()
    assert "Trần Thị Lan" in body or doit.get_full_name() in body
    assert "Khảo sát 2025" in body


def test_manual_value_rejects_text(client_for, doit, periods):
    manual = IndicatorFactory(code="thu-cong", computation=C.MANUAL)
    url = reverse("reports:indicator_values") + f"?period={periods['h2'].pk}"
    response = client_for(doit).post(url, {"indicator": manual.pk, "value": "nhiều"}, follow=True)
    assert "không hợp lệ" in response.content.decode()
    assert not IndicatorValue.objects.exists()


# ---- XLSX --------------------------------------------------------------------------------------


def test_xlsx_export_neutralises_formulas(client_for, doit, agency_a, periods):
    TaskFactory(
        lead_agency=agency_a,
        ref="=cmd|' /C calc'!A0",
        due_on=dt.date(2025, 1, 1),
        text="+SUM(A1:A9)",
    )
    response = client_for(doit).get(reverse("dashboards:dashboard_export", args=["qua-han"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for typed in ("=cmd|' /C calc'!A0", "+SUM(A1:A9)"):
        assert cells[typed].data_type == "s" and cells[typed].quotePrefix
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)
    headers = [c.value for c in ws[3]]
    assert headers[:3] == ["Số hiệu", "Nội dung", "Cơ quan chủ trì"]


@pytest.mark.parametrize(
    "table",
    ["chi-tieu", "nhiem-vu", "bao-cao", "dia-ban", "nganh", "tiet-kiem", "chi-tieu-ty-le-pho-bien"],
)
def test_every_dashboard_table_exports(client_for, doit, data, table):
    response = client_for(doit).get(reverse("dashboards:dashboard_export", args=[table]))
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).active.max_row >= 3


def test_a_merged_agencys_finished_tasks_say_where_it_went(client_for, doit, agency_a, periods):
    """After the 2025 merger the old agency keeps the tasks it finished; its row names the
    successor so a reviewer is not left wondering about an agency that no longer exists."""
    from tests.factories import AgencyFactory

    old = AgencyFactory(
        name="Sở Tài nguyên và Môi trường",
        successor=agency_a,
        active_until=dt.date(2025, 2, 28),
    )
    task = TaskFactory(lead_agency=old, ref="3.c", due_on=dt.date(2025, 3, 1))
    ProgressFactory(task=task, agency=old, period=periods["h1"], status=ProgressStatus.DONE)
    TaskFactory(lead_agency=agency_a, ref="3.d", due_on=dt.date(2025, 12, 1))
    response = client_for(doit).get(DASH)
    row = next(a for a in response.context["task_agencies"] if a["id"] == old.pk)
    assert (row["done"], row["merged_into"]) == (1, agency_a.name)
    assert f"đã sáp nhập vào {agency_a.name}" in response.content.decode()
    own = next(a for a in response.context["task_agencies"] if a["id"] == agency_a.pk)
    assert own["merged_into"] is None
