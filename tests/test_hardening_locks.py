"""The one lock rule (assignments.locks) and every path below the admin that must obey it.

An accepted report freezes, for its agency, every period whose data window lies inside its own
(the annual report freezes both half-years) and every activity dated inside it; a closed period
does the same for everyone. Services, the models' save/delete, their querysets (update, delete,
bulk_create, bulk_update), cascades from deleting a task and management commands are all refused.
The admin paths are in tests/test_hardening_admin.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from assignments.choices import ActivityKind, ProgressStatus
from assignments.forms import ProgressForm, open_periods
from assignments.locks import (
    LockedError,
    activity_lock_reason,
    period_is_open_for,
    progress_lock_reason,
    progress_locked_periods,
)
from assignments.models import Activity, Evidence, ProgressUpdate, Task
from assignments.services import activity_record, evidence_attach, progress_add
from reports.choices import ReportStatus
from reports.models import AgencyReport
from reports.workflow import report_reopen
from tests.factories_tasks import ActivityFactory, ProgressFactory, TaskFactory, make_periods

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def periods(db):
    return make_periods()


@pytest.fixture
def task_a(agency_a, agency_b):
    """Led by agency A, coordinated by agency B."""
    return TaskFactory(lead_agency=agency_a, coordinating=[agency_b])


def accept(agency, period, doit):
    now = timezone.now()
    return AgencyReport.objects.create(
        agency=agency,
        period=period,
        status=ReportStatus.ACCEPTED,
        submitted_at=now,
        accepted_at=now,
        accepted_by=doit,
    )


def add(task, period, actor):
    return progress_add(
        task=task,
        period=period,
        actor=actor,
        status=ProgressStatus.IN_PROGRESS,
        percent=30,
        narrative="Đã triển khai.",
    )


def record(actor, held_on, **extra):
    return activity_record(
        agency=actor.agency,
        actor=actor,
        kind=ActivityKind.TRAINING,
        title="Tập huấn sản xuất sạch hơn",
        held_on=held_on,
        **extra,
    )


# --- the rule --------------------------------------------------------------------------------


def test_an_accepted_annual_report_freezes_both_half_years_of_the_agency(
    periods, agency_a, agency_b, doit
):
    accept(agency_a, periods["2025"], doit)
    for key in ("2025", "2025-H1", "2025-H2"):
        assert progress_lock_reason(period=periods[key], agency=agency_a), key
    assert "Năm 2025" in progress_lock_reason(period=periods["2025-H2"], agency=agency_a)
    # the next year, and another agency's entries, are not frozen
    assert progress_lock_reason(period=periods["2026-H1"], agency=agency_a) is None
    assert progress_lock_reason(period=periods["2025-H1"], agency=agency_b) is None


def test_an_accepted_half_year_freezes_only_itself(periods, agency_a, doit):
    accept(agency_a, periods["2025-H1"], doit)
    assert progress_lock_reason(period=periods["2025-H1"], agency=agency_a)
    assert progress_lock_reason(period=periods["2025-H2"], agency=agency_a) is None
    # the year's window is wider than the accepted one: the annual report can still be written
    assert progress_lock_reason(period=periods["2025"], agency=agency_a) is None


def test_a_closed_year_freezes_its_half_years_for_everyone(periods, agency_a, agency_b):
    year = periods["2025"]
    year.closed_at = timezone.now()
    year.save()
    for agency in (agency_a, agency_b):
        assert "đã khóa sổ" in progress_lock_reason(period=periods["2025-H1"], agency=agency)
        assert activity_lock_reason(date=dt.date(2025, 3, 1), agency=agency)
    assert progress_lock_reason(period=periods["2026-H1"], agency=agency_a) is None


def test_activities_dated_inside_an_accepted_window_are_frozen(periods, agency_a, agency_b, doit):
    accept(agency_a, periods["2025"], doit)
    assert activity_lock_reason(date=dt.date(2024, 12, 15), agency=agency_a)
    assert "14/12/2025" in activity_lock_reason(date=dt.date(2025, 12, 14), agency=agency_a)
    assert activity_lock_reason(date=dt.date(2025, 12, 15), agency=agency_a) is None
    assert activity_lock_reason(date=dt.date(2025, 6, 1), agency=agency_b) is None


def test_reopening_the_report_thaws_what_it_froze(periods, agency_a, doit, staff_a):
    report = accept(agency_a, periods["2025"], doit)
    task = TaskFactory(lead_agency=agency_a)
    report_reopen(report=report, actor=doit, version=report.version, reason="Bổ sung số liệu")
    assert progress_lock_reason(period=periods["2025-H2"], agency=agency_a) is None
    assert add(task, periods["2025-H2"], staff_a).pk


def test_the_form_the_page_and_the_rule_agree(periods, agency_a, doit):
    """One rule: the offered periods, period_is_open_for and progress_lock_reason say the same."""
    accept(agency_a, periods["2025"], doit)
    offered = open_periods(agency=agency_a)
    locked = progress_locked_periods(periods=periods.values(), agency=agency_a)
    for key, period in periods.items():
        is_open = progress_lock_reason(period=period, agency=agency_a) is None
        assert period_is_open_for(period=period, agency=agency_a) == is_open, key
        assert (period.pk not in locked) == is_open, key
        assert (period in offered) == is_open, key
    assert {p.key for p in offered} == {"2026-H1", "2026-H2", "2026"}
    form = ProgressForm(agency=agency_a)
    assert [value for value, _label in form.fields["period"].choices] == [p.pk for p in offered]


# --- services --------------------------------------------------------------------------------


def test_progress_into_a_half_year_of_an_accepted_year_is_refused(periods, task_a, staff_a, doit):
    accept(staff_a.agency, periods["2025"], doit)
    with pytest.raises(ValidationError) as exc:
        add(task_a, periods["2025-H2"], staff_a)
    assert "Năm 2025" in exc.value.message_dict["period"][0]
    assert not ProgressUpdate.objects.exists()


def test_a_coordinator_keeps_writing_while_the_lead_is_frozen(periods, task_a, staff_b, doit):
    accept(task_a.lead_agency, periods["2025"], doit)
    assert add(task_a, periods["2025-H2"], staff_b).agency == staff_b.agency


def test_an_activity_dated_in_a_frozen_window_is_refused(periods, staff_a, doit):
    accept(staff_a.agency, periods["2025"], doit)
    with pytest.raises(ValidationError) as exc:
        record(staff_a, dt.date(2025, 4, 2))
    assert "đã được Sở Công Thương tiếp nhận" in exc.value.message_dict["held_on"][0]
    assert not Activity.objects.exists()
    assert record(staff_a, dt.date(2026, 1, 5)).pk


def test_evidence_on_a_frozen_activity_is_refused(periods, staff_a, doit):
    activity = record(staff_a, dt.date(2025, 4, 2))
    accept(staff_a.agency, periods["2025"], doit)
    upload = ContentFile(PDF, name="bien-ban.pdf")
    with pytest.raises(ValidationError) as exc:
        evidence_attach(actor=staff_a, uploads=[upload], activity=activity)
    assert "đã được Sở Công Thương tiếp nhận" in exc.value.message_dict["files"][0]
    assert not Evidence.objects.exists()


# --- pages -----------------------------------------------------------------------------------


def test_posting_progress_to_a_frozen_half_year_says_why(
    client_for, periods, task_a, staff_a, doit
):
    accept(staff_a.agency, periods["2025"], doit)
    url = reverse("assignments:progress_create", args=[task_a.pk])
    data = {
        "period": periods["2025-H2"].pk,
        "status": ProgressStatus.IN_PROGRESS,
        "percent": 40,
        "narrative": "Bổ sung sau khi báo cáo năm đã được tiếp nhận.",
    }
    response = client_for(staff_a).post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Báo cáo kỳ Năm 2025 của đơn vị đã được Sở Công Thương tiếp nhận" in page
    assert "Hãy chọn một lựa chọn hợp lệ" not in page
    assert not ProgressUpdate.objects.exists()


def test_recording_an_activity_in_a_frozen_window_says_why(
    client_for, periods, task_a, staff_a, doit
):
    accept(staff_a.agency, periods["2025"], doit)
    url = reverse("assignments:task_activity_create", args=[task_a.pk])
    data = {
        "kind": ActivityKind.TRAINING,
        "title": "Tập huấn bổ sung",
        "held_on": "2025-05-20",
        "quantity": 1,
        "participants": 10,
        "cost_vnd": 0,
        "funding_source": "local_budget",
    }
    response = client_for(staff_a).post(url, data)
    assert response.status_code == 400
    assert "hoạt động ngày 20/05/2025 thuộc kỳ đó" in response.content.decode()
    assert not Activity.objects.exists()


# --- the models and their querysets ----------------------------------------------------------


@pytest.fixture
def frozen(periods, staff_a, doit):
    """A progress update, an activity and two evidence files of agency A, then 2025 accepted."""
    task = TaskFactory(lead_agency=staff_a.agency)
    progress = ProgressFactory(task=task, period=periods["2025-H2"], author=staff_a)
    activity = ActivityFactory(agency=staff_a.agency, task=task, held_on=dt.date(2025, 7, 1))
    files = []
    for parent in ({"progress": progress}, {"activity": activity}):
        evidence = Evidence(
            agency=staff_a.agency,
            original_name="bien-ban.pdf",
            content_type="application/pdf",
            size=len(PDF),
            uploaded_by=staff_a,
            **parent,
        )
        evidence.file.save("x.pdf", ContentFile(PDF), save=False)
        evidence.save()
        files.append(evidence)
    accept(staff_a.agency, periods["2025"], doit)
    return {"task": task, "progress": progress, "activity": activity, "evidence": files}


def test_a_frozen_progress_update_cannot_be_saved_or_deleted(frozen):
    progress = frozen["progress"]
    progress.narrative = "Sửa sau khi tiếp nhận"
    with pytest.raises(LockedError):
        progress.save()
    with pytest.raises(LockedError):
        progress.delete()
    progress.refresh_from_db()
    assert progress.narrative == "Đã tổ chức 2 lớp tập huấn."


def test_progress_cannot_be_moved_into_or_created_in_a_frozen_period(periods, staff_a, doit):
    progress = ProgressFactory(
        task=TaskFactory(lead_agency=staff_a.agency), period=periods["2026-H1"], author=staff_a
    )
    accept(staff_a.agency, periods["2025"], doit)
    progress.period = periods["2025-H1"]
    with pytest.raises(LockedError):
        progress.save()
    with pytest.raises(LockedError):
        ProgressUpdate.objects.filter(pk=progress.pk).update(period=periods["2025-H1"])
    with pytest.raises(LockedError):
        ProgressUpdate.objects.bulk_create(
            [ProgressUpdate(**{**_fields(progress), "period": periods["2025-H2"]})]
        )
    progress.refresh_from_db()
    assert progress.period == periods["2026-H1"]
    assert ProgressUpdate.objects.count() == 1


def _fields(progress):
    return {
        "task": progress.task,
        "agency": progress.agency,
        "status": progress.status,
        "percent": progress.percent,
        "narrative": progress.narrative,
        "author": progress.author,
    }


def test_querysets_refuse_to_update_or_delete_frozen_rows(frozen):
    for model in (ProgressUpdate, Activity, Evidence):
        with pytest.raises(LockedError):
            model.objects.all().delete()
        assert model.objects.count() >= 1
    with pytest.raises(LockedError):
        ProgressUpdate.objects.update(narrative="Ghi đè hàng loạt")
    with pytest.raises(LockedError):
        Activity.objects.filter(pk=frozen["activity"].pk).update(participants=999)
    activity = frozen["activity"]
    activity.participants = 999
    with pytest.raises(LockedError):
        Activity.objects.bulk_update([activity], ["participants"])
    assert not ProgressUpdate.objects.filter(narrative="Ghi đè hàng loạt").exists()
    assert Activity.objects.get().participants == 40


def test_frozen_activities_and_evidence_cannot_be_saved_or_deleted(frozen):
    activity = frozen["activity"]
    activity.title = "Đổi tên"
    with pytest.raises(LockedError):
        activity.save()
    with pytest.raises(LockedError):
        activity.delete()
    for evidence in frozen["evidence"]:
        evidence.original_name = "khac.pdf"
        with pytest.raises(LockedError):
            evidence.save()
        with pytest.raises(LockedError):
            evidence.delete()
    assert Activity.objects.get().title != "Đổi tên"
    assert Evidence.objects.filter(original_name="bien-ban.pdf").count() == 2


def test_deleting_a_task_keeps_its_frozen_progress_and_activities(frozen):
    with pytest.raises(ProtectedError):
        frozen["task"].delete()
    assert Task.objects.filter(pk=frozen["task"].pk).exists()
    assert ProgressUpdate.objects.get().task_id == frozen["task"].pk
    assert Activity.objects.get().task_id == frozen["task"].pk


def test_deleting_a_task_without_frozen_rows_still_cascades(periods, staff_a):
    task = TaskFactory(lead_agency=staff_a.agency)
    ProgressFactory(task=task, period=periods["2026-H1"], author=staff_a)
    activity = ActivityFactory(agency=staff_a.agency, task=task, held_on=dt.date(2026, 3, 1))
    task.delete()
    assert not ProgressUpdate.objects.exists()
    activity.refresh_from_db()
    assert activity.task is None


def test_a_management_command_is_refused_too(frozen):
    """``manage.py shell -c`` stands for any command: it meets the same model guard."""
    with pytest.raises(LockedError):
        call_command(
            "shell",
            command="from assignments.models import ProgressUpdate; "
            "ProgressUpdate.objects.all().delete()",
        )
    assert ProgressUpdate.objects.count() == 1
