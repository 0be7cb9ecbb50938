"""The reporting workflow: pre-filled agency reports, their review and locking, and DOIT's
consolidated report. Every write is here; views, the admin and commands call these functions.

Workflow: draft → submitted → returned (reviewer's comment) → submitted → accepted (locked);
accepted → returned only through ``report_reopen`` with a reason.

Concurrency: every write takes the ``version`` the user's form was built from and claims the row
with ``UPDATE … WHERE pk = … AND version = v`` (``_claim``) before changing it. Two reviewers
acting at once, or a form posted from a stale page, get ``StaleReportError`` — never a silent
overwrite. The claim is a compare-and-set, so it holds on SQLite as well as PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Agency
from accounts.roles import is_agency_lead, is_doit, sees_everything
from assignments.choices import ActivityKind, FundingSource, ProgressStatus
from assignments.models import Activity, ProgressUpdate, Task
from enterprises.choices import OptionStatus
from enterprises.models import Assessment, Option
from programs.models import ReportingPeriod
from reports.choices import ReportStatus
from reports.models import AgencyReport, ConsolidatedReport, ReportLockedError, ReportTransition


class ReportWorkflowError(ValidationError):
    """A transition that the report's current state does not allow (clear Vietnamese message)."""


class StaleReportError(ReportWorkflowError):
    def __init__(self):
        super().__init__(
            _(
                "Báo cáo đã được người khác cập nhật trong lúc bạn đang xem. "
                "Vui lòng tải lại trang, kiểm tra nội dung mới và thực hiện lại."
            ),
            code="stale",
        )


def person_name(user) -> str:
    """Vietnamese order: family name first ("Trần Thị Lan")."""
    if user is None:
        return ""
    return f"{user.last_name} {user.first_name}".strip() or user.username


# ---------------------------------------------------------------------------------------------
# Figures


@dataclass(frozen=True)
class FigureRow:
    key: str
    label: str
    unit: str
    group: str


_G_TASKS = gettext_lazy("Thực hiện nhiệm vụ")
_G_ACTIVITIES = gettext_lazy("Hoạt động tuyên truyền, đào tạo")
_G_ENTERPRISES = gettext_lazy("Doanh nghiệp")
_G_MONEY = gettext_lazy("Kinh phí thực hiện")

FIGURE_ROWS: list[FigureRow] = [
    FigureRow("tasks_total", gettext_lazy("Số nhiệm vụ được giao chủ trì"), "nhiệm vụ", _G_TASKS),
    FigureRow("tasks_done", gettext_lazy("Nhiệm vụ đã hoàn thành"), "nhiệm vụ", _G_TASKS),
    FigureRow("tasks_in_progress", gettext_lazy("Nhiệm vụ đang thực hiện"), "nhiệm vụ", _G_TASKS),
    FigureRow("tasks_not_started", gettext_lazy("Nhiệm vụ chưa triển khai"), "nhiệm vụ", _G_TASKS),
    FigureRow(
        "tasks_overdue", gettext_lazy("Nhiệm vụ quá hạn chưa hoàn thành"), "nhiệm vụ", _G_TASKS
    ),
    FigureRow("trainings", gettext_lazy("Lớp tập huấn, đào tạo"), "lớp", _G_ACTIVITIES),
    FigureRow(
        "training_participants", gettext_lazy("Lượt người được tập huấn"), "lượt", _G_ACTIVITIES
    ),
    FigureRow("workshops", gettext_lazy("Hội thảo, hội nghị"), "cuộc", _G_ACTIVITIES),
    FigureRow(
        "workshop_participants", gettext_lazy("Lượt người dự hội thảo"), "lượt", _G_ACTIVITIES
    ),
    FigureRow("media_pieces", gettext_lazy("Tin, bài, phóng sự"), "tin bài", _G_ACTIVITIES),
    FigureRow("leaflets", gettext_lazy("Tờ rơi, áp phích, ấn phẩm"), "bản", _G_ACTIVITIES),
    FigureRow("demonstrations", gettext_lazy("Mô hình trình diễn"), "mô hình", _G_ACTIVITIES),
    FigureRow(
        "enterprises_reached",
        gettext_lazy("Doanh nghiệp được tiếp cận, phổ biến"),
        "doanh nghiệp",
        _G_ENTERPRISES,
    ),
    FigureRow(
        "enterprises_supported",
        gettext_lazy("Doanh nghiệp được hỗ trợ đánh giá SXSH"),
        "doanh nghiệp",
        _G_ENTERPRISES,
    ),
    *[
        FigureRow(f"cost_{value}", label, "đồng", _G_MONEY)
        for value, label in FundingSource.choices
    ],
    FigureRow("cost_total", gettext_lazy("Tổng kinh phí"), "đồng", _G_MONEY),
]
FIGURE_KEYS = {row.key for row in FIGURE_ROWS}


