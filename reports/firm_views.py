"""The enterprise's own pages under /co-so/ (its overview, profile, tasks, assessments and
options, trainings, annual SXSH report) and DOIT's review queue of what enterprises submit.

An enterprise user reaches nothing else (``accounts.fence``); every row here is read through
the company's tax code (``visible_to`` / ``facilities_of``), so another company's data never
appears. Anyone else gets 404 on the enterprise's pages; DOIT reviews under /co-so/tham-tra/.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.fence import enterprise_allowed
from accounts.roles import is_doit
from accounts.scoping import company_of, get_visible_or_404
from assignments.models import Activity, PublicEvent
from assignments.uploads import attachment_response
from enterprises.choices import OptionStatus, Provenance
from enterprises.models import Assessment, Enterprise, Option, ProfileChange
from enterprises.profile import compare, profile_save
from reports import firm_workflow as wf
from reports.choices import ReportStatus
from reports.firm_forms import (
    EvidenceForm,
    FirmProfileForm,
    FirmReportForm,
    ReviewForm,
    SelfAssessmentForm,
    SelfOptionForm,
)
from reports.models import EnterpriseReport, OptionEvidence


class Company:
    """The signed-in enterprise user's company: tax code, facilities, its head facility."""

    def __init__(self, tax_code: str, facilities: list[Enterprise]):
        self.tax_code = tax_code
        self.facilities = facilities
        self.head = facilities[0]
        self.name = self.head.name
        self.waiting = wf.company_waiting_report(tax_code)


def _company_or_404(request) -> Company:
    tax_code = company_of(request.user)
    if tax_code is None:
        raise Http404
    facilities = list(wf.facilities_of(tax_code).select_related("vsic", "locality", "zone"))
    if not facilities:
        raise Http404
    return Company(tax_code, facilities)


def _render(request, template: str, company: Company, section: str, ctx: dict):
    return render(request, template, {"company": company, "firm_section": section, **ctx})


def _errors(request, exc) -> None:
    for message in getattr(exc, "messages", None) or [str(exc)]:
        messages.error(request, message)


def _options_of(company: Company):
    return (
        Option.objects.filter(assessment__enterprise__in=company.facilities)
        .select_related("assessment__enterprise")
        .prefetch_related("evidence_files")
    )


# --- overview and profile --------------------------------------------------------------------------


@enterprise_allowed
@require_GET
def overview(request):
    company = _company_or_404(request)
    options = list(_options_of(company))
    year = wf.current_report_year()
    report = EnterpriseReport.objects.filter(enterprise=company.head, year=year).first()
    today = timezone.localdate()
    tasks = list(wf.company_tasks(company.tax_code)[:5])
    changes = list(ProfileChange.objects.pending().filter(enterprise__in=company.facilities))
    return _render(
        request,
        "firms/overview.html",
        company,
        "overview",
        {
            "year": year,
            "report": report,
            "tasks": tasks,
            "stats": {
                "implemented": sum(1 for o in options if o.status == OptionStatus.IMPLEMENTED),
                "proposed": sum(1 for o in options if o.status == OptionStatus.PROPOSED),
                "pending": sum(1 for o in options if o.source == Provenance.SELF_PENDING),
                "saving": sum(
                    o.annual_saving_vnd
                    for o in options
                    if o.status == OptionStatus.IMPLEMENTED and o.source in Provenance.counted()
                ),
            },
            "trainings": _attended(company).filter(held_on__year=today.year).count(),
            "changes": changes,
        },
    )


@enterprise_allowed
@require_http_methods(["GET", "POST"])
def profile(request, pk: int):
    company = _company_or_404(request)
    facility = next((f for f in company.facilities if f.pk == pk), None)
    if facility is None:
        raise Http404
    form = FirmProfileForm(request.POST or None, instance=Enterprise.objects.get(pk=facility.pk))
    if request.method == "POST" and form.is_valid():
        change = profile_save(enterprise=facility, data=form.cleaned_data, actor=request.user)
        if change is None:
            messages.success(request, _("Đã lưu thông tin liên hệ."))
        else:
            messages.success(
                request,
                _(
                    "Đã lưu thông tin liên hệ. Các thay đổi khác đã gửi Sở Công Thương kiểm tra "
                    "trước khi cập nhật vào danh sách."
                ),
            )
        return redirect("firms:profile", pk=facility.pk)
    pending = ProfileChange.objects.pending().filter(enterprise=facility).first()
    return _render(
        request,
        "firms/profile.html",
        company,
        "profile",
        {
            "facility": facility,
            "form": form,
            "pending": pending,
            "pending_rows": compare(pending) if pending else [],
        },
    )


