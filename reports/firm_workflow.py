"""What an enterprise reports itself, and DOIT's check of it.

- Self-reporting: the enterprise adds its own assessment (baseline per unit of product), proposes
  options and reports their implementation and measured results (current consumption per unit,
  investment, annual saving) with evidence files (checked by ``assignments.uploads``). Every
  such write marks the figure ``self_pending``: it does not count (``Option.objects.counted()``)
  until DOIT accepts the annual report that carries it.
- The annual SXSH report (``EnterpriseReport``): pre-filled from the company's own data, draft →
  submitted → returned with comments / accepted; each step is a transition row with its actor;
  every write compares the form's ``version`` (a stale form or a second reviewer gets a clear
  message). While a report waits for DOIT the figures it carries are frozen.
- Reminders to enterprises that have not reported (``send_enterprise_reminders``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_doit
from accounts.scoping import company_of
from assignments.models import Activity, Task
from assignments.uploads import sniff_upload
from config.workflow import check_version, claim
from enterprises.choices import OptionStatus, Provenance
from enterprises.models import Assessment, CompanyAccess, Enterprise, Option
from reports.choices import ReportStatus
from reports.models import (
    EnterpriseReminderLog,
    EnterpriseReport,
    EnterpriseReportTransition,
    OptionEvidence,
    ReportLockedError,
)


class FirmWorkflowError(ValidationError):
    """A step that is not possible in the report's present state."""


class StaleFirmReportError(FirmWorkflowError):
    def __init__(self):
        super().__init__(
            _(
                "Báo cáo vừa được người khác thay đổi; trang đã được tải lại với nội dung mới "
                "nhất, vui lòng kiểm tra rồi thực hiện lại."
            ),
            code="stale",
        )


def current_report_year(today: dt.date | None = None) -> int:
    """The year whose annual report is being written: this year from October (reports are
    gathered in the last quarter), last year from January to September (late reports)."""
    today = today or timezone.localdate()
    return today.year if today.month >= 10 else today.year - 1


# --- the company ----------------------------------------------------------------------------------


def facilities_of(tax_code: str):
    return Enterprise.objects.of_company(tax_code).order_by("tax_code")


def _require_company(actor, enterprise: Enterprise) -> str:
    """The actor's company, which must own ``enterprise`` (else: 404-like PermissionDenied)."""
    tax_code = company_of(actor)
    if tax_code is None or not facilities_of(tax_code).filter(pk=enterprise.pk).exists():
        raise PermissionDenied
    return tax_code


def company_waiting_report(tax_code: str) -> EnterpriseReport | None:
    """The company's report now with DOIT, if any: its figures are frozen meanwhile."""
    return (
        EnterpriseReport.objects.filter(
            enterprise__in=facilities_of(tax_code), status=ReportStatus.SUBMITTED
        )
        .order_by("-year")
        .first()
    )


def _refuse_while_waiting(tax_code: str) -> None:
    waiting = company_waiting_report(tax_code)
    if waiting is not None:
        raise FirmWorkflowError(
            _(
                "Báo cáo năm %(year)s đang chờ Sở Công Thương thẩm tra; số liệu được sửa lại "
                "sau khi Sở trả lại hoặc tiếp nhận báo cáo."
            )
            % {"year": waiting.year},
            code="waiting",
        )


# --- self-reported assessments and options ---------------------------------------------------------

SAVINGS = (
    # (saving field on Option, baseline field on Assessment, current-consumption form field)
    ("energy_saving_kwh", "baseline_energy_kwh", "current_energy_kwh"),
    ("water_saving_m3", "baseline_water_m3", "current_water_m3"),
    ("material_saving_t", "baseline_material_t", "current_material_t"),
)


def _save(instance, actor) -> None:
    instance._history_user = actor
    instance.full_clean()
    instance.save()


