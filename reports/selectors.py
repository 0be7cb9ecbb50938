"""Reads of the reports app: who is expected to report, the completeness matrix, the state of
one cell, the enterprise results of a window, a person's display name."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy

from accounts.models import Agency
from enterprises.choices import OptionStatus
from enterprises.models import Assessment, Option
from programs.models import ReportingPeriod
from reports.choices import ReportStatus
from reports.models import AgencyReport


def person_name(user) -> str:
    """Vietnamese order: family name first ("Trần Thị Lan")."""
    if user is None:
        return ""
    return f"{user.last_name} {user.first_name}".strip() or user.username


class Cell:
    ON_TIME = "on_time"
    LATE = "late"
    RETURNED = "returned"
    DRAFT = "draft"
    MISSING = "missing"
    NOT_EXPECTED = ""

    LABELS = {
        ON_TIME: gettext_lazy("Đúng hạn"),
        LATE: gettext_lazy("Trễ hạn"),
        RETURNED: gettext_lazy("Bị trả lại"),
        DRAFT: gettext_lazy("Đang soạn"),
        MISSING: gettext_lazy("Chưa báo cáo"),
        NOT_EXPECTED: "",
    }
    BADGES = {ON_TIME: "ok", LATE: "warn", RETURNED: "bad", DRAFT: "info", MISSING: "bad"}


def expected_agencies(*, period: ReportingPeriod):
    """Agencies expected to report: active during the window and leading at least one task.

    Agencies with users but no task have nothing to report on; former agencies (merged in 2025)
    are expected only for windows in which they still existed; DOIT is not expected — it writes
    the consolidated report itself.
    """
    return (
        Agency.objects.filter(tasks_led__isnull=False, is_doit=False)
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=period.starts_on))
        .filter(Q(active_from__isnull=True) | Q(active_from__lte=period.ends_on))
        .distinct()
        .order_by("name")
    )


def report_cell_state(report: AgencyReport | None, *, expected: bool = True) -> str:
    if report is None:
        return Cell.MISSING if expected else Cell.NOT_EXPECTED
    if report.status == ReportStatus.DRAFT:
        return Cell.DRAFT
    if report.status == ReportStatus.RETURNED:
        return Cell.RETURNED
    return Cell.LATE if report.is_late else Cell.ON_TIME


def completeness_matrix(*, periods: list[ReportingPeriod], agency_kind: str = "") -> dict:
    """Agencies × periods with one state per cell. Three queries whatever the size."""
    periods = list(periods)
    reports = AgencyReport.objects.filter(period__in=periods).select_related("period", "agency")
    if agency_kind:
        reports = reports.filter(agency__kind=agency_kind)
    by_cell = {(r.agency_id, r.period_id): r for r in reports}
    task_agencies = Agency.objects.filter(tasks_led__isnull=False, is_doit=False).distinct()
    if agency_kind:
        task_agencies = task_agencies.filter(kind=agency_kind)
    agencies = {a.pk: a for a in task_agencies}
    for r in by_cell.values():
        agencies.setdefault(r.agency_id, r.agency)

    task_agency_ids = {a.pk for a in task_agencies}
    rows = []
    totals = {p.pk: dict.fromkeys(Cell.LABELS, 0) for p in periods}
    for agency in sorted(agencies.values(), key=lambda a: a.name):
        cells = []
        for period in periods:
            report = by_cell.get((agency.pk, period.pk))
            is_expected = agency.pk in task_agency_ids and (
                (agency.active_until is None or agency.active_until >= period.starts_on)
                and (agency.active_from is None or agency.active_from <= period.ends_on)
            )
            state = report_cell_state(report, expected=is_expected)
            totals[period.pk][state] += 1
            cells.append(
                {
                    "period": period,
                    "report": report,
                    "state": state,
                    "label": Cell.LABELS[state],
                    "badge": Cell.BADGES.get(state, "muted"),
                }
            )
        rows.append({"agency": agency, "cells": cells})
    return {
        "periods": periods,
        "rows": rows,
        "totals": [{"period": p, **totals[p.pk]} for p in periods],
    }


def enterprise_results(*, period: ReportingPeriod) -> dict:
    """Enterprises assessed in the window, options implemented in it and their savings."""
    start, end = period.starts_on, period.ends_on
    assessments = Assessment.objects.filter(assessed_on__gte=start, assessed_on__lte=end)
    options = Option.objects.filter(
        status=OptionStatus.IMPLEMENTED, implemented_on__gte=start, implemented_on__lte=end
    )
    totals = options.aggregate(
        options=Count("pk"),
        enterprises_applying=Count("assessment__enterprise", distinct=True),
        investment_vnd=Sum("investment_vnd", default=0),
        saving_vnd=Sum("annual_saving_vnd", default=0),
        energy_kwh=Sum("energy_saving_kwh", default=0),
        water_m3=Sum("water_saving_m3", default=0),
        material_t=Sum("material_saving_t", default=0),
        co2_t=Sum("co2_reduction_t", default=0),
    )
    totals["enterprises_assessed"] = assessments.values("enterprise_id").distinct().count()
    rows = list(
        options.values(
            "assessment__enterprise__name",
            "assessment__enterprise__tax_code",
        )
        .annotate(
            n_options=Count("pk"),
            investment=Sum("investment_vnd", default=0),
            saving=Sum("annual_saving_vnd", default=0),
            energy=Sum("energy_saving_kwh", default=0),
            water=Sum("water_saving_m3", default=0),
            material=Sum("material_saving_t", default=0),
            co2=Sum("co2_reduction_t", default=0),
        )
        .order_by("assessment__enterprise__name")
    )
    return {"totals": totals, "rows": rows}
