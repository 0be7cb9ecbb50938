"""Reads of the reports app: who is expected to report and how each report stands (the rule the
completeness page, the consolidated report and the dashboard share), the enterprise results of a
window, a person's display name."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.models import Agency
from assignments.models import agency_answers_for_a_task
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
    """The states of one agency × period cell of the completeness page."""

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


# ---------------------------------------------------------------------------------------------
# Who must report, and how each report stands: the one rule of the completeness page, the
# consolidated report's "not yet reported" list and the dashboard's report matrix.
#
# - *expected*: an agency other than DOIT (it writes the consolidated report), in existence
#   during some of the period's window (``active_from`` ≤ end, ``active_until`` ≥ start: a
#   former agency merged in 2025 is expected for the windows it still existed in), that answers
#   for a task (``assignments.models.agency_answers_for_a_task``: it leads one or is a member of
#   a group one is given to) — or any agency other than DOIT that has a report for the period;
# - *submitted*: the report has been submitted at least once (a returned report was received);
# - *late*: first submitted on a local date after the period's due date (the first submission
#   decides, as ``AgencyReport.is_late``); *on time*: submitted and not late;
# - *missing*: expected and not submitted (no report, or a draft only); *overdue*: missing once
#   the due date has passed.


def _exists_in_window(agency, period: ReportingPeriod) -> bool:
    return (agency.active_from is None or agency.active_from <= period.ends_on) and (
        agency.active_until is None or agency.active_until >= period.starts_on
    )


@dataclass(frozen=True)
class ReportCell:
    """One agency × period: whether a report is expected and how the agency's report stands."""

    period: ReportingPeriod
    today: dt.date
    expected: bool
    report_id: int | None = None
    status: str | None = None
    first_submitted_at: dt.datetime | None = None

    @property
    def submitted(self) -> bool:
        return self.first_submitted_at is not None

    @property
    def late(self) -> bool:
        return self.submitted and timezone.localdate(self.first_submitted_at) > self.period.due_on

    @property
    def on_time(self) -> bool:
        return self.submitted and not self.late

    @property
    def missing(self) -> bool:
        return self.expected and not self.submitted

    @property
    def overdue(self) -> bool:
        return self.missing and self.today > self.period.due_on

    @property
    def accepted(self) -> bool:
        return self.status == ReportStatus.ACCEPTED

    @property
    def state(self) -> str:
        """The completeness page's state (``Cell``)."""
        if self.status is None:
            return Cell.MISSING if self.expected else Cell.NOT_EXPECTED
        if self.status == ReportStatus.RETURNED:
            return Cell.RETURNED
        if not self.submitted:
            return Cell.DRAFT
        return Cell.LATE if self.late else Cell.ON_TIME

    @property
    def label(self):
        return Cell.LABELS[self.state]

    @property
    def badge(self) -> str:
        return Cell.BADGES.get(self.state, "muted")


SUMMARY_COUNTS = ("submitted", "on_time", "late", "missing", "overdue", "accepted")


def report_cells(
    *, periods: list[ReportingPeriod], today: dt.date, agency_kind: str = "", cell=ReportCell
) -> list[tuple[Agency, list[ReportCell]]]:
    """Agencies expected for at least one of ``periods``, by name, each with one ``cell`` per
    period. One query whatever the number of agencies and reports."""
    periods = [p for p in periods if p is not None]
    if not periods:
        return []
    answers = agency_answers_for_a_task()
    window = (Q(active_from__isnull=True) | Q(active_from__lte=max(p.ends_on for p in periods))) & (
        Q(active_until__isnull=True) | Q(active_until__gte=min(p.starts_on for p in periods))
    )
    annotations = {
        "answers": Case(
            When(answers, then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    }
    has_report = Q()
    for i, period in enumerate(periods):
        reports = AgencyReport.objects.filter(agency=OuterRef("pk"), period=period)
        annotations[f"rp{i}"] = Subquery(reports.values("pk")[:1])
        annotations[f"st{i}"] = Subquery(reports.values("status")[:1])
        annotations[f"fs{i}"] = Subquery(reports.values("first_submitted_at")[:1])
        has_report |= Q(Exists(reports))
    agencies = Agency.objects.filter(is_doit=False)
    if agency_kind:
        agencies = agencies.filter(kind=agency_kind)
    agencies = agencies.filter((answers & window) | has_report).annotate(**annotations)
    rows = []
    for agency in agencies.order_by("name"):
        cells = []
        for i, period in enumerate(periods):
            report_id = getattr(agency, f"rp{i}")
            expected = report_id is not None or (
                agency.answers and _exists_in_window(agency, period)
            )
            cells.append(
                cell(
                    period=period,
                    today=today,
                    expected=expected,
                    report_id=report_id,
                    status=getattr(agency, f"st{i}"),
                    first_submitted_at=getattr(agency, f"fs{i}"),
                )
            )
        rows.append((agency, cells))
    return rows


def report_summary(periods: list[ReportingPeriod], rows) -> list[dict]:
    """Per period: how many agencies are expected, and how many of them submitted, on time,
    late, are missing, overdue, accepted; ``completeness`` = submitted / expected in %."""
    summary = []
    for i, period in enumerate(periods):
        cells = [cells[i] for _agency, cells in rows if cells[i].expected]
        counts = {key: sum(getattr(c, key) for c in cells) for key in SUMMARY_COUNTS}
        summary.append(
            {
                "period": period,
                "expected": len(cells),
                **counts,
                "completeness": (
                    (Decimal(counts["submitted"]) * 100 / len(cells)).quantize(Decimal("0.1"))
                    if cells
                    else None
                ),
            }
        )
    return summary


def completeness_matrix(
    *, periods: list[ReportingPeriod], agency_kind: str = "", today: dt.date | None = None
) -> dict:
    """Agencies × periods with one state per cell, and the totals per period. One query."""
    periods = [p for p in periods if p is not None]
    rows = report_cells(
        periods=periods, today=today or timezone.localdate(), agency_kind=agency_kind
    )
    return {
        "periods": periods,
        "rows": [{"agency": agency, "cells": cells} for agency, cells in rows],
        "totals": report_summary(periods, rows),
    }


def enterprise_results(*, period: ReportingPeriod) -> dict:
    """Enterprises assessed in the window, options implemented in it and their savings — only
    figures that count (``counted()``: not an enterprise's self-report waiting for DOIT)."""
    start, end = period.starts_on, period.ends_on
    assessments = Assessment.objects.counted().filter(assessed_on__gte=start, assessed_on__lte=end)
    options = Option.objects.counted().filter(
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