def figures_compute(*, agency: Agency, period: ReportingPeriod) -> dict[str, int]:
    """The agency's figures for the period's window, from its progress updates and activities.

    Task status is each task's latest update by the agency in a period ending by this period's
    end (a task finished last year stays finished); the tasks are those it leads and those given
    to a group it is a member of (its own part); overdue = not done and due before the window's
    end.
    Activities count by ``quantity`` (classes, pieces, copies) within ``starts_on``–``ends_on``.
    Five queries whatever the data size.
    """
    start, end = period.starts_on, period.ends_on
    tasks = list(Task.objects.assigned_to(agency).values("pk", "due_on"))
    latest: dict[int, str] = {}
    updates = (
        ProgressUpdate.objects.filter(
            agency=agency,
            task__in=Task.objects.assigned_to(agency).values("pk"),
            period__ends_on__lte=end,
        )
        .order_by("task_id", "period__ends_on", "created_at", "pk")
        .values_list("task_id", "status")
    )
    for task_id, status in updates:
        latest[task_id] = status  # ordered ascending: the last one wins
    figures = dict.fromkeys(sorted(FIGURE_KEYS), 0)
    figures["tasks_total"] = len(tasks)
    for task in tasks:
        status = latest.get(task["pk"], ProgressStatus.NOT_STARTED)
        if status == ProgressStatus.DONE:
            figures["tasks_done"] += 1
        elif status == ProgressStatus.NOT_STARTED:
            figures["tasks_not_started"] += 1
        else:
            figures["tasks_in_progress"] += 1
        if status != ProgressStatus.DONE and task["due_on"] and task["due_on"] < end:
            figures["tasks_overdue"] += 1

    activities = Activity.objects.filter(agency=agency, held_on__gte=start, held_on__lte=end)

    def qty(kind):
        return Sum("quantity", filter=Q(kind=kind), default=0)

    def people(kind):
        return Sum("participants", filter=Q(kind=kind), default=0)

    sums = activities.aggregate(
        trainings=qty(ActivityKind.TRAINING),
        training_participants=people(ActivityKind.TRAINING),
        workshops=qty(ActivityKind.WORKSHOP),
        workshop_participants=people(ActivityKind.WORKSHOP),
        media_pieces=qty(ActivityKind.MEDIA),
        leaflets=qty(ActivityKind.LEAFLET),
        demonstrations=qty(ActivityKind.DEMONSTRATION),
        **{
            f"cost_{value}": Sum("cost_vnd", filter=Q(funding_source=value), default=0)
            for value in FundingSource.values
        },
    )
    figures.update({key: int(value or 0) for key, value in sums.items()})
    # counted apart: joining the M2M in the aggregate above would repeat rows in the sums
    figures["enterprises_reached"] = (
        activities.filter(enterprises__isnull=False).values("enterprises").distinct().count()
    )
    figures["cost_total"] = sum(figures[f"cost_{value}"] for value in FundingSource.values)
    figures["enterprises_supported"] = (
        Assessment.objects.filter(
            supporting_agency=agency, assessed_on__gte=start, assessed_on__lte=end
        )
        .values("enterprise_id")
        .distinct()
        .count()
    )
    return figures


def figure_rows(report: AgencyReport) -> list[dict]:
    """Rows for display: computed value, adjusted value (if any) with reason/who/when, effective."""
    rows = []
    for row in FIGURE_ROWS:
        computed = report.figures.get(row.key, 0)
        adj = report.adjustments.get(row.key)
        rows.append(
            {
                "key": row.key,
                "label": row.label,
                "unit": row.unit,
                "group": row.group,
                "computed": computed,
                "adjustment": adj,
                "value": adj["value"] if adj else computed,
            }
        )
    return rows


def effective_figures(report: AgencyReport) -> dict[str, int]:
    return {row["key"]: row["value"] for row in figure_rows(report)}


# ---------------------------------------------------------------------------------------------
# Permissions (questions the pages ask too)


def can_edit_report(user, report: AgencyReport) -> bool:
    """Staff and the lead of the report's own agency edit drafts and returned reports."""
    return (
        report.is_editable
        and getattr(user, "agency_id", None) == report.agency_id
        and not sees_everything(user)
    )


def can_submit_report(user, report: AgencyReport) -> bool:
    return (
        report.is_editable
        and getattr(user, "agency_id", None) == report.agency_id
        and is_agency_lead(user)
    )


def can_review_report(user, report: AgencyReport) -> bool:
    return report.status == ReportStatus.SUBMITTED and is_doit(user)


