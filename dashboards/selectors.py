"""Dashboard queries: one query per block, whatever the size of the data.

Task status (per task, on a reference period P and today):

- the *status* of a one-off task is its latest progress up to P's end; of a recurring task
  (yearly / every 6 months) its latest progress **in P**;
- **done** when that status is done; **overdue** when not done and — one-off — ``due_on`` is before
  min(today, P's due date), or — recurring — the last period of its kind (year, or half-year) that
  had come due by then has no progress for it. That is the task list's rule
  (``Task.objects.with_status``), so the dashboard and the list count the same overdue tasks;
- **in progress** when in progress or blocked; else **not started**.

Reports: who is expected, submitted, late, missing is ``reports.selectors``' rule (the
completeness page's); the matrix here only shows it with the workflow status.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from assignments.choices import ProgressStatus, Recurrence
from assignments.models import (
    Activity,
    ProgressUpdate,
    Task,
)
from config.versioning import read_version, version_sql
from enterprises import vsic
from programs.choices import PeriodKind
from programs.models import ReportingPeriod
from programs.periods import all_periods, current_period, previous_period  # noqa: F401 -- used as dash.*
from reports import indicators, selectors
from reports.choices import ReportStatus
from reports.models import AgencyReport

BUCKET_LABELS = {
    "done": _("Hoàn thành"),
    "in_progress": _("Đang thực hiện"),
    "overdue": _("Quá hạn"),
    "not_started": _("Chưa triển khai"),
}
RECURRENCE_PERIOD_KINDS = {
    Recurrence.YEARLY: [PeriodKind.YEAR],
    Recurrence.SEMIANNUAL: [PeriodKind.H1, PeriodKind.H2],
}

BUCKET_BADGES = {"done": "ok", "in_progress": "info", "overdue": "bad", "not_started": "muted"}


# ---- data version (cache key) -------------------------------------------------------------------

#: tables whose change must refresh the dashboard: every write through the app leaves a row in
#: the simple-history table (history_id only grows, deletions included); the max primary key of
#: the main tables also catches bulk inserts that skip history. Anything else (raw SQL updates)
#: is caught by the cache's time limit.
VERSION_MODELS = [
    "enterprises.Enterprise",
    "enterprises.Assessment",
    "enterprises.Option",
    "enterprises.Locality",
    "assignments.Activity",
    "assignments.Task",
    "assignments.AssigneeGroup",
    "assignments.AssigneeGroupAgencyKind",
    "assignments.ProgressUpdate",
    "accounts.Agency",
    "programs.LegalDocument",
    "programs.Indicator",
    "programs.Target",
    "reports.SxshOfficer",
    "programs.ReportingPeriod",
    "reports.AgencyReport",
    "reports.IndicatorValue",
    "plans.PlanVersion",
    "plans.PlanItem",
    "plans.PlanBudgetLine",
    "plans.PlanDeliverable",
    "plans.ActivityPlanLink",
]


@functools.cache
def _version_sql() -> str:
    from django.apps import apps

    models = [apps.get_model(label) for label in VERSION_MODELS]
    models += [apps.get_model("assignments.Activity").enterprises.through]
    models += [apps.get_model("reports.SxshOfficer").trainings.through]
    return version_sql(models)


def data_version() -> str:
    """One query: a signature of the data the dashboard reads (changes on any write)."""
    return read_version(_version_sql())


# ---- periods -------------------------------------------------------------------------------------


# ---- tasks ---------------------------------------------------------------------------------------


def _latest_per_task(progress):
    """Of ``progress``, each task's latest update (by period end, then entry time) — a window
    function evaluated once, used as an uncorrelated ``IN`` set."""
    return progress.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("task_id")],
            order_by=[F("period__ends_on").desc(), F("created_at").desc(), F("pk").desc()],
        )
    ).filter(rank=1)


def tasks_with_bucket(qs, *, period, today: dt.date, narrow: bool = False, agency=None):
    """Annotate ``bucket`` (see module docstring): done / overdue / in_progress / not_started.

    ``narrow``: rank only the progress of ``qs``'s tasks — for one agency's few dozen tasks that
    is far cheaper than ranking the whole province's progress (the DOIT dashboard's case).
    ``agency``: a member's view — on a task given to a group without a lead, only that
    agency's own entries count (each member reports its own part).
    """
    active = [ProgressStatus.IN_PROGRESS, ProgressStatus.BLOCKED]
    progress = ProgressUpdate.objects.all()
    if narrow:
        progress = progress.filter(task_id__in=qs.values("pk"))
    if agency is not None:
        progress = progress.filter(Q(task__lead_agency__isnull=False) | Q(agency=agency))
    up_to = progress
    if period is not None:
        up_to = up_to.filter(period__ends_on__lte=period.ends_on)
        in_period = _latest_per_task(progress.filter(period=period))
        ref = min(today, period.due_on)
        # a period whose due date is the reference day itself has come due (P included)
        came_due_before = min(today, period.due_on + dt.timedelta(days=1))
    else:
        in_period = ProgressUpdate.objects.none()
        ref = came_due_before = today
    latest = _latest_per_task(up_to)

    def status_in(updates, statuses):
        return Q(pk__in=updates.filter(status__in=statuses).values("task_id"))

    once = Q(recurrence=Recurrence.ONCE)
    whens = [
        When(once & status_in(latest, [ProgressStatus.DONE]), then=Value("done")),
        When(~once & status_in(in_period, [ProgressStatus.DONE]), then=Value("done")),
        When(once & Q(due_on__lt=ref), then=Value("overdue")),
    ]
    for recurrence, kinds in RECURRENCE_PERIOD_KINDS.items():
        # the last default-regime period of this kind already due: a subquery, not a round trip
        last_due = (
            ReportingPeriod.objects.filter(
                regime__is_default=True, kind__in=kinds, due_on__lt=came_due_before
            )
            .order_by("-due_on")
            .values("pk")[:1]
        )
        reported = Q(pk__in=progress.filter(period_id=Subquery(last_due)).values("task_id"))
        whens.append(
            When(Q(recurrence=recurrence) & Exists(last_due) & ~reported, then=Value("overdue"))
        )
    whens.append(
        When(
            (once & status_in(latest, active)) | (~once & status_in(in_period, active)),
            then=Value("in_progress"),
        )
    )
    return qs.annotate(bucket=Case(*whens, default=Value("not_started"), output_field=CharField()))


def task_scope(document=None):
    qs = Task.objects.all()
    if document is not None:
        qs = qs.filter(document=document)
    return qs


def task_status_by_agency(*, period, today, document=None) -> list[dict]:
    """One query: per lead agency — or, for a task given to a group without a lead, per group —
    the number of tasks in each bucket. ``param`` is the drill-down's query (agency= / group=)."""
    rows = (
        tasks_with_bucket(task_scope(document), period=period, today=today)
        .order_by()
        .values(
            "lead_agency_id",
            "lead_agency__name",
            "lead_agency__successor__name",
            "assignee_group_id",
            "assignee_group__name",
            "bucket",
        )
        .annotate(n=Count("pk"))
    )
    agencies: dict[tuple, dict] = {}
    for r in rows:
        is_group = r["lead_agency_id"] is None
        key = ("group", r["assignee_group_id"]) if is_group else ("agency", r["lead_agency_id"])
        a = agencies.setdefault(
            key,
            {
                "id": key[1],
                "is_group": is_group,
                "param": f"{key[0]}={key[1]}",
                "name": r["assignee_group__name"] if is_group else r["lead_agency__name"],
                # a merged agency keeps the tasks it finished; the table says where it went
                "merged_into": r["lead_agency__successor__name"],
                "done": 0,
                "in_progress": 0,
                "overdue": 0,
                "not_started": 0,
                "total": 0,
            },
        )
        a[r["bucket"]] += r["n"]
        a["total"] += r["n"]
    out = sorted(agencies.values(), key=lambda a: (-a["overdue"], a["name"]))
    for a in out:
        a["done_pct"] = (Decimal(a["done"]) * 100 / a["total"]).quantize(Decimal("0.1"))
    return out


