"""Pages of the annual plan: the years, a version with planned vs actual, items, the workflow
steps, the comparison of a revision with the version it revises, and the exports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.formtokens import form_saved, one_time_form
from accounts.models import Agency
from accounts.pagecache import cached_page
from accounts.roles import is_doit
from accounts.scoping import get_visible_or_404
from assignments.models import Task
from plans import services
from plans.choices import IN_FORCE_STATUSES, PlanStatus
from plans.forms import (
    AppraiseForm,
    ApproveForm,
    DocumentForm,
    ItemForm,
    NewPlanForm,
    ReviseForm,
    StepForm,
    item_initial,
)
from plans.models import Plan, PlanBudgetLine, PlanItem, PlanVersion
from plans.selectors import current_version, plan_execution, version_changes


def _error_text(exc) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("Bạn không có quyền thực hiện thao tác này.")


def _version_or_404(request, pk) -> PlanVersion:
    qs = PlanVersion.objects.select_related("plan", "based_on", "created_by")
    return get_visible_or_404(qs, request.user, pk=pk)


#: items per page of a version's page (the list-page budget holds at 300 items this way)
ITEMS_PER_PAGE = 50


def _detail_url(version) -> str:
    return reverse("plans:version_detail", args=[version.pk])


@require_GET
@cached_page
def plan_list(request):
    plans = list(Plan.objects.visible_to(request.user).prefetch_related("versions"))
    rows = []
    for plan in plans:
        versions = sorted(plan.versions.all(), key=lambda v: v.number)
        in_force = next((v for v in versions if v.status in IN_FORCE_STATUSES), None)
        rows.append(
            {
                "plan": plan,
                "versions": versions,
                "in_force": in_force,
                "latest": versions[-1] if versions else None,
            }
        )
    return render(
        request,
        "plans/plan_list.html",
        {"rows": rows, "new_form": NewPlanForm() if is_doit(request.user) else None},
    )


@require_POST
@one_time_form
def plan_create(request):
    form = NewPlanForm(request.POST)
    if not is_doit(request.user):
        raise PermissionDenied
    if form.is_valid():
        try:
            version = services.plan_create(
                year=form.cleaned_data["year"],
                actor=request.user,
                title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Đã lập dự thảo kế hoạch năm %s.") % version.plan.year)
            form_saved(request, _detail_url(version))
            return redirect(_detail_url(version))
    else:
        messages.error(request, _("Năm kế hoạch không hợp lệ."))
    return redirect("plans:plan_list")


@require_GET
def plan_year(request, year):
    version = current_version(year)
    if version is None:
        raise Http404
    return redirect(_detail_url(version))


def _permissions(user, version) -> dict:
    status = version.status
    doit = is_doit(user)
    return {
        "can_draft": services.may_draft(user, version),
        "can_submit": doit and status in services.EDITABLE_STATUSES,
        "can_appraise": services.may_appraise(user) and status == PlanStatus.SUBMITTED,
        "can_approve": services.may_approve(user) and status == PlanStatus.APPRAISED,
        "can_start": doit and status == PlanStatus.APPROVED,
        "can_close": doit and status in (PlanStatus.APPROVED, PlanStatus.EXECUTING),
        "can_revise": doit and status in (PlanStatus.APPROVED, PlanStatus.EXECUTING),
        "can_edit_document": doit and not version.is_locked,
        "is_doit": doit,
    }


@require_GET
@cached_page
def version_detail(request, pk):
    version = _version_or_404(request, pk)
    figures = plan_execution(version)
    visible = set(
        PlanItem.objects.visible_to(request.user)
        .filter(version=version)
        .values_list("pk", flat=True)
    )
    rows = [row for row in figures.items if row.item.pk in visible]
    for number, row in enumerate(rows, start=1):
        row.number = number
        row.page = (number - 1) // ITEMS_PER_PAGE + 1
    perms = _permissions(request.user, version)
    # items in pages (the summaries and totals below are over the whole plan)
    page_obj = Paginator(rows, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    for row in page_obj:
        row.can_edit = services.may_edit_item(request.user, row.item)
    versions = list(version.plan.versions.order_by("number"))
    open_revision = next(
        (v for v in versions if v.number > version.number and not v.is_locked), None
    )
    context = {
        "version": version,
        "plan": version.plan,
        "figures": figures,
        "rows": page_obj,
        "page_obj": page_obj,
        "hidden_count": len(figures.items) - len(rows),
        "versions": versions,
        "open_revision": open_revision,
        "transitions": version.transitions.select_related("actor").order_by("at", "pk"),
        **perms,
    }
    return render(request, "plans/version_detail.html", context)


def _item_choices(user):
    if is_doit(user):
        tasks = Task.objects.all()
        agencies = Agency.objects.active()
    else:
        tasks = Task.objects.for_agency(user.agency_id)
        agencies = Agency.objects.filter(pk=user.agency_id)
    return (
        tasks.select_related("document").order_by("document__number", "order", "ref"),
        agencies.order_by("name"),
    )


@one_time_form
def item_edit(request, pk=None, version_pk=None):
    """Add an item to an editable version (``version_pk``) or change one (``pk``)."""
    item = None
    if pk is not None:
        item = get_visible_or_404(
            PlanItem.objects.select_related("version__plan"), request.user, pk=pk
        )
        version = item.version
        if not services.may_edit_item(request.user, item):
            raise PermissionDenied
    else:
        version = _version_or_404(request, version_pk)
        if not services.may_draft(request.user, version):
            raise PermissionDenied
    tasks, agencies = _item_choices(request.user)
    initial = item_initial(item) if item else {"lead_agency": request.user.agency_id}
    if item is None and request.GET.get("task", "").isdigit():
        initial["task"] = int(request.GET["task"])
    form = ItemForm(request.POST or None, initial=initial, tasks=tasks, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.item_save(
                version=version,
                actor=request.user,
                item=item,
                task=data["task"],
                title=data["title"],
                lead_agency=data["lead_agency"],
                coordinating_agencies=data["coordinating_agencies"],
                quarter=data["quarter"],
                month=data["month"],
                total_vnd=data["total_vnd"],
                budget=form.budget(),
                deliverables=form.deliverables(),
                note=data["note"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Đã lưu nội dung “%s”.") % saved.title[:80])
            url = _detail_url(version) + f"#item-{saved.pk}"
            form_saved(request, url)
            return redirect(url)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "plans/item_form.html",
        {"form": form, "version": version, "item": item},
        status=status,
    )


@require_POST
@one_time_form
def item_delete(request, pk):
    item = get_visible_or_404(PlanItem.objects.select_related("version"), request.user, pk=pk)
    version = item.version
    try:
        services.item_delete(item=item, actor=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Đã xóa nội dung khỏi dự thảo."))
    return redirect(_detail_url(version))


@require_POST
@one_time_form
def item_move(request, pk, direction):
    if direction not in ("len", "xuong"):
        raise Http404
    item = get_visible_or_404(PlanItem.objects.select_related("version"), request.user, pk=pk)
    version = item.version
    ids = list(version.items.order_by("order", "pk").values_list("pk", flat=True))
    index = ids.index(item.pk)
    target = index - 1 if direction == "len" else index + 1
    if 0 <= target < len(ids):
        ids[index], ids[target] = ids[target], ids[index]
    try:
        services.items_reorder(version=version, actor=request.user, ordered_ids=ids)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    return redirect(_detail_url(version) + f"#item-{item.pk}")


#: action → (form class, title, button, who may (perm key))
ACTIONS = {
    "submit": (StepForm, gettext_lazy("Gửi Sở Tài chính thẩm định"), "can_submit"),
    "return": (StepForm, gettext_lazy("Trả lại kế hoạch kèm ý kiến"), "can_appraise"),
    "appraise": (AppraiseForm, gettext_lazy("Thẩm định kinh phí"), "can_appraise"),
    "approve": (ApproveForm, gettext_lazy("Ghi nhận phê duyệt của UBND tỉnh"), "can_approve"),
    "start": (StepForm, gettext_lazy("Bắt đầu thực hiện"), "can_start"),
    "close": (StepForm, gettext_lazy("Kết thúc kế hoạch năm"), "can_close"),
    "revise": (ReviseForm, gettext_lazy("Lập bản điều chỉnh kế hoạch"), "can_revise"),
    "document": (DocumentForm, gettext_lazy("Thông tin văn bản kế hoạch"), "can_edit_document"),
}


def _run(action, version, actor, form):
    data = form.cleaned_data
    common = {"version": version, "actor": actor}
    rv = data["row_version"]
    comment = data.get("comment") or ""
    if action == "submit":
        return services.plan_submit(**common, row_version=rv, comment=comment)
    if action == "return":
        return services.plan_return(**common, row_version=rv, comment=comment)
    if action == "appraise":
        return services.plan_appraise(
            **common, row_version=rv, amounts=form.amounts(), comment=comment
        )
    if action == "approve":
        return services.plan_approve(
            **common,
            row_version=rv,
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            comment=comment,
        )
    if action == "start":
        return services.plan_start_execution(**common, row_version=rv)
    if action == "close":
        return services.plan_close(**common, row_version=rv, comment=comment)
    if action == "revise":
        return services.plan_revise(version=version, actor=actor, reason=comment)
    return services.version_update_document(
        **common,
        row_version=rv,
        doc_number=data["doc_number"],
        issued_on=data["issued_on"],
        recipients=data["recipients"],
        signer_name=data["signer_name"],
        signer_title=data["signer_title"],
    )


@one_time_form
def version_action(request, pk, action):
    """The confirmation page (GET) and the step itself (POST) for each workflow action."""
    if action not in ACTIONS:
        raise Http404
    version = _version_or_404(request, pk)
    form_class, title, perm = ACTIONS[action]
    if not _permissions(request.user, version)[perm]:
        if request.method == "POST":
            raise PermissionDenied
        messages.error(request, _("Bạn không thực hiện được thao tác này với kế hoạch lúc này."))
        return redirect(_detail_url(version))
    initial = {"row_version": version.row_version}
    kwargs = {}
    if action == "appraise":
        kwargs["lines"] = (
            PlanBudgetLine.objects.filter(item__version=version)
            .select_related("item")
            .order_by("item__order", "item__pk", "funding_source")
        )
    if action == "document":
        initial.update(
            doc_number=version.doc_number,
            issued_on=version.issued_on,
            recipients=version.recipients,
            signer_title=version.signer_title,
            signer_name=version.signer_name,
        )
    form = form_class(request.POST or None, initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            result = _run(action, version, request.user, form)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _error_text(exc))
            if isinstance(exc, services.StalePlanError):
                return redirect(_detail_url(version))
        else:
            messages.success(request, _("Đã thực hiện: %(t)s.") % {"t": title})
            target = _detail_url(result if isinstance(result, PlanVersion) else version)
            form_saved(request, target)
            return redirect(target)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "plans/version_action.html",
        {"version": version, "form": form, "title": title, "action": action},
        status=status,
    )


@require_GET
def version_compare(request, pk):
    version = _version_or_404(request, pk)
    if version.based_on is None:
        raise Http404
    return render(
        request,
        "plans/version_compare.html",
        {
            "version": version,
            "old": version.based_on,
            "changes": version_changes(version.based_on, version),
        },
    )


EXPORTS = {
    "pdf": ("application/pdf", "pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


@require_GET
def version_export(request, pk, fmt):
    from plans import exports

    if fmt not in EXPORTS:
        raise Http404
    version = _version_or_404(request, pk)
    if not PlanItem.objects.visible_to(request.user).filter(version=version).exists() and (
        version.items.exists()
    ):
        raise Http404  # an agency does not download a draft it only partly sees
    if not version.is_locked and not (is_doit(request.user) or services.may_appraise(request.user)):
        raise Http404
    body = exports.render(version, fmt)
    content_type, ext = EXPORTS[fmt]
    response = HttpResponse(body, content_type=content_type)
    disposition = "inline" if fmt == "pdf" else "attachment"
    name = exports.filename(version)
    response["Content-Disposition"] = f'{disposition}; filename="{name}.{ext}"'
    return response