@transaction.atomic
def assessment_self_report(
    *, enterprise: Enterprise, actor, data: dict, assessment: Assessment | None = None
) -> Assessment:
    """The enterprise records its own assessment (or corrects one it recorded)."""
    tax_code = _require_company(actor, enterprise)
    _refuse_while_waiting(tax_code)
    if assessment is not None and (
        assessment.enterprise_id != enterprise.pk
        or assessment.source not in (Provenance.SELF_PENDING, Provenance.SELF_VERIFIED)
    ):
        raise PermissionDenied
    assessment = assessment or Assessment(enterprise=enterprise)
    for field, value in data.items():
        setattr(assessment, field, value)
    assessment.source = Provenance.SELF_PENDING
    _save(assessment, actor)
    return assessment


def _savings_from_current(assessment: Assessment, current: dict) -> dict:
    """Per-unit saving = the assessment's baseline − the consumption measured now."""
    savings, errors = {}, {}
    for saving_field, baseline_field, current_field in SAVINGS:
        value = current.get(current_field)
        if value is None:
            savings[saving_field] = None
            continue
        baseline = getattr(assessment, baseline_field)
        if not baseline:
            errors[current_field] = _(
                "Đánh giá chưa có mức tiêu hao ban đầu để so sánh; bổ sung mức ban đầu trước."
            )
            continue
        if value > baseline:
            errors[current_field] = _(
                "Mức tiêu hao hiện nay lớn hơn mức ban đầu (%(baseline)s); kiểm tra lại số đo."
            ) % {"baseline": baseline}
            continue
        savings[saving_field] = (baseline - Decimal(value)).quantize(Decimal("0.001"))
    if errors:
        raise ValidationError(errors)
    return savings


def current_consumption(option: Option) -> dict:
    """The consumption per unit the enterprise measured (baseline − saving), for its form."""
    out = {}
    for saving_field, baseline_field, current_field in SAVINGS:
        saving = getattr(option, saving_field)
        baseline = getattr(option.assessment, baseline_field)
        out[current_field] = baseline - saving if saving is not None and baseline else None
    return out


@transaction.atomic
def option_self_report(
    *, assessment: Assessment, actor, data: dict, current: dict, option: Option | None = None
) -> Option:
    """The enterprise proposes an option, or reports an option's implementation and measured
    results; the figure waits for DOIT's check (``self_pending``) whoever entered it first."""
    tax_code = _require_company(actor, assessment.enterprise)
    _refuse_while_waiting(tax_code)
    if option is not None and option.assessment_id != assessment.pk:
        raise PermissionDenied
    option = option or Option(assessment=assessment)
    for field, value in data.items():
        setattr(option, field, value)
    for field, value in _savings_from_current(assessment, current).items():
        setattr(option, field, value)
    if option.status != OptionStatus.IMPLEMENTED:
        option.implemented_on = option.implemented_on or None
    elif option.implemented_on is None:
        raise ValidationError({"implemented_on": _("Ghi ngày thực hiện giải pháp.")})
    option.source = Provenance.SELF_PENDING
    _save(option, actor)
    return option


@transaction.atomic
def option_evidence_add(*, option: Option, upload, actor) -> OptionEvidence:
    """A file backing the option, through the same guarded path as agencies' evidence."""
    tax_code = _require_company(actor, option.assessment.enterprise)
    _refuse_while_waiting(tax_code)
    sniffed = sniff_upload(upload)
    evidence = OptionEvidence(
        option=option,
        original_name=sniffed.original_name,
        content_type=sniffed.content_type,
        size=sniffed.size,
        uploaded_by=actor,
    )
    evidence.file.save(f"x.{sniffed.extension}", upload, save=False)
    evidence._history_user = actor
    evidence.save()
    # new evidence is something DOIT has not seen: the figure waits for its check again
    if option.source == Provenance.SELF_VERIFIED:
        Option.objects.filter(pk=option.pk).update(source=Provenance.SELF_PENDING)
    return evidence


# --- the annual report ---------------------------------------------------------------------------