# --- tasks and trainings ---------------------------------------------------------------------------


def _attended(company: Company):
    return (
        Activity.objects.filter(enterprises__in=company.facilities)
        .select_related("agency", "task")
        .distinct()
    )


@enterprise_allowed
@require_GET
def tasks(request):
    """The directive sections addressed to enterprises, with what this enterprise did for each:
    its answers in its annual reports, the trainings of the task it attended, its options."""
    company = _company_or_404(request)
    task_list = list(wf.company_tasks(company.tax_code).order_by("document__signed_on", "order"))
    reports = list(
        EnterpriseReport.objects.filter(enterprise__in=company.facilities).order_by("-year")
    )
    attended = list(_attended(company).filter(task__in=task_list))
    for task in task_list:
        task.answers = [
            {"year": r.year, "status": r, "text": r.task_answers[str(task.pk)]}
            for r in reports
            if r.task_answers.get(str(task.pk))
        ]
        task.attended = [a for a in attended if a.task_id == task.pk]
    return _render(request, "firms/tasks.html", company, "tasks", {"tasks": task_list})


@enterprise_allowed
@require_GET
def trainings(request):
    company = _company_or_404(request)
    attended = list(_attended(company).order_by("-held_on"))
    # what DOIT announced on the public site, each with its registration form there
    upcoming = list(PublicEvent.objects.upcoming().select_related("activity__agency")[:20])
    return _render(
        request,
        "firms/trainings.html",
        company,
        "trainings",
        {"attended": attended, "upcoming": upcoming},
    )


# --- assessments and options -----------------------------------------------------------------------


@enterprise_allowed
@require_GET
def options(request):
    company = _company_or_404(request)
    assessments = list(
        Assessment.objects.filter(enterprise__in=company.facilities)
        .select_related("enterprise")
        .prefetch_related(
            Prefetch(
                "options",
                queryset=Option.objects.order_by("status", "id").prefetch_related("evidence_files"),
            )
        )
        .order_by("-assessed_on")
    )
    for a in assessments:
        for o in a.options.all():
            o.assessment = a
    return _render(request, "firms/options.html", company, "options", {"assessments": assessments})


def _own_assessment(request, company: Company, pk: int) -> Assessment:
    assessment = get_visible_or_404(
        Assessment.objects.select_related("enterprise"), request.user, pk=pk
    )
    if assessment.enterprise_id not in {f.pk for f in company.facilities}:
        raise Http404
    return assessment


def _own_option(request, company: Company, pk: int) -> Option:
    option = get_visible_or_404(
        Option.objects.select_related("assessment__enterprise"), request.user, pk=pk
    )
    if option.assessment.enterprise_id not in {f.pk for f in company.facilities}:
        raise Http404
    return option


