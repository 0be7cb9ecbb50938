"""Case studies (mô hình trình diễn): the public list and story pages, the cover image, and DOIT's
editing pages in the portal — draft, preview, consent, publish, unpublish, history.

The public pages read ``CaseStudy.objects.published()`` only (published, consent on record,
approved); anything else is 404, exactly like a case study that does not exist.
"""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from accounts.roles import is_doit
from assignments.uploads import attachment_response
from enterprises.case_studies import case_study_figures
from enterprises.choices import OptionCategory, OptionStatus
from enterprises.models import CaseStudy, Enterprise, Option
from public.caching import public_page, register_version_source
from public.case_editing import (
    case_study_publish,
    case_study_record_consent,
    case_study_save,
    case_study_set_cover,
    case_study_unpublish,
    case_study_withdraw_consent,
    presentable_options,
)
from public.forms_cases import CaseStudyForm, ConsentForm, CoverForm
from public.pages import render_public

# what the case study pages show: a write to any of these refreshes the cached pages at once
for _label in (
    "enterprises.CaseStudy",
    "enterprises.Option",
    "enterprises.Assessment",
    "enterprises.Enterprise",
    "enterprises.Locality",
):
    register_version_source(_label)

PER_PAGE = 12
_IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


def _with_options(queryset):
    options = Option.objects.select_related("assessment").order_by(
        "category", "implemented_on", "pk"
    )
    return queryset.select_related("enterprise__vsic", "enterprise__locality").prefetch_related(
        Prefetch("options", queryset=options)
    )


# --- public pages ------------------------------------------------------------------------------


