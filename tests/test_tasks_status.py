"""Overdue and due-soon, computed from due dates and reporting periods (Task.objects reads)."""

import datetime as dt

import pytest

from assignments.choices import ProgressStatus, Recurrence
from assignments.models import Task
from tests.factories import ProgressFactory, TaskFactory, make_periods

TODAY = dt.date(2026, 7, 1)  # 2026-H1 (15/12/2025–14/06/2026) came due on 19/06/2026


@pytest.fixture
def periods(db):
    return make_periods()


def status_of(task, today=TODAY, days=30):
    return Task.objects.filter(pk=task.pk).with_status(today, days=days).get()


def test_one_off_task_past_its_date_without_done_progress_is_overdue(periods, agency_a):
    task = TaskFactory(lead_agency=agency_a, due_on=dt.date(2026, 6, 30))
    ProgressFactory(task=task, status=ProgressStatus.IN_PROGRESS, percent=60)
    row = status_of(task)
    assert row.is_overdue and not row.is_due_soon
    assert row.latest_status == ProgressStatus.IN_PROGRESS
    assert list(Task.objects.overdue(TODAY)) == [task]


def test_one_off_task_reported_done_is_never_overdue(periods, agency_a):
    task = TaskFactory(lead_agency=agency_a, due_on=dt.date(2026, 1, 31))
    ProgressFactory(task=task, status=ProgressStatus.DONE, percent=100)
    row = status_of(task)
    assert not row.is_overdue and not row.is_due_soon
    assert row.urgency == 3


def test_latest_progress_wins_when_a_done_task_is_reopened(periods, agency_a):
    task = TaskFactory(lead_agency=agency_a, due_on=dt.date(2026, 1, 31))
    ProgressFactory(task=task, status=ProgressStatus.DONE, percent=100)
    ProgressFactory(task=task, status=ProgressStatus.BLOCKED, percent=80)
    assert status_of(task).latest_status == ProgressStatus.BLOCKED
    assert status_of(task).is_overdue


def test_coordinators_progress_does_not_set_the_task_status(periods, agency_a, agency_b):
    task = TaskFactory(lead_agency=agency_a, due_on=dt.date(2026, 1, 31), coordinating=[agency_b])
    ProgressFactory(task=task, agency=agency_b, status=ProgressStatus.DONE, percent=100)
    row = status_of(task)
    assert row.latest_status is None
    assert row.is_overdue


def test_one_off_task_within_the_window_is_due_soon(periods, agency_a):
    task = TaskFactory(lead_agency=agency_a, due_on=TODAY + dt.timedelta(days=20))
    far = TaskFactory(lead_agency=agency_a, due_on=TODAY + dt.timedelta(days=45))
    assert status_of(task).is_due_soon
    assert not status_of(far).is_due_soon
    assert status_of(far, days=60).is_due_soon
    assert list(Task.objects.due_soon(TODAY)) == [task]


def test_task_without_a_date_is_neither_overdue_nor_due_soon(periods, agency_a):
    task = TaskFactory(lead_agency=agency_a, due_on=None)
    row = status_of(task)
    assert not row.is_overdue and not row.is_due_soon and row.due_date is None


def test_semiannual_task_without_progress_for_the_period_just_due_is_overdue(periods, agency_a):
    task = TaskFactory(lead_agency=agency_a, recurrence=Recurrence.SEMIANNUAL, due_on=None)
    row = status_of(task)
    assert row.is_overdue
    assert row.due_date == dt.date(2026, 6, 19)


def test_semiannual_task_reported_for_that_period_is_not_overdue(periods, agency_a):
    task = TaskFactory(lead_agency=agency_a, recurrence=Recurrence.SEMIANNUAL, due_on=None)
    ProgressFactory(task=task, period=periods["2026-H1"])
    row = status_of(task)
    assert not row.is_overdue
    # next due: 2026-H2, 19/12/2026
    assert row.due_date == dt.date(2026, 12, 19)


def test_semiannual_task_is_due_soon_before_the_period_deadline(periods, agency_a):
    task = TaskFactory(lead_agency=agency_a, recurrence=Recurrence.SEMIANNUAL, due_on=None)
    ProgressFactory(task=task, period=periods["2025-H2"])
    row = status_of(task, today=dt.date(2026, 6, 1))
    assert not row.is_overdue
    assert row.is_due_soon and row.due_date == dt.date(2026, 6, 19)


def test_yearly_task_is_judged_on_the_year_period(periods, agency_a):
    task = TaskFactory(lead_agency=agency_a, recurrence=Recurrence.YEARLY, due_on=None)
    # 2025 (year) came due 19/12/2025: a half-year entry does not count for a yearly task
    ProgressFactory(task=task, period=periods["2025-H2"])
    assert status_of(task).is_overdue
    assert status_of(task).due_date == dt.date(2025, 12, 19)
    ProgressFactory(task=task, period=periods["2025"])
    row = status_of(task)
    assert not row.is_overdue
    assert row.due_date == dt.date(2026, 12, 19)


