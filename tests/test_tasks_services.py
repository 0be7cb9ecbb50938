"""Progress rules, reminders once a day, and the 2025 merge of agencies."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from assignments.choices import ProgressStatus, Recurrence
from assignments.models import Activity, ProgressUpdate, ReminderLog, Task
from assignments.reorganisation import agency_merge
from assignments.services import activity_record, progress_add, reminders_send
from reports.choices import ReportStatus
from reports.models import AgencyReport
from tests.factories import (
    ActivityFactory,
    AgencyFactory,
    ProgressFactory,
    TaskFactory,
    UserFactory,
    make_periods,
)


@pytest.fixture
def periods(db):
    return make_periods()


def add(task, period, actor, **extra):
    values = {"status": ProgressStatus.IN_PROGRESS, "percent": 20, "narrative": "Đã làm."}
    values.update(extra)
    return progress_add(task=task, period=period, actor=actor, **values)


# --- progress rules ------------------------------------------------------------------------


def test_progress_is_refused_after_the_agency_report_is_accepted(periods, staff_a, doit):
    task = TaskFactory(lead_agency=staff_a.agency)
    period = periods["2026-H1"]
    now = timezone.now()
    AgencyReport.objects.create(
        agency=staff_a.agency,
        period=period,
        status=ReportStatus.ACCEPTED,
        submitted_at=now,
        accepted_at=now,
        accepted_by=doit,
    )
    with pytest.raises(ValidationError) as exc:
        add(task, period, staff_a)
    assert "đã được Sở Công Thương tiếp nhận" in str(exc.value)
    assert not ProgressUpdate.objects.exists()
    # another period is still open
    add(task, periods["2025-H2"], staff_a)


def test_a_submitted_but_not_accepted_report_does_not_lock(periods, staff_a):
    task = TaskFactory(lead_agency=staff_a.agency)
    AgencyReport.objects.create(
        agency=staff_a.agency,
        period=periods["2026-H1"],
        status=ReportStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    assert add(task, periods["2026-H1"], staff_a).pk


def test_progress_is_refused_once_the_period_is_closed(periods, staff_a):
    task = TaskFactory(lead_agency=staff_a.agency)
    period = periods["2025-H2"]
    period.closed_at = timezone.now()
    period.save()
    with pytest.raises(ValidationError, match="đã khóa sổ"):
        add(task, period, staff_a)


def test_outsider_and_leader_cannot_add_progress(periods, staff_b, leader, agency_a):
    task = TaskFactory(lead_agency=agency_a)
    for user in (staff_b, leader):
        with pytest.raises(PermissionDenied):
            add(task, periods["2026-H1"], user)
    assert not ProgressUpdate.objects.exists()


def test_progress_is_recorded_in_history_with_the_actor(periods, staff_a):
    update = add(TaskFactory(lead_agency=staff_a.agency), periods["2026-H1"], staff_a)
    assert update.history.get().history_user == staff_a


def test_activity_needs_the_agency_on_the_task(periods, staff_a, agency_b):
    task = TaskFactory(lead_agency=agency_b)
    with pytest.raises(PermissionDenied):
        activity_record(
            agency=staff_a.agency,
            actor=staff_a,
            task=task,
            kind="training",
            title="Tập huấn",
            held_on=dt.date(2026, 3, 1),
        )
    assert not Activity.objects.exists()


# --- reminders -----------------------------------------------------------------------------

TODAY = dt.date(2026, 7, 1)


@pytest.fixture
def reminder_setup(periods, staff_a, lead_a, staff_b, agency_a, agency_b):
    TaskFactory(lead_agency=agency_a, due_on=dt.date(2026, 6, 1), text="Xây dựng kế hoạch SXSH")
    TaskFactory(lead_agency=agency_a, due_on=dt.date(2026, 7, 20), text="Tập huấn cho cán bộ")
    TaskFactory(lead_agency=agency_a, due_on=dt.date(2026, 12, 1), text="Việc còn xa hạn")
    UserFactory(agency=agency_a, email="", roles=["agency_staff"])  # no address: skipped
    UserFactory(agency=agency_a, is_active=False, roles=["agency_staff"])  # inactive: skipped
    done = TaskFactory(lead_agency=agency_b, due_on=dt.date(2026, 6, 1))
    ProgressFactory(task=done, status=ProgressStatus.DONE, percent=100)


def test_reminders_go_to_each_agency_user_once_a_day(reminder_setup, staff_a, lead_a):
    result = reminders_send(today=TODAY)
    assert result.sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([staff_a.email, lead_a.email])
    message = mail.outbox[0]
    assert "1 nhiệm vụ quá hạn, 1 sắp đến hạn" in message.subject
    assert "Xây dựng kế hoạch SXSH" in message.body and "Tập huấn cho cán bộ" in message.body
    assert "Việc còn xa hạn" not in message.body
    assert message.alternatives[0][1] == "text/html"

    again = reminders_send(today=TODAY)
    assert (again.sent, again.already_sent) == (0, 2)
    assert len(mail.outbox) == 2
    assert ReminderLog.objects.count() == 2
    # the next day they are reminded again
    assert reminders_send(today=TODAY + dt.timedelta(days=1)).sent == 2


def test_send_reminders_command_prints_counts(reminder_setup, capsys):
    call_command("send_reminders", "--date", "2026-07-01", "--days", "30")
    call_command("send_reminders", "--date", "2026-07-01")
    out = capsys.readouterr().out
    assert "Đã gửi 2 thư nhắc việc cho 1 đơn vị" in out
    assert "Đã gửi 0 thư nhắc việc" in out and "2 người đã được nhắc" in out
    assert len(mail.outbox) == 2


def test_recurring_task_without_report_triggers_a_reminder(periods, staff_b, agency_b):
    TaskFactory(lead_agency=agency_b, recurrence=Recurrence.SEMIANNUAL, due_on=None)
    assert reminders_send(today=TODAY).sent == 1
    assert "1 nhiệm vụ quá hạn" in mail.outbox[0].subject


# --- the 2025 merge -------------------------------------------------------------------------


@pytest.fixture
def former(db, agency_a):
    return AgencyFactory(name="Sở Tài nguyên và Môi trường", short_name="STNMT")


def test_merge_moves_open_tasks_and_users_and_keeps_history(
    periods, former, agency_a, agency_b, admin_user
):
    old_user = UserFactory(agency=former, roles=["agency_staff"])
    open_task = TaskFactory(lead_agency=former, due_on=dt.date(2026, 12, 31))
    done_task = TaskFactory(lead_agency=former, due_on=dt.date(2024, 12, 31))
    ProgressFactory(
        task=done_task, agency=former, author=old_user, status=ProgressStatus.DONE, percent=100
    )
    earlier = ProgressFactory(
        task=open_task, agency=former, author=old_user, period=periods["2025-H2"]
    )
    activity = ActivityFactory(agency=former, task=open_task, author=old_user)
    coordinated = TaskFactory(lead_agency=agency_b, coordinating=[former])

    result = agency_merge(agency=former, into=agency_a, actor=admin_user, on=dt.date(2025, 7, 1))

    assert (result.tasks_moved, result.coordinations_moved, result.users_moved) == (1, 1, 1)
    former.refresh_from_db()
    assert former.successor == agency_a and former.active_until == dt.date(2025, 6, 30)
    assert former.current() == agency_a
    open_task.refresh_from_db()
    done_task.refresh_from_db()
    assert open_task.lead_agency == agency_a
    assert done_task.lead_agency == former  # closed work stays under the old name
    assert list(coordinated.coordinating_agencies.all()) == [agency_a]
    old_user.refresh_from_db()
    assert old_user.agency == agency_a
    # history stays with the old agency
    earlier.refresh_from_db()
    activity.refresh_from_db()
    assert earlier.agency == former and activity.agency == former
    # recorded in the change history, with the actor and the reason
    for record in (former.history.first(), open_task.history.first(), old_user.history.first()):
        assert record.history_user == admin_user
        assert "Sáp nhập Sở Tài nguyên và Môi trường vào Sở Nông nghiệp và Môi trường" in (
            record.history_change_reason
        )


def test_merge_twice_changes_nothing(periods, former, agency_a, admin_user):
    TaskFactory(lead_agency=former)
    agency_merge(agency=former, into=agency_a, actor=admin_user, on=dt.date(2025, 7, 1))
    records = former.history.count()
    again = agency_merge(agency=former, into=agency_a, actor=admin_user, on=dt.date(2025, 7, 1))
    assert not again.changed
    assert former.history.count() == records


def test_merge_keeps_an_existing_successor_task_for_the_same_item(
    periods, former, agency_a, admin_user
):
    twin = TaskFactory(lead_agency=former, ref="2.a")
    TaskFactory(lead_agency=agency_a, ref="2.a", document=twin.document)
    result = agency_merge(agency=former, into=agency_a, actor=admin_user)
    assert result.tasks_moved == 0 and result.duplicates == [twin]
    assert Task.objects.filter(document=twin.document, ref="2.a").count() == 2


def test_merge_refuses_cycles_and_self(periods, former, agency_a, admin_user):
    with pytest.raises(ValidationError):
        agency_merge(agency=former, into=former, actor=admin_user)
    agency_merge(agency=former, into=agency_a, actor=admin_user)
    with pytest.raises(ValidationError):
        agency_merge(agency=agency_a, into=former, actor=admin_user)


def test_merged_staff_see_the_moved_tasks(client_for, periods, former, agency_a, admin_user):
    from django.urls import reverse

    user = UserFactory(agency=former, roles=["agency_staff"])
    task = TaskFactory(lead_agency=former)
    agency_merge(agency=former, into=agency_a, actor=admin_user)
    user.refresh_from_db()
    response = client_for(user).get(reverse("assignments:task_detail", args=[task.pk]))
    assert response.status_code == 200 and response.context["can_edit"]


def test_admin_action_merges_into_the_recorded_successor(client_for, admin_user, periods, agency_a):
    from django.urls import reverse

    old = AgencyFactory(name="Sở Thông tin và Truyền thông", successor=agency_a)
    task = TaskFactory(lead_agency=old)
    orphan = AgencyFactory(name="Cơ quan chưa có kế thừa")
    response = client_for(admin_user).post(
        reverse("admin:accounts_agency_changelist"),
        {"action": "merge_into_successor", "_selected_action": [old.pk, orphan.pk]},
        follow=True,
    )
    body = response.content.decode()
    assert "Đã sáp nhập Sở Thông tin và Truyền thông vào Sở Nông nghiệp và Môi trường" in body
    assert "chưa có cơ quan kế thừa" in body
    task.refresh_from_db()
    assert task.lead_agency == agency_a


def test_reminders_can_run_as_a_background_job(reminder_setup, capsys):
    # the test settings run tasks immediately
    call_command("send_reminders", "--date", "2026-07-01", "--background")
    assert "hàng đợi" in capsys.readouterr().out
    assert len(mail.outbox) == 2