@require_safe
@public_page(name="case_list")
def case_list(request):
    """Published case studies, newest first, with their headline figures. Queries: count, page,
    the page's options with their assessments."""
    category = request.GET.get("nhom", "")
    cases = CaseStudy.objects.published()
    if category in OptionCategory.values:
        cases = cases.filter(options__category=category).distinct()
    else:
        category = ""
    page = Paginator(_with_options(cases).order_by("-published_at", "-pk"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    cards = [(case, case_study_figures(case.options.all())) for case in page.object_list]
    return render_public(
        request,
        "public/cases/case_list.html",
        {
            "meta_description": _(
                "Doanh nghiệp đã áp dụng sản xuất sạch hơn kể lại: vấn đề, giải pháp, chi phí "
                "đầu tư, lợi ích hằng năm và thời gian hoàn vốn."
            ),
            "page_obj": page,
            "cards": cards,
            "category": category,
            "categories": OptionCategory.choices,
        },
    )


def _case_context(case, *, preview=False):
    return {
        "meta_description": case.summary,
        "og_type": "article",
        "canonical_path": reverse("public:case_detail", args=[case.pk]),
        "case": case,
        "figures": case_study_figures(case.options.all()),
        "preview": preview,
    }


@require_safe
@public_page(name="case_detail")
def case_detail(request, pk: int):
    case = get_object_or_404(_with_options(CaseStudy.objects.published()), pk=pk)
    return render_public(request, "public/cases/case_detail.html", _case_context(case))


@login_not_required
@require_GET
def case_cover(request, pk: int):
    """The cover image, inline (an ``<img>``): of a published case study — or any, for DOIT's
    preview. Re-encoded when uploaded, still served with ``nosniff`` and a sandbox."""
    cases = CaseStudy.objects.all() if is_doit(request.user) else CaseStudy.objects.published()
    case = get_object_or_404(cases.exclude(cover_image=""), pk=pk)
    suffix = PurePath(case.cover_image.name).suffix.lower()
    if suffix not in _IMAGE_TYPES:
        raise Http404
    response = FileResponse(case.cover_image.open("rb"), content_type=_IMAGE_TYPES[suffix])
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- DOIT's pages in the portal ---------------------------------------------------------------


def _require_doit(request) -> None:
    if not is_doit(request.user):
        raise PermissionDenied


@require_GET
def manage_cases(request):
    _require_doit(request)
    cases = (
        CaseStudy.objects.select_related("enterprise", "approved_by")
        .annotate(n_options=Count("options"))
        .order_by("-updated_at")
    )
    page = Paginator(cases, 25).get_page(request.GET.get("page"))
    return render(
        request, "public/cases/manage_list.html", {"page_obj": page, "cases": page.object_list}
    )


def _enterprises_with_implemented_options(query: str):
    applying = Option.objects.filter(status=OptionStatus.IMPLEMENTED).values(
        "assessment__enterprise_id"
    )
    qs = Enterprise.objects.filter(pk__in=applying).select_related("vsic", "locality")
    if query:
        qs = qs.search(query)
    return qs.annotate(n_cases=Count("case_studies")).order_by("name")[:25]


@require_http_methods(["GET", "POST"])
def manage_case_new(request):
    """Pick an enterprise that has implemented options, then write its story."""
    _require_doit(request)
    enterprise_id = request.GET.get("co-so") or request.POST.get("enterprise")
    if not (enterprise_id or "").isdigit():
        query = request.GET.get("q", "").strip()
        return render(
            request,
            "public/cases/manage_pick.html",
            {"query": query, "enterprises": _enterprises_with_implemented_options(query)},
        )
    enterprise = get_object_or_404(Enterprise, pk=enterprise_id)
    return _case_form(request, enterprise=enterprise)


@require_http_methods(["GET", "POST"])
def manage_case_edit(request, pk: int):
    _require_doit(request)
    case = get_object_or_404(CaseStudy.objects.select_related("enterprise"), pk=pk)
    return _case_form(request, enterprise=case.enterprise, case=case)


def _case_form(request, *, enterprise, case=None):
    initial = None
    if case is not None:
        initial = {
            "title": case.title,
            "summary": case.summary,
            "problem": case.problem,
            "story": case.story,
            "options": list(case.options.values_list("pk", flat=True)),
        }
    form = CaseStudyForm(
        request.POST or None,
        initial=initial,
        options_queryset=presentable_options(enterprise),
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("title", "summary", "problem", "story")}
        try:
            saved = case_study_save(
                actor=request.user,
                data=data,
                options=form.cleaned_data["options"],
                enterprise=enterprise,
                case=case,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            if saved.is_published:
                messages.success(request, _("Đã lưu; trang công khai hiển thị nội dung mới."))
            else:
                messages.success(request, _("Đã lưu bản nháp."))
            return redirect("public:manage_case", pk=saved.pk)
    return render(
        request,
        "public/cases/manage_form.html",
        {"form": form, "enterprise": enterprise, "case": case},
    )


@require_GET
def manage_case(request, pk: int):
    """One case study: where it stands (consent, approval, status), what to do next, its history."""
    _require_doit(request)
    case = get_object_or_404(
        _with_options(CaseStudy.objects.select_related("consent_recorded_by", "approved_by")),
        pk=pk,
    )
    history = case.history.select_related("history_user").order_by("-history_date")[:50]
    return render(
        request,
        "public/cases/manage_case.html",
        {
            **_case_context(case),
            "history": history,
            "consent_form": ConsentForm(),
            "cover_form": CoverForm(initial={"alt": case.cover_alt}),
        },
    )


@require_GET
def manage_case_preview(request, pk: int):
    """The public page as it would look (whatever the status), with a preview banner."""
    _require_doit(request)
    case = get_object_or_404(_with_options(CaseStudy.objects.all()), pk=pk)
    return render_public(
        request, "public/cases/case_detail.html", _case_context(case, preview=True)
    )


def _post_action(request, pk, action, done):
    _require_doit(request)
    case = get_object_or_404(CaseStudy, pk=pk)
    try:
        action(case=case, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("public:manage_case", pk=case.pk)


@require_POST
def manage_case_publish(request, pk: int):
    return _post_action(request, pk, case_study_publish, _("Đã phê duyệt và công khai."))


@require_POST
def manage_case_unpublish(request, pk: int):
    return _post_action(
        request, pk, case_study_unpublish, _("Đã gỡ khỏi trang công khai; bản nháp được giữ lại.")
    )


@require_POST
def manage_case_withdraw(request, pk: int):
    return _post_action(
        request,
        pk,
        case_study_withdraw_consent,
        _("Đã ghi nhận doanh nghiệp rút lại đồng ý; mô hình không còn công khai."),
    )


def _form_errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@require_POST
def manage_case_consent(request, pk: int):
    _require_doit(request)
    case = get_object_or_404(CaseStudy, pk=pk)
    form = ConsentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("public:manage_case", pk=case.pk)
    try:
        case_study_record_consent(
            case=case,
            actor=request.user,
            given_by=form.cleaned_data["given_by"],
            given_on=form.cleaned_data["given_on"],
            document=form.cleaned_data["document"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã ghi nhận văn bản đồng ý của doanh nghiệp."))
    return redirect("public:manage_case", pk=case.pk)


@require_POST
def manage_case_cover(request, pk: int):
    _require_doit(request)
    case = get_object_or_404(CaseStudy, pk=pk)
    form = CoverForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("public:manage_case", pk=case.pk)
    try:
        case_study_set_cover(
            case=case,
            actor=request.user,
            upload=form.cleaned_data["image"],
            alt=form.cleaned_data["alt"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã đổi ảnh bìa."))
    return redirect("public:manage_case", pk=case.pk)


@require_GET
def manage_case_consent_document(request, pk: int):
    _require_doit(request)
    case = get_object_or_404(CaseStudy.objects.exclude(consent_document=""), pk=pk)
    name = case.consent_document_name or PurePath(case.consent_document.name).name
    suffix = PurePath(case.consent_document.name).suffix.lower()
    content_type = "application/pdf" if suffix == ".pdf" else _IMAGE_TYPES.get(suffix, "")
    return attachment_response(
        case.consent_document, filename=name, content_type=content_type or "application/pdf"
    )
