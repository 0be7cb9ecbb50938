"""The provincial dashboard issues the same, small number of queries whatever the data size."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assignments.choices import ActivityKind, ProgressStatus, Recurrence
from assignments.models import Activity, ProgressUpdate, Task
from enterprises.choices import AssessmentKind, OptionCategory, OptionStatus
from enterprises.models import Assessment, Enterprise, Option
from programs.choices import IndicatorComputation as C
from programs.choices import PeriodKind
from reports.choices import ReportStatus
from reports.models import AgencyReport, SxshOfficer
from tests.factories import (
    AgencyFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    LegalDocumentFactory,
    LocalityFactory,
    NationalStrategyFactory,
    PeriodFactory,
    TargetFactory,
    VsicFactory,
)

# the pages' "today" (a Monday morning in An Giang)
MID_SEPTEMBER_2025 = dt.datetime(2025, 9, 15, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))

# The queries of one dashboard page when it is computed (cache miss), whatever the size:
#  1 session, 2 user with its agency (accounts.backends joins it), 3 user's groups (prefetched)
#  4 data version (cache key)
#  5 periods (filter list, current + previous)         6 directives (filter list)
#  7 register scan grouped by locality × VSIC section (section names: cached reference data)
#  8 implemented options (saving averages and totals)  9 indicators   10 targets in force
#  11 officers   12 activities   13 manual values   14 task status by agency
#  15 overdue tasks   16 report matrix
#  17–20 the year's approved plan (plans.selectors.plan_execution_in_force): items with their
#  version, budget lines, deliverables, linked activities grouped — the same 4 with no plan
# (no session save: accounts.middleware.SlidingSessionMiddleware saves it once a minute at most)
EXPECTED_QUERIES = 20
# Served from the cache (same filters, same day, no write since): 1–4
EXPECTED_QUERIES_CACHED = 4


def build(n_enterprises: int, doit_user) -> None:
    """A province scaled by ``n_enterprises``: agencies, tasks, progress, reports grow with it."""
    scale = max(1, n_enterprises // 10)
    author = doit_user
    periods = [
        PeriodFactory(year=2024, kind=PeriodKind.H2),
        PeriodFactory(year=2025, kind=PeriodKind.H1),
        PeriodFactory(year=2025, kind=PeriodKind.H2),
    ]
    doc = LegalDocumentFactory()
    for key in (
        C.SHARE_INFORMED,
        C.SHARE_APPLYING,
        C.AVG_ENERGY_SAVING,
        C.AVG_MATERIAL_SAVING,
        C.SHARE_STAFF_TRAINED,
        C.DEMONSTRATION_MODELS,
        C.ENTERPRISES_ASSESSED,
        C.FUNDS_MOBILISED,
    ):
        TargetFactory(
            indicator=IndicatorFactory(computation=key), document=NationalStrategyFactory()
        )
    manual = IndicatorFactory(code="thu-cong", computation=C.MANUAL)
    IndicatorValueFactory(indicator=manual, period=periods[1], entered_by=author)
    localities = [LocalityFactory() for _ in range(min(5, scale))]
    vsic = VsicFactory()
    agencies = [AgencyFactory() for _ in range(min(3 + scale // 5, 30))]
    ents = Enterprise.objects.bulk_create(
        Enterprise(
            tax_code=f"{2000000000 + scale * 100000 + i}",
            name=f"DN {i}",
            has_sxsh_potential=i % 2 == 0,
            locality=localities[i % len(localities)],
            vsic=vsic if i % 3 else None,
        )
        for i in range(n_enterprises)
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(
            enterprise=e,
            assessed_on=dt.date(2024, 3, 1),
            kind=AssessmentKind.QUICK,
            baseline_energy_kwh=100,
            baseline_material_t=5,
        )
        for e in ents[::3]
    )
    Option.objects.bulk_create(
        Option(
            assessment=a,
            category=OptionCategory.GOOD_HOUSEKEEPING,
            description="x",
            status=OptionStatus.IMPLEMENTED,
            implemented_on=dt.date(2024, 6, 1),
            energy_saving_kwh=Decimal(5),
            material_saving_t=Decimal("0.2"),
            co2_reduction_t=Decimal(1),
            annual_saving_vnd=Decimal(1000),
        )
        for a in assessments
    )
    acts = Activity.objects.bulk_create(
        Activity(
            agency=agencies[i % len(agencies)],
            title=f"HĐ {i}",
            author=author,
            kind=[ActivityKind.TRAINING, ActivityKind.DEMONSTRATION, ActivityKind.MEDIA][i % 3],
            held_on=dt.date(2025, 1 + i % 9, 1),
            cost_vnd=Decimal(1_000_000),
        )
        for i in range(scale * 3)
    )
    through = Activity.enterprises.through
    through.objects.bulk_create(
        through(activity_id=acts[i % len(acts)].pk, enterprise_id=e.pk)
        for i, e in enumerate(ents[::2])
    )
    officers = SxshOfficer.objects.bulk_create(
        SxshOfficer(
            agency=agencies[i % len(agencies)], full_name=f"CB {i}", since=dt.date(2024, 1, 1)
        )
        for i in range(scale * 2)
    )
    SxshOfficer.trainings.through.objects.bulk_create(
        SxshOfficer.trainings.through(sxshofficer_id=o.pk, activity_id=acts[0].pk)
        for o in officers[::2]
    )
    tasks = Task.objects.bulk_create(
        Task(
            document=doc,
            ref=f"{i}.a",
            text="Nhiệm vụ",
            lead_agency=agencies[i % len(agencies)],
            recurrence=[Recurrence.ONCE, Recurrence.YEARLY][i % 2],
            due_on=dt.date(2025, 1 + i % 12, 1),
        )
        for i in range(scale * 4)
    )
    statuses = itertools.cycle([ProgressStatus.DONE, ProgressStatus.IN_PROGRESS])
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            task=t,
            agency=t.lead_agency,
            period=p,
            status=next(statuses),
            narrative="x",
            author=author,
        )
        for t in tasks[::2]
        for p in periods
    )
    AgencyReport.objects.bulk_create(
        AgencyReport(agency=a, period=p, status=ReportStatus.DRAFT)
        for a in agencies
        for p in periods[1:]
    )


def count_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("dashboards:dashboard"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("size", [10, 1000])
@pytest.mark.usefixtures("no_page_cache")
def test_dashboard_query_count_is_fixed(client_for, doit, size, monkeypatch, time_machine):
    time_machine.move_to(MID_SEPTEMBER_2025, tick=False)
    build(size, doit)
    c = client_for(doit)
    c.get(reverse("dashboards:dashboard"))  # warm the reference-data cache and the session
    assert count_queries(c) == EXPECTED_QUERIES_CACHED
    monkeypatch.setattr("dashboards.views.DASHBOARD_CACHE_SECONDS", 0)  # always compute
    cache.clear()
    c.get(reverse("dashboards:dashboard"))  # re-warms the reference data only
    assert count_queries(c) == EXPECTED_QUERIES


def test_dashboard_query_count_is_the_same_on_an_empty_province(client_for, leader, db):
    # nothing at all: no periods, no indicators → never more queries than with data
    assert count_queries(client_for(leader)) <= EXPECTED_QUERIES


def test_a_write_shows_on_the_dashboard_at_once(client_for, doit, agency_a, time_machine):
    from tests.factories import ProgressFactory, TaskFactory

    time_machine.move_to(MID_SEPTEMBER_2025, tick=False)
    period = PeriodFactory(year=2025, kind=PeriodKind.H2)
    task = TaskFactory(lead_agency=agency_a, due_on=dt.date(2025, 6, 1))
    c = client_for(doit)
    assert c.get(reverse("dashboards:dashboard")).context["task_totals"]["overdue"] == 1
    ProgressFactory(task=task, period=period, status=ProgressStatus.DONE)
    totals = c.get(reverse("dashboards:dashboard")).context["task_totals"]
    assert (totals["overdue"], totals["done"]) == (0, 1)


def _agency_page_queries(client_for, user, agency, n):
    from tests.factories import ActivityFactory, TaskFactory

    period = PeriodFactory(year=2025, kind=PeriodKind.H2)
    for i in range(n):
        TaskFactory(lead_agency=agency, due_on=dt.date(2025, 9, 1 + i % 20), ref=f"{n}-{i}")
        ActivityFactory(agency=agency, held_on=dt.date(2025, 8, 1 + i % 20), author=user)
    AgencyReport.objects.get_or_create(agency=agency, period=period)
    c = client_for(user)
    c.get(reverse("dashboards:agency_dashboard"))
    with CaptureQueriesContext(connection) as ctx:
        response = c.get(reverse("dashboards:agency_dashboard"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_agency_dashboard_query_count_does_not_grow(client_for, staff_a, agency_a, time_machine):
    time_machine.move_to(MID_SEPTEMBER_2025, tick=False)
    few = _agency_page_queries(client_for, staff_a, agency_a, 2)
    many = _agency_page_queries(client_for, staff_a, agency_a, 30)
    assert few == many <= 15


def test_agency_dashboard_is_cached_until_a_write(client_for, staff_a, agency_a, time_machine):
    """The agency page is cached like the provincial one: a repeat visit runs none of its block
    queries, and a write through the portal shows at once."""
    from tests.factories import ProgressFactory, TaskFactory

    time_machine.move_to(MID_SEPTEMBER_2025, tick=False)
    period = PeriodFactory(year=2025, kind=PeriodKind.H2)
    task = TaskFactory(lead_agency=agency_a, due_on=dt.date(2025, 6, 1))
    c = client_for(staff_a)
    url = reverse("dashboards:agency_dashboard")
    assert [t.pk for t in c.get(url).context["tasks"]["overdue"]] == [task.pk]
    with CaptureQueriesContext(connection) as ctx:
        c.get(url)
    # only the data version reads the task table (its MAX(id)); no block query runs
    assert not any('"assignments_task"."ref"' in q["sql"] for q in ctx.captured_queries)
    assert not any('"reports_agencyreport"."status"' in q["sql"] for q in ctx.captured_queries)
    ProgressFactory(task=task, period=period, agency=agency_a, status=ProgressStatus.DONE)
    assert c.get(url).context["tasks"]["overdue"] == []
