"""On the demo data, the completeness page, the dashboard's report matrix and the consolidated
report say the same about every agency and period: who is expected, who has submitted, who is
late, who is missing — and all three agree with the models read directly."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Agency, User
from assignments.models import Task
from dashboards import selectors as dash
from programs.models import ReportingPeriod
from reports.consolidated import consolidated_context
from reports.models import AgencyReport
from reports.selectors import completeness_matrix

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())
    periods = list(
        ReportingPeriod.objects.filter(regime__is_default=True).order_by("ends_on", "kind")
    )
    assert len(periods) >= 3 and AgencyReport.objects.count() >= 4
    return periods


def _exists_during(agency, period) -> bool:
    return (agency.active_from is None or agency.active_from <= period.ends_on) and (
        agency.active_until is None or agency.active_until >= period.starts_on
    )


def _oracle(periods) -> dict:
    """(agency pk, period pk) → (submitted, late) of every expected cell, from the models."""
    reports = {(r.agency_id, r.period_id): r for r in AgencyReport.objects.select_related("period")}
    cells = {}
    for agency in Agency.objects.filter(is_doit=False):
        has_task = Task.objects.assigned_to(agency).exists()
        for period in periods:
            report = reports.get((agency.pk, period.pk))
            if report is None and not (has_task and _exists_during(agency, period)):
                continue
            submitted = report is not None and report.first_submitted_at is not None
            cells[agency.pk, period.pk] = (submitted, bool(report and report.is_late))
    return cells


def _cells(rows, pk_of) -> dict:
    return {
        (pk_of(row["agency"]), cell.period.pk): (cell.submitted, cell.late)
        for row in rows
        for cell in row["cells"]
        if cell.expected
    }


def test_completeness_page_and_dashboard_agree_with_the_data_on_every_agency_and_period(demo):
    today = timezone.localdate()
    oracle = _oracle(demo)
    page = completeness_matrix(periods=demo, today=today)
    board = dash.report_matrix(periods=demo, today=today)

    assert _cells(page["rows"], lambda a: a.pk) == oracle
    assert _cells(board["rows"], lambda a: a["pk"]) == oracle
    # the demo has every case the rule distinguishes
    assert {submitted for submitted, _late in oracle.values()} == {True, False}
    assert {late for _submitted, late in oracle.values()} == {True, False}

    keys = ("expected", "submitted", "on_time", "late", "missing", "overdue", "accepted")
    for mine, theirs in zip(page["totals"], board["summary"], strict=True):
        assert mine["period"] == theirs["period"]
        assert {k: mine[k] for k in keys} == {k: theirs[k] for k in keys}
        expected = {a for a, p in oracle if p == mine["period"].pk}
        missing = {
            a
            for (a, p), (submitted, _l) in oracle.items()
            if p == mine["period"].pk and not submitted
        }
        assert (mine["expected"], mine["missing"]) == (len(expected), len(missing))
        # the consolidated report names the same agencies as not yet reported
        listed = {a.pk for a in consolidated_context(period=mine["period"])["missing_agencies"]}
        assert listed == missing


def test_the_two_pages_show_the_same_figures(demo, client_for):
    client = client_for(User.objects.get(username="sct_reviewer"))
    board = client.get(reverse("dashboards:dashboard"))
    assert board.status_code == 200
    shown = board.context["matrix"]["summary"]
    assert shown and "Tình hình gửi báo cáo của các đơn vị" in board.content.decode()

    page = client.get(reverse("reports:completeness"))
    assert page.status_code == 200
    totals = {t["period"].pk: t for t in page.context["matrix"]["totals"]}
    body = page.content.decode()
    # the dashboard's period and the one before it are among the latest six the page shows
    assert {s["period"].pk for s in shown} <= set(totals)
    for s in shown:
        t = totals[s["period"].pk]
        assert (t["on_time"], t["late"], t["missing"]) == (s["on_time"], s["late"], s["missing"])
        assert f"{t['on_time']} / {t['late']} / {t['missing']}" in body