def can_reopen_report(user, report: AgencyReport) -> bool:
    return report.status == ReportStatus.ACCEPTED and is_doit(user)


# ---------------------------------------------------------------------------------------------
# Agency report workflow


def _claim(report: AgencyReport, version: int | None) -> AgencyReport:
    """Compare-and-set on ``version``; returns the fresh row (version already bumped)."""
    if version is None:
        version = report.version
    claimed = AgencyReport.objects.filter(pk=report.pk, version=version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleReportError
    fresh = AgencyReport.objects.select_related("period", "agency").get(pk=report.pk)
    report.__dict__.update(fresh.__dict__)
    return report


def _check_version(report: AgencyReport, version: int | None) -> None:
    """A form built from an older version is stale, whatever the report's state is now."""
    if version is not None and version != report.version:
        raise StaleReportError


def _record(report: AgencyReport, *, from_status: str, actor, comment: str = "") -> None:
    ReportTransition.objects.create(
        report=report,
        from_status=from_status,
        to_status=report.status,
        actor=actor,
        comment=comment,
    )


def _save(report: AgencyReport, actor, **extra) -> None:
    report._history_user = actor
    report.save(**extra)


def _require_editable(report: AgencyReport, actor) -> None:
    if report.is_locked:
        raise ReportLockedError
    if not can_edit_report(actor, report):
        if report.status == ReportStatus.SUBMITTED:
            raise ReportWorkflowError(
                _("Báo cáo đã gửi, đang chờ Sở Công Thương xem xét; không sửa được.")
            )
        raise PermissionDenied(_("Chỉ cán bộ của đơn vị được sửa báo cáo của đơn vị mình."))


@transaction.atomic
def report_get_or_create(*, agency: Agency, period: ReportingPeriod, actor) -> AgencyReport:
    """The agency's report for the period, created as a draft pre-filled from its data."""
    report = (
        AgencyReport.objects.select_related("period", "agency")
        .filter(agency=agency, period=period)
        .first()
    )
    if report is not None:
        return report
    if not (getattr(actor, "agency_id", None) == agency.pk and not sees_everything(actor)):
        raise PermissionDenied(_("Chỉ cán bộ của đơn vị được lập báo cáo của đơn vị mình."))
    report = AgencyReport(
        agency=agency, period=period, figures=figures_compute(agency=agency, period=period)
    )
    _save(report, actor)
    return report


@transaction.atomic
def report_prefill(*, report: AgencyReport, actor, version: int | None = None) -> AgencyReport:
    """Recompute the figures from the data (adjustments are kept, shown beside the new values)."""
    _check_version(report, version)
    _require_editable(report, actor)
    _claim(report, version)
    _require_editable(report, actor)
    report.figures = figures_compute(agency=report.agency, period=report.period)
    _save(report, actor)
    return report


@transaction.atomic
def report_update(
    *,
    report: AgencyReport,
    actor,
    version: int | None,
    results: str,
    difficulties: str,
    proposals: str,
) -> AgencyReport:
    """Staff complete the narrative of a draft or returned report."""
    _check_version(report, version)
    _require_editable(report, actor)
    _claim(report, version)
    _require_editable(report, actor)
    report.results = results.strip()
    report.difficulties = difficulties.strip()
    report.proposals = proposals.strip()
    _save(report, actor)
    return report


@transaction.atomic
def report_adjust(
    *,
    report: AgencyReport,
    actor,
    version: int | None,
    key: str,
    value: int | None,
    reason: str,
) -> AgencyReport:
    """Override one computed figure with a mandatory reason (``value=None`` removes it)."""
    _check_version(report, version)
    _require_editable(report, actor)
    if key not in FIGURE_KEYS:
        raise ReportWorkflowError(_("Chỉ tiêu số liệu không hợp lệ: %(key)s") % {"key": key})
    reason = (reason or "").strip()
    if not reason:
        raise ReportWorkflowError(_("Phải ghi lý do điều chỉnh số liệu."), code="reason")
    if value is not None and value < 0:
        raise ReportWorkflowError(_("Số liệu điều chỉnh không được âm."))
    _claim(report, version)
    _require_editable(report, actor)
    adjustments = dict(report.adjustments)
    if value is None:
        adjustments.pop(key, None)
    else:
        adjustments[key] = {
            "value": int(value),
            "reason": reason,
            "by": person_name(actor),
            "by_id": actor.pk,
            "at": timezone.now().isoformat(timespec="seconds"),
        }
    report.adjustments = adjustments
    _save(report, actor)
    return report


@transaction.atomic
def report_submit(
    *, report: AgencyReport, actor, version: int | None, comment: str = ""
) -> AgencyReport:
    """The agency lead sends the report to DOIT (first submission decides lateness)."""
    _check_version(report, version)
    if report.is_locked:
        raise ReportLockedError
    if not (getattr(actor, "agency_id", None) == report.agency_id and is_agency_lead(actor)):
        raise PermissionDenied(_("Chỉ lãnh đạo đơn vị được gửi báo cáo của đơn vị mình."))
    _claim(report, version)
    if not report.is_editable:
        raise ReportWorkflowError(_("Báo cáo không ở trạng thái dự thảo hoặc bị trả lại."))
    if not report.results.strip():
        raise ReportWorkflowError(
            _("Chưa nhập “Kết quả đạt được”; hãy hoàn thiện báo cáo trước khi gửi."),
            code="results",
        )
    before = report.status
    now = timezone.now()
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = now
    report.submitted_by = actor
    if report.first_submitted_at is None:
        report.first_submitted_at = now
    _save(report, actor)
    _record(report, from_status=before, actor=actor, comment=comment.strip())
    return report


def _require_reviewer(actor, what: str) -> None:
    if not is_doit(actor):
        raise PermissionDenied(
            _("Chỉ chuyên viên Sở Công Thương được %(what)s báo cáo.") % {"what": what}
        )


@transaction.atomic
def report_return(
    *, report: AgencyReport, actor, version: int | None, comment: str
) -> AgencyReport:
    """DOIT sends a submitted report back with its comments."""
    _check_version(report, version)
    _require_reviewer(actor, _("trả lại"))
    comment = (comment or "").strip()
    if not comment:
        raise ReportWorkflowError(_("Phải ghi ý kiến khi trả lại báo cáo."), code="comment")
    if report.is_locked:
        raise ReportLockedError
    _claim(report, version)
    if report.status != ReportStatus.SUBMITTED:
        raise ReportWorkflowError(_("Chỉ trả lại được báo cáo đã gửi."))
    before = report.status
    report.status = ReportStatus.RETURNED
    _save(report, actor)
    _record(report, from_status=before, actor=actor, comment=comment)
    return report


@transaction.atomic
def report_accept(
    *, report: AgencyReport, actor, version: int | None, comment: str = ""
) -> AgencyReport:
    """DOIT accepts a submitted report: from now on it is locked."""
    _check_version(report, version)
    _require_reviewer(actor, _("tiếp nhận"))
    if report.is_locked:
        raise ReportLockedError(_("Báo cáo đã được tiếp nhận trước đó."))
    _claim(report, version)
    if report.status != ReportStatus.SUBMITTED:
        raise ReportWorkflowError(_("Chỉ tiếp nhận được báo cáo đã gửi."))
    before = report.status
    report.status = ReportStatus.ACCEPTED
    report.accepted_at = timezone.now()
    report.accepted_by = actor
    _save(report, actor)
    _record(report, from_status=before, actor=actor, comment=(comment or "").strip())
    return report


@transaction.atomic
def report_reopen(*, report: AgencyReport, actor, version: int | None, reason: str) -> AgencyReport:
    """DOIT unlocks an accepted report (→ returned) with a mandatory, recorded reason."""
    _check_version(report, version)
    _require_reviewer(actor, _("mở lại"))
    reason = (reason or "").strip()
    if not reason:
        raise ReportWorkflowError(_("Phải ghi lý do mở lại báo cáo đã tiếp nhận."), code="reason")
    # The claim is a queryset UPDATE of ``version`` only, so it does not trip the model's lock.
    _claim(report, version)
    if report.status != ReportStatus.ACCEPTED:
        raise ReportWorkflowError(_("Chỉ mở lại được báo cáo đã tiếp nhận."))
    before = report.status
    report.status = ReportStatus.RETURNED
    report.accepted_at = None
    report.accepted_by = None
    report._unlock = True
    _save(report, actor)
    report._unlock = False
    _record(report, from_status=before, actor=actor, comment=reason)
    return report


# ---------------------------------------------------------------------------------------------
# Completeness and timeliness


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


# ---------------------------------------------------------------------------------------------
# Consolidated report


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


CONSOLIDATED_FIELDS = (
    "number",
    "issued_on",
    "summary",
    "difficulties",
    "proposals",
    "recipients",
    "signer_name",
    "signer_title",
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


def consolidated_context(*, period: ReportingPeriod) -> dict:
    """Everything the consolidated report shows that is computed (never typed)."""
    from reports import indicators

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
    submitted_ids = set(
        AgencyReport.objects.for_period(period)
        .submitted_or_accepted()
        .values_list("agency_id", flat=True)
    )
    missing = [a for a in expected_agencies(period=period) if a.pk not in submitted_ids]
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