def test_predecessor_progress_counts_after_a_merge(periods, agency_a):
    from tests.factories import AgencyFactory

    old = AgencyFactory(name="Sở Tài nguyên và Môi trường", successor=agency_a)
    task = TaskFactory(lead_agency=agency_a, recurrence=Recurrence.SEMIANNUAL, due_on=None)
    ProgressFactory(task=task, agency=old, period=periods["2026-H1"])
    assert not status_of(task).is_overdue


def test_urgency_order_puts_overdue_first_then_nearest_due(periods, agency_a):
    later = TaskFactory(lead_agency=agency_a, due_on=dt.date(2026, 12, 31))
    soon = TaskFactory(lead_agency=agency_a, due_on=dt.date(2026, 7, 10))
    none = TaskFactory(lead_agency=agency_a, due_on=None)
    late = TaskFactory(lead_agency=agency_a, due_on=dt.date(2026, 3, 1))
    done = TaskFactory(lead_agency=agency_a, due_on=dt.date(2026, 2, 1))
    ProgressFactory(task=done, status=ProgressStatus.DONE, percent=100)
    ordered = list(Task.objects.with_status(TODAY).by_urgency())
    assert ordered == [late, soon, later, none, done]


def test_for_agency_lists_led_and_coordinated_tasks_once(periods, agency_a, agency_b):
    led = TaskFactory(lead_agency=agency_a)
    coordinated = TaskFactory(lead_agency=agency_b, coordinating=[agency_a])
    TaskFactory(lead_agency=agency_b)
    assert set(Task.objects.for_agency(agency_a)) == {led, coordinated}
    assert Task.objects.for_agency(agency_a).count() == 2


def test_open_excludes_only_one_off_tasks_reported_done(periods, agency_a):
    done = TaskFactory(lead_agency=agency_a)
    ProgressFactory(task=done, status=ProgressStatus.DONE, percent=100)
    recurring = TaskFactory(lead_agency=agency_a, recurrence=Recurrence.YEARLY)
    ProgressFactory(task=recurring, status=ProgressStatus.DONE, percent=100)
    pending = TaskFactory(lead_agency=agency_a)
    assert set(Task.objects.open()) == {recurring, pending}


def test_status_facts_agree_with_the_sql_annotations(periods, agency_a, agency_b):
    """The task list computes the status in Python (``status_facts``): same rules as in SQL."""
    from tests.factories import AgencyFactory

    old = AgencyFactory(name="Sở Thông tin và Truyền thông", successor=agency_a)
    kinds = [
        dict(due_on=dt.date(2026, 6, 30)),
        dict(due_on=dt.date(2026, 7, 20)),
        dict(due_on=dt.date(2026, 12, 31)),
        dict(due_on=None),
        dict(recurrence=Recurrence.SEMIANNUAL, due_on=None),
        dict(recurrence=Recurrence.YEARLY, due_on=None),
    ]
    entries = [
        [],
        [(agency_a, "2026-H1", ProgressStatus.DONE)],
        [(agency_a, "2025-H2", ProgressStatus.DONE), (agency_a, "2026-H1", ProgressStatus.BLOCKED)],
        [(agency_b, "2026-H1", ProgressStatus.DONE)],
        [(old, "2026-H1", ProgressStatus.DONE)],
        [(agency_a, "2025", ProgressStatus.IN_PROGRESS)],
    ]
    for kind in kinds:
        for progress in entries:
            task = TaskFactory(lead_agency=agency_a, coordinating=[agency_b], **kind)
            for agency, period, status in progress:
                ProgressFactory(task=task, agency=agency, period=periods[period], status=status)
    fields = ["latest_status", "due_date", "is_overdue", "is_due_soon", "urgency"]
    for today in [dt.date(2026, 6, 1), TODAY, dt.date(2026, 12, 1), dt.date(2027, 1, 5)]:
        in_sql = list(Task.objects.with_status(today).by_urgency())
        for with_percent in (False, True):  # the task page also reads the percentage
            checked = fields + ["latest_percent"] if with_percent else fields
            in_python = sorted(
                Task.objects.status_facts(today, with_percent=with_percent),
                key=lambda s: s.urgency_key(),
            )
            assert [s.pk for s in in_python] == [t.pk for t in in_sql]
            for task, facts in zip(in_sql, in_python, strict=True):
                assert [getattr(facts, f) for f in checked] == [getattr(task, f) for f in checked]
    assert {t.latest_percent for t in in_sql} - {None}, "some entries carry a percentage"