@enterprise_allowed
@require_http_methods(["GET", "POST"])
def assessment_edit(request, pk: int | None = None, facility: int | None = None):
    company = _company_or_404(request)
    assessment = _own_assessment(request, company, pk) if pk else None
    if assessment is not None and assessment.source not in (
        Provenance.SELF_PENDING,
        Provenance.SELF_VERIFIED,
    ):
        raise Http404  # DOIT's assessment: the enterprise reports on its options instead
    target = (
        assessment.enterprise
        if assessment
        else next((f for f in company.facilities if f.pk == facility), None)
    )
    if target is None:
        raise Http404
    form = SelfAssessmentForm(request.POST or None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        try:
            saved = wf.assessment_self_report(
                enterprise=target,
                actor=request.user,
                data=form.cleaned_data,
                assessment=assessment,
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Đã lưu đánh giá; số liệu chờ Sở Công Thương thẩm tra."))
            return redirect(f"{reverse('firms:options')}#danh-gia-{saved.pk}")
    return _render(
        request,
        "firms/assessment_form.html",
        company,
        "options",
        {"form": form, "assessment": assessment, "facility": target},
    )


@enterprise_allowed
@require_http_methods(["GET", "POST"])
def option_edit(request, pk: int | None = None, assessment: int | None = None):
    company = _company_or_404(request)
    option = _own_option(request, company, pk) if pk else None
    parent = option.assessment if option else _own_assessment(request, company, assessment)
    initial = wf.current_consumption(option) if option else {}
    form = SelfOptionForm(request.POST or None, instance=option, initial=initial)
    if request.method == "POST" and form.is_valid():
        data, current = form.split()
        try:
            saved = wf.option_self_report(
                assessment=parent, actor=request.user, data=data, current=current, option=option
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                _errors(request, exc)
        else:
            messages.success(
                request,
                _("Đã lưu giải pháp; số liệu chờ Sở Công Thương thẩm tra trong báo cáo năm."),
            )
            return redirect("firms:option_edit", pk=saved.pk)
    return _render(
        request,
        "firms/option_form.html",
        company,
        "options",
        {
            "form": form,
            "option": option,
            "assessment": parent,
            "evidence_form": EvidenceForm(),
            "evidence": list(option.evidence_files.all()) if option else [],
        },
    )


@enterprise_allowed
@require_POST
def option_evidence_add(request, pk: int):
    company = _company_or_404(request)
    option = _own_option(request, company, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            wf.option_evidence_add(
                option=option, upload=form.cleaned_data["file"], actor=request.user
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Đã thêm tệp minh chứng."))
    else:
        _errors(request, ValidationError(_("Chọn một tệp minh chứng.")))
    return redirect("firms:option_edit", pk=option.pk)


@enterprise_allowed
@require_GET
def evidence_download(request, pk: int):
    """The company's own files, and DOIT's reviewers (leadership reads too)."""
    evidence = get_visible_or_404(OptionEvidence, request.user, pk=pk)
    return attachment_response(
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )


# --- the annual report -----------------------------------------------------------------------------


@enterprise_allowed
@require_GET
def report_list(request):
    company = _company_or_404(request)
    reports = list(
        EnterpriseReport.objects.filter(enterprise__in=company.facilities).order_by("-year")
    )
    year = wf.current_report_year()
    return _render(
        request,
        "firms/report_list.html",
        company,
        "report",
        {
            "reports": reports,
            "year": year,
            "has_current": any(r.year == year for r in reports),
        },
    )


@enterprise_allowed
@require_POST
def report_start(request, year: int):
    company = _company_or_404(request)
    if year not in (wf.current_report_year(), wf.current_report_year() - 1):
        raise Http404
    report = wf.firm_report_start(tax_code=company.tax_code, year=year, actor=request.user)
    return redirect("firms:report_detail", pk=report.pk)


def _own_report(request, company: Company, pk: int) -> EnterpriseReport:
    report = get_visible_or_404(
        EnterpriseReport.objects.select_related("enterprise", "submitted_by", "accepted_by"),
        request.user,
        pk=pk,
    )
    if report.enterprise_id not in {f.pk for f in company.facilities}:
        raise Http404
    return report


@enterprise_allowed
@require_http_methods(["GET", "POST"])
def report_detail(request, pk: int):
    company = _company_or_404(request)
    report = _own_report(request, company, pk)
    task_list = list(wf.company_tasks(company.tax_code).order_by("document__signed_on", "order"))
    initial = {
        "version": report.version,
        "results": report.results,
        "plan": report.plan,
        "difficulties": report.difficulties,
        "proposals": report.proposals,
    }
    form = FirmReportForm(
        request.POST or None, initial=initial, tasks=task_list, answers=report.task_answers
    )
    if request.method == "POST" and not report.is_editable:
        messages.error(request, _("Báo cáo không sửa được ở trạng thái này."))
        return redirect("firms:report_detail", pk=report.pk)
    if request.method == "POST" and form.is_valid():
        try:
            wf.firm_report_save(
                report=report,
                actor=request.user,
                version=form.cleaned_data["version"],
                data=form.text_data(),
                task_answers=form.task_answers(),
            )
            if "submit" in request.POST:
                wf.firm_report_submit(report=report, actor=request.user, version=report.version)
                messages.success(request, _("Đã gửi báo cáo đến Sở Công Thương."))
            else:
                messages.success(request, _("Đã lưu dự thảo."))
        except ValidationError as exc:
            _errors(request, exc)
        return redirect("firms:report_detail", pk=report.pk)
    if report.is_editable:
        # what the enterprise sees while writing is its data as of now
        report.figures = wf.prefill_figures(tax_code=company.tax_code, year=report.year)
    return _render(
        request,
        "firms/report_detail.html",
        company,
        "report",
        {
            "report": report,
            "form": form,
            "transitions": list(report.transitions.select_related("actor")),
            "answers": [(t, report.task_answers.get(str(t.pk), "")) for t in task_list],
        },
    )


# --- DOIT's review ---------------------------------------------------------------------------------


def _require_doit(request) -> None:
    if not is_doit(request.user):
        raise PermissionDenied


@require_GET
def review_queue(request):
    _require_doit(request)
    year = wf.current_report_year()
    waiting = list(
        EnterpriseReport.objects.waiting()
        .select_related("enterprise", "submitted_by")
        .order_by("submitted_at")
    )
    recent = list(
        EnterpriseReport.objects.exclude(status=ReportStatus.SUBMITTED)
        .exclude(status=ReportStatus.DRAFT)
        .select_related("enterprise")
        .order_by("-updated_at")[:15]
    )
    return render(
        request,
        "firms/review_queue.html",
        {
            "year": year,
            "waiting": waiting,
            "recent": recent,
            "not_reported": wf.companies_not_reported(year),
            "pending_options": Option.objects.pending().count(),
        },
    )


@require_POST
def review_remind(request):
    _require_doit(request)
    result = wf.firm_reminders_send()
    messages.success(
        request,
        _("Đã gửi %(sent)s thư nhắc (%(already)s người đã được nhắc hôm nay).")
        % {"sent": result.sent, "already": result.already_sent},
    )
    return redirect("firms:review_queue")


def _registry_rows(report: EnterpriseReport) -> list[dict]:
    """Each option in the submission beside the registry's row for it now (source, figures)."""
    figures = report.figures or {}
    ids = [row["id"] for row in figures.get("options", [])]
    current = {
        o.pk: o
        for o in Option.objects.filter(pk__in=ids)
        .select_related("assessment")
        .prefetch_related("evidence_files")
    }
    rows = []
    for row in figures.get("options", []):
        rows.append({"sent": row, "now": current.get(row["id"])})
    return rows


@require_GET
def review_detail(request, pk: int):
    _require_doit(request)
    report = get_visible_or_404(
        EnterpriseReport.objects.select_related("enterprise__vsic", "enterprise__locality"),
        request.user,
        pk=pk,
    )
    tax_code = report.enterprise.tax_code.split("-", 1)[0]
    task_list = list(wf.company_tasks(tax_code))
    return render(
        request,
        "firms/review_detail.html",
        {
            "report": report,
            "rows": _registry_rows(report),
            "facilities": list(wf.facilities_of(tax_code).select_related("vsic", "locality")),
            "counted": Option.objects.counted()
            .filter(assessment__enterprise__in=wf.facilities_of(tax_code))
            .filter(status=OptionStatus.IMPLEMENTED)
            .count(),
            "answers": [(t, report.task_answers.get(str(t.pk), "")) for t in task_list],
            "transitions": list(report.transitions.select_related("actor")),
            "form": ReviewForm(initial={"version": report.version}),
        },
    )


@require_POST
def review_action(request, pk: int, action: str):
    _require_doit(request)
    report = get_visible_or_404(
        EnterpriseReport.objects.select_related("enterprise"), request.user, pk=pk
    )
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Biểu mẫu không hợp lệ; tải lại trang rồi thực hiện lại."))
        return redirect("firms:review_detail", pk=report.pk)
    args = {
        "report": report,
        "actor": request.user,
        "version": form.cleaned_data["version"],
        "comment": form.cleaned_data["comment"],
    }
    try:
        if action == "tra-lai":
            wf.firm_report_return(**args)
            messages.success(request, _("Đã trả lại báo cáo kèm ý kiến."))
        elif action == "tiep-nhan":
            wf.firm_report_accept(**args)
            messages.success(
                request,
                _(
                    "Đã tiếp nhận báo cáo; số liệu doanh nghiệp tự báo cáo đã được tính vào chỉ tiêu."
                ),
            )
        else:
            raise Http404
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("firms:review_detail", pk=report.pk)
    return redirect("firms:review_queue")
