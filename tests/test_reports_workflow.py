"""The agency report workflow: who may do what, locking, lateness, concurrency, pre-fill."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.roles import Role
from enterprises.models import Assessment
from reports import prefill, workflow
from reports.models import AgencyReport, ReportLockedError
from reports.workflow import ReportWorkflowError, StaleReportError
from tests.factories import UserFactory
from tests.factories_reports import (
    ActivityFactory,
    EnterpriseFactory,
    ProgressUpdateFactory,
    ReportingPeriodFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def period():
    return ReportingPeriodFactory()  # 2026-H1: 15/12/2025 – 14/06/2026, due 19/06/2026


@pytest.fixture
def lead_b(agency_b):
    return UserFactory(
        username="lead_b", agency=agency_b, roles=[Role.AGENCY_STAFF, Role.AGENCY_LEAD]
    )


def draft(agency, period, staff, results="Đã tổ chức 02 lớp tập huấn."):
    report = workflow.report_get_or_create(agency=agency, period=period, actor=staff)
    return workflow.report_update(
        report=report,
        actor=staff,
        version=report.version,
        results=results,
        difficulties="",
        proposals="",
    )


def submitted(agency, period, staff, lead):
    report = draft(agency, period, staff)
    return workflow.report_submit(report=report, actor=lead, version=report.version)


def accepted(agency, period, staff, lead, reviewer):
    report = submitted(agency, period, staff, lead)
    return workflow.report_accept(report=report, actor=reviewer, version=report.version)


# --- roles -----------------------------------------------------------------------------------


def test_staff_edits_draft_but_cannot_submit(agency_a, period, staff_a):
    report = draft(agency_a, period, staff_a)
    assert report.results.startswith("Đã tổ chức")
    with pytest.raises(PermissionDenied):
        workflow.report_submit(report=report, actor=staff_a, version=report.version)
    assert AgencyReport.objects.get(pk=report.pk).status == "draft"


def test_lead_submits_and_transition_is_recorded(agency_a, period, staff_a, lead_a):
    report = submitted(agency_a, period, staff_a, lead_a)
    assert report.status == "submitted"
    assert report.submitted_by == lead_a
    (transition,) = report.transitions.all()
    assert (transition.from_status, transition.to_status, transition.actor) == (
        "draft",
        "submitted",
        lead_a,
    )


def test_lead_of_b_cannot_submit_report_of_a(agency_a, period, staff_a, lead_b):
    report = draft(agency_a, period, staff_a)
    with pytest.raises(PermissionDenied):
        workflow.report_submit(report=report, actor=lead_b, version=report.version)


def test_staff_of_b_cannot_edit_report_of_a(agency_a, period, staff_a, staff_b):
    report = draft(agency_a, period, staff_a)
    with pytest.raises(PermissionDenied):
        workflow.report_update(
            report=report,
            actor=staff_b,
            version=report.version,
            results="x",
            difficulties="",
            proposals="",
        )


def test_submit_requires_results_narrative(agency_a, period, staff_a, lead_a):
    report = draft(agency_a, period, staff_a, results="   ")
    with pytest.raises(ReportWorkflowError):
        workflow.report_submit(report=report, actor=lead_a, version=report.version)


def test_reviewer_cannot_edit_narrative(agency_a, period, staff_a, doit):
    report = draft(agency_a, period, staff_a)
    with pytest.raises(PermissionDenied):
        workflow.report_update(
            report=report,
            actor=doit,
            version=report.version,
            results="Sửa",
            difficulties="",
            proposals="",
        )


def test_only_reviewer_returns_and_comment_is_required(
    agency_a, period, staff_a, lead_a, doit, leader
):
    report = submitted(agency_a, period, staff_a, lead_a)
    for outsider in (lead_a, staff_a, leader):
        with pytest.raises(PermissionDenied):
            workflow.report_return(
                report=report, actor=outsider, version=report.version, comment="x"
            )
    with pytest.raises(ReportWorkflowError):
        workflow.report_return(report=report, actor=doit, version=report.version, comment=" ")
    report = workflow.report_return(
        report=report, actor=doit, version=report.version, comment="Bổ sung số liệu kinh phí."
    )
    assert report.status == "returned"
    assert report.transitions.last().comment == "Bổ sung số liệu kinh phí."


def test_returned_report_is_edited_and_resubmitted(agency_a, period, staff_a, lead_a, doit):
    report = submitted(agency_a, period, staff_a, lead_a)
    report = workflow.report_return(
        report=report, actor=doit, version=report.version, comment="Bổ sung"
    )
    report = workflow.report_update(
        report=report,
        actor=staff_a,
        version=report.version,
        results="Đã bổ sung",
        difficulties="",
        proposals="",
    )
    report = workflow.report_submit(report=report, actor=lead_a, version=report.version)
    report = workflow.report_accept(report=report, actor=doit, version=report.version)
    assert [t.to_status for t in report.transitions.all()] == [
        "submitted",
        "returned",
        "submitted",
        "accepted",
    ]


def test_leader_is_read_only(agency_a, period, staff_a, lead_a, leader):
    report = submitted(agency_a, period, staff_a, lead_a)
    with pytest.raises(PermissionDenied):
        workflow.report_accept(report=report, actor=leader, version=report.version)
    with pytest.raises(PermissionDenied):
        workflow.report_get_or_create(agency=leader.agency, period=period, actor=leader)


# --- locking ---------------------------------------------------------------------------------


def test_accepted_report_is_locked_for_every_service(agency_a, period, staff_a, lead_a, doit):
    report = accepted(agency_a, period, staff_a, lead_a, doit)
    v = report.version
    with pytest.raises(ReportLockedError):
        workflow.report_update(
            report=report, actor=staff_a, version=v, results="x", difficulties="", proposals=""
        )
    with pytest.raises(ReportLockedError):
        workflow.report_adjust(
            report=report, actor=staff_a, version=v, key="trainings", value=3, reason="r"
        )
    with pytest.raises(ReportLockedError):
        workflow.report_prefill(report=report, actor=staff_a, version=v)
    with pytest.raises(ReportLockedError):
        workflow.report_submit(report=report, actor=lead_a, version=v)
    with pytest.raises(ReportLockedError):
        workflow.report_return(report=report, actor=doit, version=v, comment="x")
    fresh = AgencyReport.objects.get(pk=report.pk)
    assert (fresh.status, fresh.results, fresh.version) == ("accepted", report.results, v)


def test_model_refuses_to_save_an_accepted_report(agency_a, period, staff_a, lead_a, doit):
    report = accepted(agency_a, period, staff_a, lead_a, doit)
    stale = AgencyReport.objects.get(pk=report.pk)
    stale.results = "Ghi đè từ shell"
    with pytest.raises(ReportLockedError):
        stale.save()
    with pytest.raises(ReportLockedError):
        stale.delete()
    assert AgencyReport.objects.get(pk=report.pk).results == report.results


def test_reopen_requires_reason_and_records_it(agency_a, period, staff_a, lead_a, doit):
    report = accepted(agency_a, period, staff_a, lead_a, doit)
    with pytest.raises(ReportWorkflowError):
        workflow.report_reopen(report=report, actor=doit, version=report.version, reason="")
    with pytest.raises(PermissionDenied):
        workflow.report_reopen(report=report, actor=lead_a, version=report.version, reason="x")
    report = workflow.report_reopen(
        report=report, actor=doit, version=report.version, reason="Sai số liệu kinh phí"
    )
    assert report.status == "returned" and report.accepted_at is None
    last = report.transitions.last()
    assert (last.from_status, last.to_status, last.actor, last.comment) == (
        "accepted",
        "returned",
        doit,
        "Sai số liệu kinh phí",
    )
    # unlocked: the agency can correct it again
    workflow.report_update(
        report=report,
        actor=staff_a,
        version=report.version,
        results="Đã sửa",
        difficulties="",
        proposals="",
    )


# --- lateness --------------------------------------------------------------------------------


def _submit_at(report, lead, when, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: when)
    return workflow.report_submit(report=report, actor=lead, version=report.version)


def test_submitting_on_the_due_date_is_on_time(agency_a, period, staff_a, lead_a, monkeypatch):
    report = draft(agency_a, period, staff_a)
    # 23:30 local time on the due date (16:30 UTC) is still on time
    late_evening = timezone.make_aware(dt.datetime(2026, 6, 19, 23, 30))
    report = _submit_at(report, lead_a, late_evening, monkeypatch)
    assert not report.is_late


def test_submitting_the_day_after_the_due_date_is_late(
    agency_a, period, staff_a, lead_a, monkeypatch
):
    report = draft(agency_a, period, staff_a)
    just_after = timezone.make_aware(dt.datetime(2026, 6, 20, 0, 5))
    report = _submit_at(report, lead_a, just_after, monkeypatch)
    assert report.is_late


def test_lateness_is_decided_by_the_first_submission(
    agency_a, period, staff_a, lead_a, doit, monkeypatch
):
    report = draft(agency_a, period, staff_a)
    report = _submit_at(
        report, lead_a, timezone.make_aware(dt.datetime(2026, 6, 18, 9)), monkeypatch
    )
    report = workflow.report_return(
        report=report, actor=doit, version=report.version, comment="Bổ sung"
    )
    report = _submit_at(
        report, lead_a, timezone.make_aware(dt.datetime(2026, 7, 1, 9)), monkeypatch
    )
    assert not report.is_late


# --- concurrency -----------------------------------------------------------------------------


def test_two_reviewers_at_once_one_wins_the_other_gets_a_clear_message(
    agency_a, period, staff_a, lead_a, doit
):
    report = submitted(agency_a, period, staff_a, lead_a)
    other = UserFactory(username="reviewer2", agency=doit.agency, roles=[Role.DOIT_REVIEWER])
    page_a = AgencyReport.objects.get(pk=report.pk)  # both opened the page at version v
    page_b = AgencyReport.objects.get(pk=report.pk)
    workflow.report_accept(report=page_a, actor=doit, version=page_a.version)
    with pytest.raises(StaleReportError) as excinfo:
        workflow.report_return(
            report=page_b, actor=other, version=page_b.version, comment="Trả lại"
        )
    assert "người khác cập nhật" in excinfo.value.messages[0]
    assert AgencyReport.objects.get(pk=report.pk).status == "accepted"


def test_stale_narrative_form_does_not_overwrite(agency_a, period, staff_a):
    report = draft(agency_a, period, staff_a)
    old_version = report.version
    workflow.report_update(
        report=report,
        actor=staff_a,
        version=old_version,
        results="Bản mới",
        difficulties="",
        proposals="",
    )
    stale = AgencyReport.objects.get(pk=report.pk)
    with pytest.raises(StaleReportError):
        workflow.report_update(
            report=stale,
            actor=staff_a,
            version=old_version,
            results="Bản cũ",
            difficulties="",
            proposals="",
        )
    assert AgencyReport.objects.get(pk=report.pk).results == "Bản mới"


@pytest.mark.skipif(
    "sqlite" in settings.DATABASES["default"]["ENGINE"],
    reason="SQLite serialises writers; the compare-and-set is covered above",
)
# serialized_rollback: the flush after a transactional test would otherwise drop the groups
# and the default regime created by data migrations, breaking the tests that run after it
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_accept_and_return_in_threads(agency_a, period, staff_a, lead_a, doit):
    report = submitted(agency_a, period, staff_a, lead_a)
    other = UserFactory(username="reviewer3", agency=doit.agency, roles=[Role.DOIT_REVIEWER])
    version = report.version
    outcomes = []
    barrier = threading.Barrier(2)

    def act(fn, **kw):
        from django.db import connections

        try:
            barrier.wait()
            fn(report=AgencyReport.objects.get(pk=report.pk), version=version, **kw)
            outcomes.append("ok")
        except StaleReportError:
            outcomes.append("stale")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=(workflow.report_accept,), kwargs={"actor": doit}),
        threading.Thread(
            target=act, args=(workflow.report_return,), kwargs={"actor": other, "comment": "x"}
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "stale"]
    assert AgencyReport.objects.get(pk=report.pk).transitions.count() == 2


# --- pre-fill --------------------------------------------------------------------------------


def test_prefill_figures_equal_the_underlying_data(agency_a, agency_b, period, staff_a, doit):
    earlier = ReportingPeriodFactory(
        key="2025-H2",
        kind="h2",
        year=2025,
        starts_on=dt.date(2025, 6, 15),
        ends_on=dt.date(2025, 12, 14),
        due_on=dt.date(2025, 12, 19),
    )
    done = TaskFactory(lead_agency=agency_a)
    doing = TaskFactory(lead_agency=agency_a, due_on=dt.date(2026, 3, 1))  # overdue by 14/06
    TaskFactory(lead_agency=agency_a)  # never reported: not started
    TaskFactory(lead_agency=agency_b)  # another agency's task
    ProgressUpdateFactory(task=done, period=earlier, status="in_progress", author=staff_a)
    ProgressUpdateFactory(task=done, period=period, status="done", percent=100, author=staff_a)
    ProgressUpdateFactory(task=doing, period=period, status="blocked", author=staff_a)
    e1, e2 = EnterpriseFactory(), EnterpriseFactory()
    t1 = ActivityFactory(
        agency=agency_a,
        kind="training",
        quantity=2,
        participants=60,
        cost_vnd=30_000_000,
        author=staff_a,
    )
    t1.enterprises.add(e1, e2)
    w = ActivityFactory(
        agency=agency_a,
        kind="workshop",
        participants=40,
        cost_vnd=12_000_000,
        funding_source="environment",
        author=staff_a,
    )
    w.enterprises.add(e1)
    ActivityFactory(agency=agency_a, kind="media", quantity=7, author=staff_a)
    ActivityFactory(agency=agency_a, kind="leaflet", quantity=500, author=staff_a)
    ActivityFactory(agency=agency_a, kind="demonstration", author=staff_a)
    # outside the window, and another agency's: not counted
    ActivityFactory(
        agency=agency_a, kind="media", quantity=99, held_on=dt.date(2025, 12, 14), author=staff_a
    )
    ActivityFactory(agency=agency_b, kind="media", quantity=99, author=staff_a)
    Assessment.objects.create(
        enterprise=e1, assessed_on=dt.date(2026, 2, 1), kind="quick", supporting_agency=agency_a
    )
    Assessment.objects.create(
        enterprise=e1, assessed_on=dt.date(2026, 4, 1), kind="detailed", supporting_agency=agency_a
    )

    report = workflow.report_get_or_create(agency=agency_a, period=period, actor=staff_a)
    f = report.figures
    assert (f["tasks_total"], f["tasks_done"], f["tasks_in_progress"], f["tasks_not_started"]) == (
        3,
        1,
        1,
        1,
    )
    assert f["tasks_overdue"] == 1
    assert (f["trainings"], f["training_participants"]) == (2, 60)
    assert (f["workshops"], f["workshop_participants"]) == (1, 40)
    assert (f["media_pieces"], f["leaflets"], f["demonstrations"]) == (7, 500, 1)
    assert f["enterprises_reached"] == 2
    assert f["enterprises_supported"] == 1
    assert f["cost_khuyen_cong"] == 30_000_000
    assert f["cost_environment"] == 12_000_000
    assert f["cost_total"] == 42_000_000


def test_adjustment_needs_a_reason_and_keeps_the_computed_value(agency_a, period, staff_a):
    ActivityFactory(agency=agency_a, kind="media", quantity=3, author=staff_a)
    report = draft(agency_a, period, staff_a)
    with pytest.raises(ReportWorkflowError):
        workflow.report_adjust(
            report=report,
            actor=staff_a,
            version=report.version,
            key="media_pieces",
            value=5,
            reason="",
        )
    report = workflow.report_adjust(
        report=report,
        actor=staff_a,
        version=report.version,
        key="media_pieces",
        value=5,
        reason="2 phóng sự phát trên sóng VTV chưa nhập",
    )
    row = next(r for r in prefill.figure_rows(report) if r["key"] == "media_pieces")
    assert (row["computed"], row["value"]) == (3, 5)
    assert row["adjustment"]["reason"] == "2 phóng sự phát trên sóng VTV chưa nhập"
    assert row["adjustment"]["by_id"] == staff_a.pk


def test_refresh_picks_up_new_activities(agency_a, period, staff_a):
    report = draft(agency_a, period, staff_a)
    ActivityFactory(
        agency=agency_a,
        kind="training",
        quantity=1,
        participants=25,
        author=staff_a,
        cost_vnd=Decimal(5),
    )
    report = workflow.report_prefill(report=report, actor=staff_a, version=report.version)
    assert report.figures["training_participants"] == 25