def overdue_tasks(*, period, today, document=None, agency=None, limit: int | None = 50):
    """One query: overdue tasks, earliest deadline first."""
    qs = task_scope(document)
    if agency is not None:
        qs = qs.filter(lead_agency=agency)
    qs = (
        tasks_with_bucket(qs, period=period, today=today)
        .filter(bucket="overdue")
        .select_related("lead_agency", "assignee_group", "document")
        .order_by("due_on", "lead_agency__name", "ref")
    )
    return list(qs[:limit]) if limit else list(qs)


def tasks_in_bucket(*, period, today, bucket, document=None, agency_id=None, group_id=None):
    qs = task_scope(document)
    if agency_id:
        qs = qs.filter(lead_agency_id=agency_id)
    if group_id:
        qs = qs.filter(lead_agency__isnull=True, assignee_group_id=group_id)
    return (
        tasks_with_bucket(qs, period=period, today=today)
        .filter(bucket=bucket)
        .select_related("lead_agency", "assignee_group", "document")
        .order_by("lead_agency__name", "due_on", "ref")
    )


# ---- reports -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportCell(selectors.ReportCell):
    """A cell of the dashboard's matrix: the workflow status, with timeliness beside it."""

    @property
    def label(self):
        if self.status is None:
            return _("Chưa lập") if self.expected else ""
        return ReportStatus(self.status).label

    @property
    def badge(self) -> str:
        if self.status == ReportStatus.ACCEPTED:
            return "ok"
        if self.status == ReportStatus.SUBMITTED:
            return "info"
        if self.status == ReportStatus.RETURNED:
            return "warn"
        return "bad" if self.overdue else "muted"