def _num(value) -> str | None:
    return None if value is None else str(value)


def prefill_figures(*, tax_code: str, year: int) -> dict:
    """The company's own data for ``year``: its options (implemented in the year, or waiting
    for the check), totals, the trainings it attended and the tasks addressed to it."""
    facilities = list(facilities_of(tax_code))
    options = list(
        Option.objects.filter(assessment__enterprise__in=facilities)
        .filter(
            Q(implemented_on__year=year)
            | Q(source=Provenance.SELF_PENDING)
            | Q(assessment__source=Provenance.SELF_PENDING)
            | Q(status=OptionStatus.PROPOSED)
        )
        .select_related("assessment__enterprise")
        .order_by("assessment__enterprise__tax_code", "id")
    )
    rows = []
    for o in options:
        a = o.assessment
        current = current_consumption(o)
        rows.append(
            {
                "id": o.pk,
                "facility": a.enterprise.name,
                "category": o.get_category_display(),
                "description": o.description,
                "status": o.status,
                "status_label": o.get_status_display(),
                "implemented_on": o.implemented_on.isoformat() if o.implemented_on else None,
                "implemented_on_display": f"{o.implemented_on:%d/%m/%Y}"
                if o.implemented_on
                else "",
                "unit": a.product_unit,
                "baseline_energy_kwh": _num(a.baseline_energy_kwh),
                "current_energy_kwh": _num(current["current_energy_kwh"]),
                "energy_saving_percent": _num(o.energy_saving_percent),
                "baseline_water_m3": _num(a.baseline_water_m3),
                "current_water_m3": _num(current["current_water_m3"]),
                "water_saving_percent": _num(o.water_saving_percent),
                "baseline_material_t": _num(a.baseline_material_t),
                "current_material_t": _num(current["current_material_t"]),
                "material_saving_percent": _num(o.material_saving_percent),
                "investment_vnd": _num(o.investment_vnd),
                "annual_saving_vnd": _num(o.annual_saving_vnd),
                "source": o.source,
                "source_label": o.get_source_display(),
                "assessment_source": a.source,
                "evidence": o.evidence_files.count(),
            }
        )
    implemented = [r for r in rows if r["status"] == OptionStatus.IMPLEMENTED]
    trainings = (
        Activity.objects.filter(enterprises__in=facilities, held_on__year=year)
        .select_related("agency")
        .distinct()
        .order_by("held_on")
    )
    return {
        "year": year,
        "facilities": [{"tax_code": f.tax_code, "name": f.name} for f in facilities],
        "options": rows,
        "totals": {
            "implemented": len(implemented),
            "proposed": sum(1 for r in rows if r["status"] == OptionStatus.PROPOSED),
            "investment_vnd": str(sum(Decimal(r["investment_vnd"]) for r in implemented)),
            "annual_saving_vnd": str(sum(Decimal(r["annual_saving_vnd"]) for r in implemented)),
        },
        "trainings": [
            {
                "title": t.title,
                "kind": t.get_kind_display(),
                "held_on": t.held_on.isoformat(),
                "held_on_display": f"{t.held_on:%d/%m/%Y}",
                "agency": t.agency.short_name or t.agency.name,
            }
            for t in trainings
        ],
        "pending_options": [o.pk for o in options if o.source == Provenance.SELF_PENDING],
        "pending_assessments": sorted(
            {o.assessment_id for o in options if o.assessment.source == Provenance.SELF_PENDING}
            | set(
                Assessment.objects.filter(
                    enterprise__in=facilities, source=Provenance.SELF_PENDING
                ).values_list("pk", flat=True)
            )
        ),
    }


def company_tasks(tax_code: str):
    """Directive tasks given to an enterprise group any of the company's facilities is in."""
    ids: set[int] = set()
    for facility in facilities_of(tax_code).select_related("vsic"):
        ids |= set(Task.objects.for_enterprise(facility).values_list("pk", flat=True))
    return Task.objects.filter(pk__in=ids).select_related("document", "assignee_group")


