"""Registry pages: list with filters and exports, an enterprise's timeline, DOIT edit forms and the
spreadsheet upload (preview → confirm, with a progress page for large files)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_filters.views import FilterView

from accounts.pagecache import cached_page
from accounts.roles import is_doit
from accounts.scoping import get_visible_or_404
from accounts.views import ScopedQuerysetMixin
from enterprises.choices import ImportJobStatus, OptionStatus
from enterprises.filters import EnterpriseFilter
from enterprises.forms import AssessmentForm, EnterpriseForm, ImportUploadForm, OptionForm
from enterprises.importing.jobs import import_job_cancel, import_job_create, import_job_start
from enterprises.importing.template import build_template
from enterprises.models import Assessment, Enterprise, ImportJob, Option
from enterprises.resources import EnterpriseExportResource, SafeCSV, SafeXLSX
from enterprises.services import (
    assessment_create,
    assessment_update,
    enterprise_create,
    enterprise_update,
    option_create,
    option_update,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_MAX_ROWS = 50_000


def _require_doit(request) -> None:
    if not is_doit(request.user):
        raise PermissionDenied


# --- List and export ----------------------------------------------------------------------------


class EnterpriseListView(ScopedQuerysetMixin, FilterView):
    """Queries: session, user, groups (middleware), count, the filter's three choice lists,
    page rows, their stage (one query for the page's ids)."""

    model = Enterprise
    filterset_class = EnterpriseFilter
    paginate_by = 25
    template_name = "enterprises/enterprise_list.html"
    strict = False

    def get_queryset(self):
        # The stage is computed for the 25 rows shown (get_context_data), not in this query:
        # on every row PostgreSQL would hash the whole option/assessment/participation tables
        # before reading the page. Filtering by stage uses Enterprise.objects.in_stage().
        return super().get_queryset().select_related("locality", "vsic", "zone")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(context["object_list"])
        if rows:
            stages = dict(
                Enterprise.objects.filter(pk__in=[e.pk for e in rows])
                .with_stage()
                .values_list("pk", "stage")
            )
            for enterprise in rows:
                enterprise.stage = stages[enterprise.pk]
        params = self.request.GET.copy()
        params.pop("page", None)
        context["query_string"] = params.urlencode()
        context["filtered"] = any(v for k, v in self.request.GET.items() if k != "page")
        context["can_edit"] = is_doit(self.request.user)
        return context


index = cached_page(EnterpriseListView.as_view())


@require_GET
def enterprise_export(request, fmt: str):
    """The filtered list as XLSX or CSV, Vietnamese headers, formulas neutralised."""
    base = Enterprise.objects.visible_to(request.user).for_list()
    queryset = EnterpriseFilter(request.GET or None, queryset=base, request=request).qs
    dataset = EnterpriseExportResource().export(queryset[:EXPORT_MAX_ROWS])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        response = HttpResponse(SafeXLSX().export_data(dataset), content_type=XLSX_TYPE)
    else:
        # a BOM so Excel opens the UTF-8 text with its Vietnamese letters intact
        body = "\ufeff" + SafeCSV().export_data(dataset)
        response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="co-so-san-xuat-{stamp}.{fmt}"'
    return response


# --- One enterprise ----------------------------------------------------------------------------


@require_GET
@cached_page
def enterprise_detail(request, pk: int):
    """Facts and a timeline: activities it took part in, assessments, options and savings."""
    enterprise = get_visible_or_404(
        Enterprise.objects.select_related("vsic", "locality", "zone").with_stage(),
        request.user,
        pk=pk,
    )
    assessments = list(
        enterprise.assessments.select_related("supporting_agency").prefetch_related(
            Prefetch("options", queryset=Option.objects.order_by("status", "id"))
        )
    )
    for assessment in assessments:
        for option in assessment.options.all():
            option.assessment = assessment  # the % of baseline reads it without a query
    # Activities it took part in, through the reverse relation (this app imports nothing above
    # it) and the activity scope: each user sees those their scope allows.
    activities = list(
        enterprise.activities.visible_to(request.user).select_related("agency").order_by("-held_on")
    )
    timeline = [("activity", a.held_on, a) for a in activities] + [
        ("assessment", a.assessed_on, a) for a in assessments
    ]
    for assessment in assessments:
        for option in assessment.options.all():
            if option.implemented_on:
                timeline.append(("implemented", option.implemented_on, option))
    timeline.sort(key=lambda item: item[1], reverse=True)
    implemented = [
        o for a in assessments for o in a.options.all() if o.status == OptionStatus.IMPLEMENTED
    ]
    totals = {
        "investment": sum(o.investment_vnd for o in implemented),
        "saving": sum(o.annual_saving_vnd for o in implemented),
        "co2": sum(o.co2_reduction_t or 0 for o in implemented),
        "implemented": len(implemented),
        "options": sum(len(a.options.all()) for a in assessments),
    }
    return render(
        request,
        "enterprises/enterprise_detail.html",
        {
            "object": enterprise,
            "enterprise": enterprise,
            "assessments": assessments,
            "activities": activities,
            "timeline": timeline,
            "totals": totals,
            "can_edit": is_doit(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def enterprise_new(request):
    _require_doit(request)
    form = EnterpriseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enterprise = enterprise_create(actor=request.user, data=form.cleaned_data)
        messages.success(request, _("Đã thêm cơ sở %(name)s.") % {"name": enterprise.name})
        return redirect("enterprises:enterprise_detail", pk=enterprise.pk)
    return render(request, "enterprises/enterprise_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def enterprise_edit(request, pk: int):
    _require_doit(request)
    enterprise = get_visible_or_404(Enterprise, request.user, pk=pk)
    form = EnterpriseForm(request.POST or None, instance=enterprise)
    if request.method == "POST" and form.is_valid():
        enterprise_update(enterprise=enterprise, actor=request.user, data=form.cleaned_data)
        messages.success(request, _("Đã lưu thông tin cơ sở."))
        return redirect("enterprises:enterprise_detail", pk=enterprise.pk)
    return render(
        request, "enterprises/enterprise_form.html", {"form": form, "enterprise": enterprise}
    )


# --- Assessments and options --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def assessment_new(request, pk: int):
    _require_doit(request)
    enterprise = get_visible_or_404(Enterprise, request.user, pk=pk)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assessment_create(enterprise=enterprise, actor=request.user, data=form.cleaned_data)
        messages.success(request, _("Đã ghi nhận đánh giá SXSH."))
        return redirect("enterprises:enterprise_detail", pk=enterprise.pk)
    return render(
        request, "enterprises/assessment_form.html", {"form": form, "enterprise": enterprise}
    )


@require_http_methods(["GET", "POST"])
def assessment_edit(request, pk: int):
    _require_doit(request)
    assessment = get_visible_or_404(
        Assessment.objects.select_related("enterprise"), request.user, pk=pk
    )
    form = AssessmentForm(request.POST or None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        assessment_update(assessment=assessment, actor=request.user, data=form.cleaned_data)
        messages.success(request, _("Đã lưu đánh giá SXSH."))
        return redirect("enterprises:enterprise_detail", pk=assessment.enterprise_id)
    return render(
        request,
        "enterprises/assessment_form.html",
        {"form": form, "enterprise": assessment.enterprise, "assessment": assessment},
    )


@require_http_methods(["GET", "POST"])
def option_new(request, pk: int):
    _require_doit(request)
    assessment = get_visible_or_404(
        Assessment.objects.select_related("enterprise"), request.user, pk=pk
    )
    form = OptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        option_create(assessment=assessment, actor=request.user, data=form.cleaned_data)
        messages.success(request, _("Đã thêm giải pháp SXSH."))
        return redirect("enterprises:enterprise_detail", pk=assessment.enterprise_id)
    return render(
        request,
        "enterprises/option_form.html",
        {"form": form, "assessment": assessment, "enterprise": assessment.enterprise},
    )


@require_http_methods(["GET", "POST"])
def option_edit(request, pk: int):
    _require_doit(request)
    option = get_visible_or_404(
        Option.objects.select_related("assessment__enterprise"), request.user, pk=pk
    )
    form = OptionForm(request.POST or None, instance=option)
    if request.method == "POST" and form.is_valid():
        option_update(option=option, actor=request.user, data=form.cleaned_data)
        messages.success(request, _("Đã lưu giải pháp SXSH."))
        return redirect("enterprises:enterprise_detail", pk=option.assessment.enterprise_id)
    return render(
        request,
        "enterprises/option_form.html",
        {
            "form": form,
            "option": option,
            "assessment": option.assessment,
            "enterprise": option.assessment.enterprise,
        },
    )


# --- Spreadsheet upload -------------------------------------------------------------------------


@require_GET
def import_template(request):
    _require_doit(request)
    response = HttpResponse(build_template(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-co-so.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
def import_upload(request):
    _require_doit(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_create(upload=form.cleaned_data["file"], actor=request.user)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            import_job_start(job=job, write=False)
            return redirect("enterprises:import_job", pk=job.pk)
    recent = ImportJob.objects.visible_to(request.user)[:5]
    return render(request, "enterprises/import_upload.html", {"form": form, "recent": recent})


def _job_for(request, pk: int) -> ImportJob:
    _require_doit(request)
    return get_visible_or_404(ImportJob, request.user, pk=pk)


@require_GET
def import_job(request, pk: int):
    """Preview (counts, errors, sample) or progress; htmx polls the status block while busy."""
    job = _job_for(request, pk)
    error_rows = len({e["row"] for e in job.errors})
    context = {
        "job": job,
        "errors": job.errors[:500],
        "more_errors": max(0, len(job.errors) - 500),
        "error_rows": error_rows,
        "good_rows": max(0, job.total_rows - error_rows),
    }
    if request.htmx and request.GET.get("poll"):
        if job.is_busy:
            return render(request, "enterprises/partials/import_progress.html", context)
        # finished: make htmx load the full page once
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "enterprises/import_job.html", context)


@require_POST
def import_confirm(request, pk: int):
    job = _job_for(request, pk)
    try:
        queued = import_job_start(job=job, write=True)
    except ValidationError as exc:
        # a second confirm of a job being or already written is no error of the user's
        report = messages.info if exc.code in ("done", "running") else messages.error
        report(request, exc.messages[0])
        return redirect("enterprises:import_job", pk=job.pk)
    if not queued:
        job.refresh_from_db()
        if job.status == ImportJobStatus.DONE:
            messages.success(
                request,
                _("Đã nhập xong: %(c)s cơ sở mới, %(u)s cơ sở cập nhật.")
                % {"c": job.created_count, "u": job.updated_count},
            )
    return redirect("enterprises:import_job", pk=job.pk)


@require_POST
def import_cancel(request, pk: int):
    job = _job_for(request, pk)
    try:
        import_job_cancel(job=job)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("enterprises:import_job", pk=job.pk)
    messages.info(request, _("Đã hủy lượt nhập; không dữ liệu nào được lưu."))
    return redirect(reverse("enterprises:import_upload"))
