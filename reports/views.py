"""Pages of the reporting cycle. Every object is fetched through ``visible_to`` (outside → 404);
every write goes through ``reports.workflow`` or ``reports.consolidated``."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import ListView

from accounts.formtokens import form_saved, one_time_form
from accounts.models import Agency
from accounts.pagecache import cached_page
from accounts.roles import is_doit, sees_everything
from accounts.scoping import get_visible_or_404
from accounts.views import ScopedQuerysetMixin
from config.text import strip_accents
from programs.choices import IndicatorComputation as C
from programs.models import Indicator, ReportingPeriod
from programs.periods import (
    all_periods,
    period_by_key,
    period_close,
    period_from_query,
    period_reopen,
)
from reports import consolidated, indicators, pdf, prefill, selectors, workflow, xlsx
from reports.choices import ReportStatus
from reports.filters import CompletenessFilter, ReportFilter
from reports.forms import (
    AdjustForm,
    CommentForm,
    ConsolidatedForm,
    IndicatorValueForm,
    NarrativeForm,
    OfficerForm,
)
from reports.models import AgencyReport, ConsolidatedReport, IndicatorValue, SxshOfficer
from reports.plan_section import plan_section_context
from reports.roster import indicator_value_set, officer_save


def _report_or_404(request, pk) -> AgencyReport:
    qs = AgencyReport.objects.select_related("agency", "period", "submitted_by", "accepted_by")
    return get_visible_or_404(qs, request.user, pk=pk)


def _error_text(exc) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("Bạn không có quyền thực hiện thao tác này.")


def _filename(text: str) -> str:
    return slugify(strip_accents(text)) or "bao-cao"


# ---------------------------------------------------------------------------------------------
# Agency reports


class ReportListView(ScopedQuerysetMixin, ListView):
    """Agency users: their agency's reports (and the periods they can start); DOIT/leadership: all."""

    model = AgencyReport
    paginate_by = 25
    template_name = "reports/report_list.html"

    def get_queryset(self):
        qs = super().get_queryset().select_related("agency", "period", "submitted_by")
        self.filterset = ReportFilter(
            self.request.GET or None, queryset=qs, show_agency=sees_everything(self.request.user)
        )
        return self.filterset.qs.order_by("-period__ends_on", "period__kind", "agency__name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["filter_form"] = self.filterset.form
        context["is_doit"] = is_doit(user)
        context["can_start"] = bool(user.agency_id) and not sees_everything(user)
        if context["can_start"]:
            today = timezone.localdate()
            existing = AgencyReport.objects.filter(agency_id=user.agency_id).values_list(
                "period_id", flat=True
            )
            context["startable_periods"] = list(
                # started periods whose deadline is at most a year old: a late report is still
                # possible, a report for a period that has not begun is not
                ReportingPeriod.objects.filter(
                    regime__is_default=True,
                    closed_at__isnull=True,
                    starts_on__lte=today,
                    due_on__gte=today - dt.timedelta(days=365),
                )
                .exclude(pk__in=existing)
                .order_by("-ends_on", "kind")[:6]
            )
        return context


index = cached_page(ReportListView.as_view())


@require_POST
def report_start(request, key):
    """An agency user opens (creates, pre-filled) their agency's report for a period."""
    period = period_by_key(key)
    if period is None or not request.user.agency_id or sees_everything(request.user):
        raise Http404
    try:
        report = workflow.report_get_or_create(
            agency=request.user.agency, period=period, actor=request.user
        )
    except PermissionDenied as exc:
        messages.error(request, _error_text(exc))
        return redirect("reports:index")
    return redirect("reports:report_detail", pk=report.pk)


def report_detail(request, pk):
    report = _report_or_404(request, pk)
    user = request.user
    context = {
        "report": report,
        "rows": prefill.figure_rows(report),
        "transitions": report.transitions.select_related("actor"),
        "can_edit": workflow.can_edit_report(user, report),
        "can_submit": workflow.can_submit_report(user, report),
        "can_review": workflow.can_review_report(user, report),
        "can_reopen": workflow.can_reopen_report(user, report),
        "adjust_form": AdjustForm(initial={"version": report.version}),
        "last_return": next(
            (
                t
                for t in reversed(list(report.transitions.all()))
                if t.to_status == ReportStatus.RETURNED
            ),
            None,
        ),
    }
    return render(request, "reports/report_detail.html", context)


@one_time_form
def report_edit(request, pk):
    report = _report_or_404(request, pk)
    if not workflow.can_edit_report(request.user, report):
        messages.error(
            request,
            _("Báo cáo này không sửa được (đã gửi, đã tiếp nhận hoặc không thuộc đơn vị bạn)."),
        )
        return redirect("reports:report_detail", pk=report.pk)
    if request.method == "POST":
        form = NarrativeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                workflow.report_update(
                    report=report,
                    actor=request.user,
                    version=data["version"],
                    results=data["results"],
                    difficulties=data["difficulties"],
                    proposals=data["proposals"],
                )
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, _error_text(exc))
            else:
                messages.success(request, _("Đã lưu nội dung báo cáo."))
                form_saved(request, reverse("reports:report_detail", args=[report.pk]))
                return redirect("reports:report_detail", pk=report.pk)
    else:
        form = NarrativeForm(
            initial={
                "version": report.version,
                "results": report.results,
                "difficulties": report.difficulties,
                "proposals": report.proposals,
            }
        )
    return render(request, "reports/report_form.html", {"report": report, "form": form})