def _claim(report: EnterpriseReport, version: int | None) -> EnterpriseReport:
    return claim(
        EnterpriseReport.objects.select_related("enterprise"), report, version, StaleFirmReportError
    )


def _check_version(report: EnterpriseReport, version: int | None) -> None:
    check_version(report, version, StaleFirmReportError)


_record = EnterpriseReportTransition.record


def _save_report(report: EnterpriseReport, actor) -> None:
    report._history_user = actor
    report.save()


def _report_company(report: EnterpriseReport, actor) -> str:
    tax_code = _require_company(actor, report.enterprise)
    return tax_code


@transaction.atomic
def firm_report_start(*, tax_code: str, year: int, actor) -> EnterpriseReport:
    """The company's report for ``year`` (created on first use, pre-filled)."""
    if company_of(actor) != tax_code:
        raise PermissionDenied
    head = facilities_of(tax_code).first()
    if head is None:
        raise PermissionDenied
    # one report per company: filed under its head office (the 10-digit code sorts first)
    report, created = EnterpriseReport.objects.get_or_create(enterprise=head, year=year)
    if created:
        report.figures = prefill_figures(tax_code=tax_code, year=year)
        _save_report(report, actor)
        _record(report, from_status=ReportStatus.DRAFT, actor=actor, comment=_("Lập báo cáo"))
    return report


@transaction.atomic
def firm_report_save(
    *, report: EnterpriseReport, actor, version: int | None, data: dict, task_answers: dict
) -> EnterpriseReport:
    """Save the draft's text; the figures are read again from the company's data."""
    tax_code = _report_company(report, actor)
    _check_version(report, version)
    if report.status == ReportStatus.ACCEPTED:
        raise ReportLockedError
    _claim(report, version)
    if not report.is_editable:
        raise FirmWorkflowError(_("Báo cáo đã gửi, đang chờ Sở Công Thương thẩm tra."))
    for field in ("results", "plan", "difficulties", "proposals"):
        if field in data:
            setattr(report, field, data[field])
    report.task_answers = {str(k): v for k, v in task_answers.items() if v.strip()}
    report.figures = prefill_figures(tax_code=tax_code, year=report.year)
    _save_report(report, actor)
    return report


@transaction.atomic
def firm_report_submit(*, report: EnterpriseReport, actor, version: int | None) -> EnterpriseReport:
    tax_code = _report_company(report, actor)
    _check_version(report, version)
    if report.status == ReportStatus.ACCEPTED:
        raise ReportLockedError
    _claim(report, version)
    if not report.is_editable:
        raise FirmWorkflowError(_("Báo cáo đã gửi, đang chờ Sở Công Thương thẩm tra."))
    if not report.results.strip():
        raise FirmWorkflowError(
            _("Chưa nhập “Kết quả áp dụng SXSH trong năm”; hãy hoàn thiện trước khi gửi."),
            code="results",
        )
    before = report.status
    now = timezone.now()
    # frozen now: what DOIT checks is what the enterprise sent
    report.figures = prefill_figures(tax_code=tax_code, year=report.year)
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = now
    report.submitted_by = actor
    report.first_submitted_at = report.first_submitted_at or now
    _save_report(report, actor)
    _record(report, from_status=before, actor=actor)
    return report


def _require_reviewer(actor) -> None:
    if not is_doit(actor):
        raise PermissionDenied(_("Chỉ chuyên viên Sở Công Thương thẩm tra báo cáo doanh nghiệp."))


