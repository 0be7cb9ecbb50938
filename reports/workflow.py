"""The agency report workflow: create (pre-filled), edit, adjust, submit, return, accept, reopen.
Views, the admin and the demo call these functions; they check permissions and record every
transition.

Workflow: draft → submitted → returned (reviewer's comment) → submitted → accepted (locked);
accepted → returned only through ``report_reopen`` with a reason.

Concurrency: every write takes the ``version`` the user's form was built from and claims the row
with ``UPDATE … WHERE pk = … AND version = v`` (``_claim``) before changing it. Two reviewers
acting at once, or a form posted from a stale page, get ``StaleReportError`` — never a silent
overwrite. The claim is a compare-and-set, so it holds on SQLite as well as PostgreSQL.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Agency
from accounts.roles import is_agency_lead, is_doit, sees_everything
from config.workflow import check_version, claim
from programs.models import ReportingPeriod
from reports.choices import ReportStatus
from reports.models import AgencyReport, ReportLockedError, ReportTransition
from reports.prefill import FIGURE_KEYS, figures_compute
from reports.selectors import person_name


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


# ---------------------------------------------------------------------------------------------
# Transitions


def _claim(report: AgencyReport, version: int | None) -> AgencyReport:
    """Compare-and-set on ``version``; returns the fresh row (version already bumped)."""
    return claim(
        AgencyReport.objects.select_related("period", "agency"), report, version, StaleReportError
    )


def _check_version(report: AgencyReport, version: int | None) -> None:
    check_version(report, version, StaleReportError)


_record = ReportTransition.record


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