@require_POST
@one_time_form
def report_adjust(request, pk):
    report = _report_or_404(request, pk)
    form = AdjustForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items())
        messages.error(request, _("Chưa điều chỉnh được số liệu — %(e)s") % {"e": errors})
        return redirect("reports:report_detail", pk=report.pk)
    data = form.cleaned_data
    try:
        workflow.report_adjust(
            report=report,
            actor=request.user,
            version=data["version"],
            key=data["key"],
            value=data["value"],
            reason=data["reason"],
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Đã điều chỉnh số liệu."))
        form_saved(request, reverse("reports:report_detail", args=[report.pk]))
    return redirect("reports:report_detail", pk=report.pk)


@require_POST
@one_time_form
def report_refresh(request, pk):
    report = _report_or_404(request, pk)
    try:
        workflow.report_prefill(
            report=report, actor=request.user, version=_int(request.POST.get("version"))
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Đã cập nhật số liệu tự động từ tiến độ và hoạt động."))
        form_saved(request, reverse("reports:report_detail", args=[report.pk]))
    return redirect("reports:report_detail", pk=report.pk)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1  # never matches a real version: treated as a stale form


#: action slug → (service, permission check, title, button, comment required, comment label)
ACTIONS = {
    "submit": (
        workflow.report_submit,
        workflow.can_submit_report,
        gettext_lazy("Gửi báo cáo đến Sở Công Thương"),
        gettext_lazy("Gửi báo cáo"),
        False,
        None,
    ),
    "return": (
        workflow.report_return,
        workflow.can_review_report,
        gettext_lazy("Trả lại báo cáo để bổ sung"),
        gettext_lazy("Trả lại"),
        True,
        gettext_lazy("Ý kiến của Sở Công Thương (bắt buộc)"),
    ),
    "accept": (
        workflow.report_accept,
        workflow.can_review_report,
        gettext_lazy("Tiếp nhận báo cáo"),
        gettext_lazy("Tiếp nhận và khóa báo cáo"),
        False,
        None,
    ),
    "reopen": (
        workflow.report_reopen,
        workflow.can_reopen_report,
        gettext_lazy("Mở lại báo cáo đã tiếp nhận"),
        gettext_lazy("Mở lại báo cáo"),
        True,
        gettext_lazy("Lý do mở lại (bắt buộc)"),
    ),
}


@one_time_form
def report_action(request, pk, action):
    """Confirmation page (GET) and the transition itself (POST) for submit/return/accept/reopen."""
    if action not in ACTIONS:
        raise Http404
    report = _report_or_404(request, pk)
    service, allowed, title, button, required, label = ACTIONS[action]
    form = CommentForm(
        request.POST or None,
        initial={"version": report.version},
        comment_required=required,
        comment_label=label,
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            kwargs = {"report": report, "actor": request.user, "version": data["version"]}
            kwargs["reason" if action == "reopen" else "comment"] = data["comment"]
            try:
                service(**kwargs)
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, _error_text(exc))
            else:
                messages.success(request, _("Đã thực hiện: %(t)s.") % {"t": title})
                form_saved(request, reverse("reports:report_detail", args=[report.pk]))
            return redirect("reports:report_detail", pk=report.pk)
    elif not allowed(request.user, report):
        messages.error(
            request, _("Bạn không thực hiện được thao tác này với báo cáo ở trạng thái hiện tại.")
        )
        return redirect("reports:report_detail", pk=report.pk)
    return render(
        request,
        "reports/report_action.html",
        {"report": report, "form": form, "title": title, "button": button, "action": action},
    )


def report_pdf(request, pk):
    report = _report_or_404(request, pk)
    body = pdf.agency_report_pdf(report=report)
    response = HttpResponse(body, content_type="application/pdf")
    name = _filename(
        f"bao-cao-{report.agency.short_name or report.agency.name}-{report.period.key}"
    )
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


# ---------------------------------------------------------------------------------------------
# Completeness and timeliness


def _require_overview(request):
    """DOIT and leadership see the province-wide pages; for others they do not exist (404)."""
    if not sees_everything(request.user):
        raise Http404


def completeness(request):
    _require_overview(request)
    filters = CompletenessFilter(
        request.GET or None,
        queryset=ReportingPeriod.objects.filter(regime__is_default=True).order_by(
            "ends_on", "kind"
        ),
    )
    periods = list(filters.qs)
    if not filters.has_start:
        periods = periods[-6:]  # the latest six periods by default
    kind = filters.agency_kind
    matrix = selectors.completeness_matrix(periods=periods, agency_kind=kind)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            xlsx.completeness_xlsx(matrix=matrix),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="tinh-hinh-bao-cao.xlsx"'
        return response
    return render(request, "reports/completeness.html", {"form": filters.form, "matrix": matrix})


# ---------------------------------------------------------------------------------------------
# Consolidated report

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _period_or_404(key) -> ReportingPeriod:
    period = period_by_key(key)
    if period is None:
        raise Http404
    return period


def consolidated_list(request):
    _require_overview(request)
    periods = (
        ReportingPeriod.objects.filter(regime__is_default=True)
        .select_related("consolidated")
        .order_by("-ends_on", "kind")
    )
    return render(
        request,
        "reports/consolidated_list.html",
        {"periods": periods, "is_doit": is_doit(request.user)},
    )


def consolidated_detail(request, key):
    _require_overview(request)
    period = _period_or_404(key)
    doc = ConsolidatedReport.objects.visible_to(request.user).filter(period=period).first()
    from reports.consolidated_content import enterprise_savings, factor_note

    context = consolidated.consolidated_context(period=period)
    context.update(plan_section_context(period=period))
    saved = enterprise_savings(period)
    context.update(
        {
            "doc": doc,
            "is_doit": is_doit(request.user),
            "period": period,
            "annual": saved["annual"],
            "saving_pct": {key: value for key, (value, _n) in saved["pct"].items()},
            "factor_note": factor_note(saved["factors"]),
        }
    )
    return render(request, "reports/consolidated_detail.html", context)


def consolidated_edit(request, key):
    _require_overview(request)
    if not is_doit(request.user):
        raise PermissionDenied
    period = _period_or_404(key)
    doc = ConsolidatedReport.objects.visible_to(request.user).filter(
        period=period
    ).first() or ConsolidatedReport(period=period)
    form = ConsolidatedForm(request.POST or None, instance=doc)
    if request.method == "POST" and form.is_valid():
        try:
            if doc.pk is None:
                doc = consolidated.consolidated_get_or_create(period=period, actor=request.user)
            consolidated.consolidated_update(
                report=doc,
                actor=request.user,
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Đã lưu báo cáo tổng hợp."))
            return redirect("reports:consolidated_detail", key=period.key)
    return render(
        request, "reports/consolidated_form.html", {"form": form, "period": period, "doc": doc}
    )


def consolidated_pdf(request, key):
    _require_overview(request)
    period = _period_or_404(key)
    doc = ConsolidatedReport.objects.visible_to(request.user).filter(
        period=period
    ).first() or ConsolidatedReport(period=period)
    response = HttpResponse(pdf.consolidated_pdf(report=doc), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bao-cao-tong-hop-{period.key}.pdf"'
    return response


def consolidated_docx(request, key):
    """The same report as Word (ND 30 layout) for officers to edit before it is signed."""
    from reports.consolidated_content import consolidated_docx as build_docx

    _require_overview(request)
    period = _period_or_404(key)
    doc = ConsolidatedReport.objects.visible_to(request.user).filter(
        period=period
    ).first() or ConsolidatedReport(period=period)
    response = HttpResponse(build_docx(report=doc), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-tong-hop-{period.key}.docx"'
    return response


def consolidated_xlsx(request, key):
    _require_overview(request)
    period = _period_or_404(key)
    response = HttpResponse(
        xlsx.consolidated_xlsx(period=period),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="phu-luc-{period.key}.xlsx"'
    return response


@require_POST
def period_lock(request, key):
    """DOIT's "khóa sổ" (or its undo) for a period."""
    _require_overview(request)
    period = _period_or_404(key)
    try:
        if request.POST.get("undo"):
            period_reopen(period=period, actor=request.user)
            messages.success(request, _("Đã mở lại kỳ %(p)s.") % {"p": period.label})
        else:
            period_close(period=period, actor=request.user)
            messages.success(request, _("Đã khóa sổ kỳ %(p)s.") % {"p": period.label})
    except PermissionDenied as exc:
        messages.error(request, _error_text(exc))
    return redirect(reverse("reports:consolidated_detail", kwargs={"key": period.key}))


# ---- officer roster and hand-entered indicator values ---------------------------------------


def officer_list(request):
    """The roster, readable by every signed-in user; DOIT edits it."""
    qs = (
        SxshOfficer.objects.visible_to(request.user)
        .select_related("agency")
        .prefetch_related("trainings")
    )
    raw_agency = request.GET.get("agency") or ""
    if raw_agency.isdigit():
        qs = qs.filter(agency_id=int(raw_agency))
    if request.GET.get("locality"):
        qs = qs.filter(locality__icontains=request.GET["locality"][:100])
    if request.GET.get("active") == "1":
        qs = (
            indicators.officers_active(timezone.localdate())
            .filter(pk__in=qs.values("pk"))
            .select_related("agency")
            .prefetch_related("trainings")
        )
    page = Paginator(qs.order_by("agency__name", "full_name"), 50).get_page(request.GET.get("page"))
    agencies = Agency.objects.filter(sxsh_officers__isnull=False).distinct().order_by("name")
    return render(
        request,
        "reports/officer_list.html",
        {
            "page_obj": page,
            "officers": page.object_list,
            "agencies": agencies,
            "can_edit": is_doit(request.user),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def officer_edit(request, pk=None):
    if not is_doit(request.user):
        raise PermissionDenied
    officer = get_visible_or_404(SxshOfficer, request.user, pk=pk) if pk else None
    form = OfficerForm(request.POST or None, instance=officer)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in OfficerForm.Meta.fields}
        try:
            officer = officer_save(
                actor=request.user,
                officer=officer,
                data=data,
                trainings=form.cleaned_data["trainings"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu cán bộ %(name)s.") % {"name": officer.full_name})
            return redirect("reports:officer_list")
    return render(request, "reports/officer_form.html", {"form": form, "officer": officer})


# ---- manual indicator values ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def indicator_values(request):
    """Hand-entered indicators of a period: current value, who entered it and when (DOIT edits)."""
    if not sees_everything(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    periods = all_periods()
    period = period_from_query(request.GET.get("period"), periods, today)
    manual = list(Indicator.objects.filter(computation=C.MANUAL).order_by("order", "code"))
    can_edit = is_doit(request.user)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if period is None:
            raise Http404
        indicator = get_object_or_404(
            Indicator, pk=request.POST.get("indicator"), computation=C.MANUAL
        )
        form = IndicatorValueForm(request.POST)
        if form.is_valid():
            indicator_value_set(
                actor=request.user,
                indicator=indicator,
                period=period,
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
            )
            messages.success(
                request,
                _("Đã lưu giá trị chỉ tiêu “%(name)s” cho %(period)s.")
                % {"name": indicator.name, "period": period.label},
            )
            return redirect(reverse("reports:indicator_values") + f"?period={period.pk}")
        messages.error(
            request,
            _("Giá trị chỉ tiêu “%(name)s” không hợp lệ: %(errors)s")
            % {
                "name": indicator.name,
                "errors": "; ".join(e for errs in form.errors.values() for e in errs),
            },
        )
    values = {}
    if period is not None:
        values = {
            v.indicator_id: v
            for v in IndicatorValue.objects.filter(period=period).select_related("entered_by")
        }
    rows = [{"indicator": i, "value": values.get(i.pk)} for i in manual]
    return render(
        request,
        "reports/indicator_values.html",
        {
            "period": period,
            "periods": periods,
            "rows": rows,
            "can_edit": can_edit,
        },
    )