@transaction.atomic
def firm_report_return(
    *, report: EnterpriseReport, actor, version: int | None, comment: str
) -> EnterpriseReport:
    _require_reviewer(actor)
    _check_version(report, version)
    comment = (comment or "").strip()
    if not comment:
        raise FirmWorkflowError(_("Phải ghi ý kiến khi trả lại báo cáo."), code="comment")
    if report.status == ReportStatus.ACCEPTED:
        raise ReportLockedError
    _claim(report, version)
    if report.status != ReportStatus.SUBMITTED:
        raise FirmWorkflowError(_("Chỉ trả lại được báo cáo đã gửi."))
    before = report.status
    report.status = ReportStatus.RETURNED
    _save_report(report, actor)
    _record(report, from_status=before, actor=actor, comment=comment)
    return report


@transaction.atomic
def firm_report_accept(
    *, report: EnterpriseReport, actor, version: int | None, comment: str = ""
) -> EnterpriseReport:
    """DOIT accepts: the self-reported figures the report carried become verified and count."""
    _require_reviewer(actor)
    _check_version(report, version)
    if report.status == ReportStatus.ACCEPTED:
        raise ReportLockedError(_("Báo cáo đã được tiếp nhận trước đó."))
    _claim(report, version)
    if report.status != ReportStatus.SUBMITTED:
        raise FirmWorkflowError(_("Chỉ tiếp nhận được báo cáo đã gửi."))
    figures = report.figures or {}
    for model, ids in (
        (Assessment, figures.get("pending_assessments", [])),
        (Option, figures.get("pending_options", [])),
    ):
        for row in model.objects.filter(pk__in=ids, source=Provenance.SELF_PENDING):
            row.source = Provenance.SELF_VERIFIED
            row._history_user = actor
            row.save(update_fields=["source"])
    before = report.status
    report.status = ReportStatus.ACCEPTED
    report.accepted_at = timezone.now()
    report.accepted_by = actor
    _save_report(report, actor)
    _record(report, from_status=before, actor=actor, comment=(comment or "").strip())
    return report


# --- who has not reported, and reminders -----------------------------------------------------------


def companies_not_reported(year: int) -> list[dict]:
    """Companies with an active account and no report sent for ``year`` (draft or returned
    counts as not sent), each with its registry name and its users' addresses."""
    sent = set(
        EnterpriseReport.objects.filter(
            year=year, status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]
        ).values_list("enterprise__tax_code", flat=True)
    )
    sent = {code.split("-", 1)[0] for code in sent}
    companies: dict[str, dict] = {}
    for access in CompanyAccess.objects.active().select_related("user").order_by("tax_code"):
        if access.tax_code in sent:
            continue
        entry = companies.setdefault(access.tax_code, {"tax_code": access.tax_code, "users": []})
        entry["users"].append(access.user)
    names = dict(
        Enterprise.objects.filter(tax_code__in=list(companies)).values_list("tax_code", "name")
    )
    for code, entry in companies.items():
        entry["name"] = names.get(code, "")
    return list(companies.values())


@dataclass
class FirmReminderResult:
    sent: int = 0
    already_sent: int = 0
    companies: int = 0


def firm_reminders_send(*, year: int | None = None, today: dt.date | None = None):
    """E-mail the users of every company that has not sent its report for ``year``; once per
    user and day (a log row in the same transaction as the send)."""
    today = today or timezone.localdate()
    year = year or current_report_year(today)
    result = FirmReminderResult()
    for company in companies_not_reported(year):
        result.companies += 1
        for user in company["users"]:
            if not user.email:
                continue
            with transaction.atomic():
                _log, created = EnterpriseReminderLog.objects.get_or_create(
                    user=user, sent_on=today, defaults={"year": year}
                )
                if not created:
                    result.already_sent += 1
                    continue
                context = {
                    "user": user,
                    "company": company,
                    "year": year,
                    "base_url": settings.PORTAL_BASE_URL.rstrip("/"),
                }
                subject = _("[SXSH] Nhắc gửi báo cáo SXSH năm %(year)s") % {"year": year}
                message = EmailMultiAlternatives(
                    subject,
                    render_to_string("firms/email/reminder.txt", context),
                    to=[user.email],
                )
                message.send()
                result.sent += 1
    return result
