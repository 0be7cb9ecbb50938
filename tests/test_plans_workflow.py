"""The plan workflow (plans.services): drafting, appraisal, approval, execution, revision,
with a history row per step and the version check; planned vs actual (plans.selectors)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assignments.choices import ActivityKind, FundingSource
from assignments.locks import LockedError
from plans import services
from plans.choices import DeliverableKind, PlanStatus
from plans.models import ActivityPlanLink, PlanBudgetLine, PlanItem, PlanTransition
from plans.selectors import plan_execution, version_changes
from tests.factories import DECISION, ActivityFactory, TaskFactory, appraiser

pytestmark = pytest.mark.django_db


@pytest.fixture
def stc(db):
    return appraiser()


def _item(version, actor, task, **overrides):
    values = {
        "version": version,
        "actor": actor,
        "task": task,
        "title": "Tổ chức 3 lớp tập huấn SXSH cho doanh nghiệp",
        "lead_agency": task.lead_agency,
        "quarter": 2,
        "month": 5,
        "total_vnd": 150_000_000,
        "deliverables": [
            (DeliverableKind.TRAINING_COURSES, 3, ""),
            (DeliverableKind.PARTICIPANTS, 150, ""),
        ],
        "budget": {FundingSource.KHUYEN_CONG: 100_000_000, FundingSource.LOCAL_BUDGET: 50_000_000},
    }
    values.update(overrides)
    return services.item_save(**values)


def _approved(doit, stc, task, *, cut=None):
    version = services.plan_create(year=2026, actor=doit)
    item = _item(version, doit, task)
    services.plan_submit(version=version, actor=doit, row_version=version.row_version)
    amounts = {}
    if cut:
        line = item.budget_lines.get(funding_source=FundingSource.KHUYEN_CONG)
        amounts[line.pk] = cut
    services.plan_appraise(
        version=version, actor=stc, row_version=version.row_version, amounts=amounts
    )
    services.plan_approve(version=version, actor=doit, row_version=version.row_version, **DECISION)
    return version, item


def test_agency_drafts_items_only_for_its_own_tasks(doit, staff_a, agency_a, agency_b):
    version = services.plan_create(year=2026, actor=doit)
    mine = TaskFactory(lead_agency=agency_a)
    theirs = TaskFactory(lead_agency=agency_b)
    item = _item(version, staff_a, mine)
    assert item.lead_agency == agency_a
    with pytest.raises(PermissionDenied):
        _item(version, staff_a, theirs)
    with pytest.raises(ValidationError) as exc:
        _item(version, staff_a, theirs, lead_agency=agency_a)
    assert "task" in exc.value.message_dict
    # DOIT consolidates: edits anyone's item
    _item(version, doit, theirs, item=None)
    assert PlanItem.objects.filter(version=version).count() == 2


def test_split_over_total_is_refused_with_the_amounts(doit, agency_a):
    version = services.plan_create(year=2026, actor=doit)
    with pytest.raises(ValidationError) as exc:
        _item(version, doit, TaskFactory(lead_agency=agency_a), total_vnd=149_999_999)
    assert "150.000.000 đồng" in exc.value.message_dict["budget"][0]


def test_full_workflow_records_each_step_with_its_actor(doit, stc, agency_a):
    version, item = _approved(doit, stc, TaskFactory(lead_agency=agency_a), cut=80_000_000)
    assert version.status == PlanStatus.APPROVED
    assert version.decision_number == "512/QĐ-UBND"
    steps = list(PlanTransition.objects.filter(version=version).values_list("to_status", "actor"))
    assert steps == [
        (PlanStatus.DRAFT, doit.pk),
        (PlanStatus.SUBMITTED, doit.pk),
        (PlanStatus.APPRAISED, stc.pk),
        (PlanStatus.APPROVED, doit.pk),
    ]
    line = item.budget_lines.get(funding_source=FundingSource.KHUYEN_CONG)
    assert (line.planned_vnd, line.appraised_vnd, line.approved_vnd) == (
        100_000_000,
        80_000_000,
        80_000_000,
    )
    assert line.history.filter(history_user=stc).exists()  # the cut has its actor too
    services.plan_start_execution(version=version, actor=doit, row_version=version.row_version)
    assert version.status == PlanStatus.EXECUTING
    # frozen: no edit through the service either
    with pytest.raises(LockedError):
        _item(version, doit, item.task, item=item, title="Sửa")


def test_appraiser_returns_with_comments_and_doit_resubmits(doit, stc, agency_a):
    version = services.plan_create(year=2026, actor=doit)
    _item(version, doit, TaskFactory(lead_agency=agency_a))
    services.plan_submit(version=version, actor=doit, row_version=version.row_version)
    with pytest.raises(ValidationError):
        services.plan_return(
            version=version, actor=stc, row_version=version.row_version, comment=""
        )
    with pytest.raises(PermissionDenied):
        services.plan_appraise(version=version, actor=doit, row_version=version.row_version)
    services.plan_return(
        version=version,
        actor=stc,
        row_version=version.row_version,
        comment="Giảm kinh phí hội thảo",
    )
    assert version.status == PlanStatus.RETURNED
    assert version.appraisal_comment == "Giảm kinh phí hội thảo"
    services.plan_submit(version=version, actor=doit, row_version=version.row_version)
    assert version.status == PlanStatus.SUBMITTED


def test_a_stale_page_cannot_step_the_workflow(doit, stc, agency_a):
    version = services.plan_create(year=2026, actor=doit)
    _item(version, doit, TaskFactory(lead_agency=agency_a))
    seen = version.row_version
    _item(version, doit, TaskFactory(lead_agency=agency_a), title="Thêm nội dung")
    with pytest.raises(services.StalePlanError):
        services.plan_submit(version=version, actor=doit, row_version=seen)


def test_unallocated_items_cannot_be_submitted(doit, agency_a):
    version = services.plan_create(year=2026, actor=doit)
    _item(version, doit, TaskFactory(lead_agency=agency_a), total_vnd=200_000_000)
    with pytest.raises(services.PlanWorkflowError, match="chưa chia hết"):
        services.plan_submit(version=version, actor=doit, row_version=version.row_version)


def test_approval_needs_the_decision_and_the_right_role(doit, stc, staff_a, agency_a):
    version = services.plan_create(year=2026, actor=doit)
    _item(version, doit, TaskFactory(lead_agency=agency_a))
    services.plan_submit(version=version, actor=doit, row_version=version.row_version)
    services.plan_appraise(version=version, actor=stc, row_version=version.row_version)
    with pytest.raises(PermissionDenied):
        services.plan_approve(version=version, actor=staff_a, row_version=None, **DECISION)
    with pytest.raises(ValidationError):
        services.plan_approve(
            version=version, actor=doit, row_version=None, decision_number="", decision_date=None
        )
    assert version.status == PlanStatus.APPRAISED


def test_revision_is_a_new_version_and_supersedes_on_approval(doit, stc, agency_a):
    version, item = _approved(doit, stc, TaskFactory(lead_agency=agency_a), cut=80_000_000)
    with pytest.raises(services.PlanWorkflowError):
        services.plan_revise(version=version, actor=doit, reason="")
    revision = services.plan_revise(
        version=version, actor=doit, reason="Bổ sung mô hình trình diễn"
    )
    assert revision.number == 2 and revision.status == PlanStatus.DRAFT
    copy = revision.items.get()
    assert copy.lineage == item.lineage
    assert copy.total_vnd == 130_000_000  # the approved amounts
    services.item_save(
        version=revision,
        actor=doit,
        item=copy,
        task=copy.task,
        title=copy.title,
        lead_agency=copy.lead_agency,
        quarter=3,
        total_vnd=160_000_000,
        budget={FundingSource.KHUYEN_CONG: 110_000_000, FundingSource.LOCAL_BUDGET: 50_000_000},
        deliverables=[(DeliverableKind.TRAINING_COURSES, 4, "")],
    )
    changes = version_changes(version, revision)
    assert [c.kind for c in changes] == ["changed"]
    changed = dict((label, (a, b)) for label, a, b in changes[0].fields)
    assert changed["Tổng kinh phí"] == ("130.000.000 đồng", "160.000.000 đồng")
    assert changed["Thời gian"] == ("Tháng 5", "Quý III")
    services.plan_submit(version=revision, actor=doit, row_version=revision.row_version)
    services.plan_appraise(version=revision, actor=stc, row_version=revision.row_version)
    services.plan_approve(
        version=revision,
        actor=doit,
        row_version=revision.row_version,
        decision_number="1020/QĐ-UBND",
        decision_date=dt.date(2026, 7, 10),
    )
    version.refresh_from_db()
    assert version.status == PlanStatus.SUPERSEDED
    assert PlanBudgetLine.objects.filter(item__version=version, approved_vnd=80_000_000).exists()


def test_execution_compares_planned_and_actual_by_item_source_quarter(doit, stc, staff_a, agency_a):
    task = TaskFactory(lead_agency=agency_a)
    version, item = _approved(doit, stc, task, cut=80_000_000)
    for day, cost, source in (
        (dt.date(2026, 5, 10), 30_000_000, FundingSource.KHUYEN_CONG),
        (dt.date(2026, 8, 2), 12_345_678, FundingSource.LOCAL_BUDGET),
    ):
        activity = ActivityFactory(
            agency=agency_a,
            task=task,
            kind=ActivityKind.TRAINING,
            held_on=day,
            cost_vnd=cost,
            funding_source=source,
            participants=45,
            author=staff_a,
        )
        services.activity_link(activity=activity, item=item, actor=staff_a)
    other_year = ActivityFactory(agency=agency_a, held_on=dt.date(2025, 5, 1), author=staff_a)
    with pytest.raises(ValidationError):
        services.activity_link(activity=other_year, item=item, actor=staff_a)
    figures = plan_execution(version, today=dt.date(2026, 9, 1))
    (row,) = figures.items
    assert row.money.approved == 130_000_000
    assert row.money.actual == 42_345_678
    assert row.by_source[FundingSource.KHUYEN_CONG].actual == 30_000_000
    assert row.money.rate == 32.6
    assert [(o.planned, o.actual) for o in row.outputs] == [(3, 2), (150, 90)]
    assert row.behind  # month 5 is past and 2 of 3 courses were held
    quarters = {r.key: r.money.actual for r in figures.by_quarter}
    assert quarters == {"1": 0, "2": 30_000_000, "3": 12_345_678, "4": 0}
    assert figures.total.actual == sum(r.money.actual for r in figures.by_source)
    assert ActivityPlanLink.objects.count() == 2
