"""DOIT's consolidated report: its writes (particulars and narrative, DOIT only) and the
computed context the page, the PDF and the workbook show."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_doit
from programs.models import ReportingPeriod
from reports import indicators
from reports.choices import ReportStatus
from reports.models import AgencyReport, ConsolidatedReport
from reports.prefill import FIGURE_KEYS, FIGURE_ROWS, effective_figures
from reports.selectors import enterprise_results, report_cells


def _require_doit_editor(actor) -> None:
    if not is_doit(actor):
        raise PermissionDenied(_("Chỉ chuyên viên Sở Công Thương được lập báo cáo tổng hợp."))


@transaction.atomic
def consolidated_get_or_create(*, period: ReportingPeriod, actor) -> ConsolidatedReport:
    report = ConsolidatedReport.objects.filter(period=period).first()
    if report is not None:
        return report
    _require_doit_editor(actor)
    report = ConsolidatedReport(period=period, updated_by=actor)
    report._history_user = actor
    report.save()
    return report


#: what DOIT types on the consolidated report (its edit form shows them in this order)
CONSOLIDATED_FIELDS = (
    "number",
    "issued_on",
    "summary",
    "difficulties",
    "proposals",
    "recipients",
    "signer_title",
    "signer_name",
)


@transaction.atomic
def consolidated_update(*, report: ConsolidatedReport, actor, **fields) -> ConsolidatedReport:
    """DOIT edits the narrative and the document's particulars; figures stay computed."""
    _require_doit_editor(actor)
    unknown = set(fields) - set(CONSOLIDATED_FIELDS)
    if unknown:
        raise ValidationError(_("Trường không hợp lệ: %(f)s") % {"f": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        setattr(report, name, value.strip() if isinstance(value, str) else value)
    report.updated_by = actor
    report._history_user = actor
    report.full_clean()
    report.save()
    return report


def consolidated_context(*, period: ReportingPeriod) -> dict:
    """Everything the consolidated report shows that is computed (never typed)."""
    accepted = list(
        AgencyReport.objects.accepted()
        .for_period(period)
        .select_related("agency")
        .order_by("agency__name")
    )
    agency_rows = []
    totals = dict.fromkeys(sorted(FIGURE_KEYS), 0)
    for report in accepted:
        values = effective_figures(report)
        for key, value in values.items():
            totals[key] += value
        agency_rows.append({"report": report, "agency": report.agency, "figures": values})
    rows = report_cells(periods=[period], today=timezone.localdate())
    missing = [agency for agency, (cell,) in rows if cell.missing]
    pending = list(
        AgencyReport.objects.for_period(period)
        .filter(status__in=[ReportStatus.SUBMITTED, ReportStatus.RETURNED])
        .select_related("agency")
        .order_by("agency__name")
    )
    return {
        "period": period,
        "figure_rows": FIGURE_ROWS,
        "agency_rows": agency_rows,
        "agency_totals": totals,
        "enterprise": enterprise_results(period=period),
        "missing_agencies": missing,
        "pending_reports": pending,
        **indicators.indicator_context(period=period),
    }