def report_matrix(*, periods: list[ReportingPeriod], today: dt.date) -> dict:
    """One query: each expected agency × the given periods, with status and timeliness
    (``reports.selectors.report_cells``, the completeness page's rule)."""
    periods = [p for p in periods if p is not None]
    rows = selectors.report_cells(periods=periods, today=today, cell=ReportCell)
    return {
        "periods": periods,
        "rows": [
            {
                "agency": {"pk": a.pk, "name": a.name, "short_name": a.short_name},
                "cells": cells,
            }
            for a, cells in rows
        ],
        "summary": selectors.report_summary(periods, rows),
    }


# ---- enterprises and savings ---------------------------------------------------------------------


def section_names() -> dict[str, str]:
    """VSIC 2018 section letters → names: reference data, read once and kept in the cache."""
    return vsic.names()["section"]


def enterprise_breakdown(*, as_of: dt.date) -> dict:
    """One scan of the register grouped by (locality, VSIC section, VSIC division) → totals, by
    locality, by section, by division; plus one small cached query for the VSIC names."""
    rows = indicators.enterprise_stage_counts(
        as_of,
        group_by=("locality_id", "locality__name", "vsic__section"),
        group_exprs={"division": vsic.division_expr()},
    )
    by_locality: dict = {}
    by_section: dict = {}
    by_division: dict = {}
    for r in rows:
        loc = by_locality.setdefault(
            r["locality_id"], {"id": r["locality_id"], "name": r["locality__name"], "rows": []}
        )
        loc["rows"].append(r)
        sec = by_section.setdefault(r["vsic__section"], {"id": r["vsic__section"], "rows": []})
        sec["rows"].append(r)
        div = by_division.setdefault(
            r["division"], {"id": r["division"], "section": r["vsic__section"], "rows": []}
        )
        div["rows"].append(r)
    names = vsic.names()
    localities = []
    for loc in by_locality.values():
        localities.append(
            {**indicators.sum_counts(loc["rows"]), "id": loc["id"], "name": loc["name"]}
        )
    sections = []
    for sec in by_section.values():
        sections.append(
            {
                **indicators.sum_counts(sec["rows"]),
                "id": sec["id"],
                "name": names["section"].get(sec["id"], ""),
            }
        )
    divisions = []
    for div in by_division.values():
        divisions.append(
            {
                **indicators.sum_counts(div["rows"]),
                "id": div["id"],
                "section": names["division_section"].get(div["id"], div["section"]),
                "name": names["division"].get(div["id"], ""),
            }
        )
    key = lambda r: (r["name"] is None, -r["applying"], -r["informed"], r["name"] or "")  # noqa: E731
    localities.sort(key=key)
    sections.sort(key=lambda r: (r["id"] is None, r["id"] or ""))
    # most facilities first: the industries that matter at the top, unknown last
    divisions.sort(key=lambda r: (r["id"] is None, -r["total"], r["id"] or ""))
    return {
        "totals": indicators.sum_counts(rows),
        "localities": localities,
        "sections": sections,
        "divisions": divisions,
    }


# ---- agency dashboard ----------------------------------------------------------------------------


def agency_tasks(*, agency, period, today, soon_days: int = 30) -> dict:
    """One query: the agency's open tasks (lead, coordinating, or given to a group it is a member
    of — judged on its own part) that are overdue or due soon."""
    qs = Task.objects.for_agency(agency)
    qs = tasks_with_bucket(qs, period=period, today=today, narrow=True, agency=agency).exclude(
        bucket="done"
    )
    horizon = today + dt.timedelta(days=soon_days)
    soon = Q(recurrence=Recurrence.ONCE, due_on__gte=today, due_on__lte=horizon)
    if period is not None and today <= period.due_on <= horizon:
        soon |= ~Q(recurrence=Recurrence.ONCE) & ~Q(
            pk__in=ProgressUpdate.objects.filter(period=period)
            .filter(Q(task__lead_agency__isnull=False) | Q(agency=agency))
            .values("task_id")
        )
    rows = list(
        qs.filter(Q(bucket="overdue") | soon)
        .select_related("document", "lead_agency", "assignee_group")
        .order_by("due_on", "ref")[:100]
    )
    return {
        "overdue": [t for t in rows if t.bucket == "overdue"],
        "soon": [t for t in rows if t.bucket != "overdue"],
        "horizon": horizon,
    }


def agency_activities(*, agency, period):
    if period is None:
        return []
    return list(
        Activity.objects.filter(
            agency=agency, held_on__gte=period.starts_on, held_on__lte=period.ends_on
        ).order_by("-held_on", "-pk")[:50]
    )


def agency_report(*, agency, period):
    if period is None:
        return None
    return AgencyReport.objects.filter(agency=agency, period=period).first()
