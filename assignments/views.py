"""Agency pages: the tasks of the agency, a task with its history, activities, evidence files."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.formtokens import form_saved, one_time_form
from accounts.pagecache import cached_page
from accounts.roles import sees_everything
from accounts.scoping import get_visible_or_404
from assignments.access import (
    agency_role_on,
    get_task_for_user,
    may_write,
    member_groups,
    status_agency,
)
from assignments.extensions import extension_data
from assignments.filters import ActivityFilter, TaskFilter
from assignments.forms import ActivityForm, EvidenceForm, ProgressForm
from assignments.models import Activity, Evidence, ProgressUpdate, Task, TaskStatus
from assignments.services import activity_record, evidence_attach, progress_add
from assignments.uploads import attachment_response
from enterprises.models import Enterprise

PAGE_SIZE = 25


def _page(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


@require_GET
@cached_page
def task_list(request):
    """ "Nhiệm vụ của đơn vị": led and coordinated tasks, most urgent first; DOIT sees all.

    The status of every visible task is computed once (``status_facts``: one query); counters,
    the status/timing filters, the urgency order and the page are worked out from it in Python,
    and only the page's rows are loaded as objects.
    """
    user = request.user
    today = timezone.localdate()
    visible = Task.objects.visible_to(user)
    filterset = TaskFilter(request.GET or None, queryset=visible, request=request)
    # a group task's status, for a member agency, is that of its own part
    judge = status_agency(user)
    statuses = visible.status_facts(today, agency=judge)
    counts = {
        "total": len(statuses),
        "overdue": sum(s.is_overdue for s in statuses),
        "due_soon": sum(s.is_due_soon for s in statuses),
        "done": sum(s.urgency == 3 for s in statuses),
    }
    shown = sorted(filterset.keep(statuses), key=TaskStatus.urgency_key)
    page = _page(request, shown)
    on_page = {s.pk: s for s in page.object_list}
    rows = {
        task.pk: task
        for task in Task.objects.filter(pk__in=on_page)
        .with_latest_percent(agency=judge)
        .select_related("document", "lead_agency", "assignee_group")
        .prefetch_related("coordinating_agencies", "coordinating_groups")
    }
    mine = (
        set(member_groups(user.agency_id))
        if any(t.assignee_group_id or t.coordinating_groups.all() for t in rows.values())
        else set()
    )
    tasks = []
    for status in page.object_list:
        task = rows.get(status.pk)
        if task is None:  # deleted between the two queries
            continue
        task.latest_status = status.latest_status
        task.due_date = status.due_date
        task.is_overdue = status.is_overdue
        task.is_due_soon = status.is_due_soon
        task.urgency = status.urgency
        task.my_role = agency_role_on(task, user.agency_id, member_of=mine)
        tasks.append(task)
    page.object_list = tasks
    return render(
        request,
        "assignments/task_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "object_list": page.object_list,
            "counts": counts,
            "sees_all": sees_everything(user),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
        },
    )


def _history(task):
    updates = (
        ProgressUpdate.objects.filter(task=task)
        .select_related("agency", "author", "period")
        .prefetch_related("evidence")
        .order_by("-created_at", "-pk")
    )
    activities = (
        Activity.objects.filter(task=task)
        .select_related("agency", "author")
        .prefetch_related("evidence")
        .annotate(enterprise_count=Count("enterprises"))
        .order_by("-held_on", "-pk")
    )
    return list(updates), list(activities)


def _group_progress(task, updates) -> dict | None:
    """For a group task: its members today and how many of them have reported on it."""
    group = task.assignee_group
    if group is None:
        return None
    reporters = {u.agency_id: u.agency for u in updates}
    if not group.is_agency_group:
        return {"group": group, "members": group.member_count(), "reported": len(reporters)}
    members = list(group.member_agencies().only("pk", "name", "short_name"))
    member_ids = {m.pk for m in members}
    return {
        "group": group,
        "members": len(members),
        "reported": sum(1 for pk in reporters if pk in member_ids),
        "silent": [m for m in members if m.pk not in reporters],
    }


def _task_context(request, task, can_edit, *, progress_form=None, activity_form=None):
    updates, activities = _history(task)
    my_role = agency_role_on(task, request.user.agency_id)
    # status_facts: the list's rules applied in Python to one row (no CASE to compile); a
    # member agency sees the status of its own part of a group task
    (status,) = Task.objects.filter(pk=task.pk).status_facts(
        timezone.localdate(),
        with_percent=True,
        agency=request.user.agency_id if my_role == "member" else None,
    )
    context = {
        "task": task,
        "status": status,
        "can_edit": can_edit,
        "my_role": my_role,
        "updates": updates,
        "activities": activities,
        "group_progress": _group_progress(task, updates),
    }
    if can_edit:
        context["progress_form"] = progress_form or ProgressForm(
            task=task, agency=request.user.agency
        )
        context["activity_form"] = activity_form or ActivityForm(
            tasks=Task.objects.filter(pk=task.pk),
            initial={"task": task.pk},
            agency=request.user.agency,
            task=task,
        )
    return context


@require_GET
@cached_page
def task_detail(request, pk):
    task, can_edit = get_task_for_user(request.user, pk)
    return render(request, "assignments/task_detail.html", _task_context(request, task, can_edit))


def _apply_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@require_POST
@one_time_form
def progress_create(request, pk):
    """Append a progress entry (htmx: answers the refreshed progress panel)."""
    task, can_edit = get_task_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied
    form = ProgressForm(request.POST, request.FILES, task=task, agency=request.user.agency)
    saved = False
    if form.is_valid():
        try:
            progress_add(
                task=task,
                period=form.cleaned_data["period"],
                actor=request.user,
                status=form.cleaned_data["status"],
                percent=form.cleaned_data["percent"],
                narrative=form.cleaned_data["narrative"],
                files=form.cleaned_data["files"],
                extra=extension_data(form),
            )
            saved = True
        except ValidationError as exc:
            _apply_errors(form, exc)
    if saved:
        history = reverse("assignments:task_detail", args=[task.pk]) + "#tien-do"
        form_saved(request, history)
        if not request.htmx:
            messages.success(request, _("Đã ghi nhận tiến độ."))
            return redirect(history)
        form = ProgressForm(
            task=task, agency=request.user.agency
        )  # the panel shows its own confirmation
    context = _task_context(request, task, can_edit, progress_form=form)
    context["just_saved"] = saved
    if request.htmx:
        return render(request, "assignments/partials/progress_panel.html", context)
    return render(request, "assignments/task_detail.html", context, status=400)


def _writable_tasks(user):
    """Tasks the user's agency may record activities under (for the task select)."""
    if not may_write(user):
        return Task.objects.none()
    return (
        Task.objects.for_agency(user.agency_id)
        .select_related("document")
        .order_by("document__number", "order", "ref")
    )


def _record_activity(request, form, *, task=None):
    try:
        return activity_record(
            agency=request.user.agency,
            actor=request.user,
            task=task or form.cleaned_data.get("task"),
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            held_on=form.cleaned_data["held_on"],
            location=form.cleaned_data["location"],
            quantity=form.cleaned_data["quantity"],
            participants=form.cleaned_data["participants"],
            cost_vnd=form.cleaned_data["cost_vnd"],
            funding_source=form.cleaned_data["funding_source"],
            description=form.cleaned_data["description"],
            enterprises=getattr(form, "enterprises", []),
            files=form.cleaned_data["files"],
            extra=extension_data(form),
        )
    except ValidationError as exc:
        _apply_errors(form, exc)
        return None


@require_POST
@one_time_form
def task_activity_create(request, pk):
    """Record an activity under a task from the task page."""
    task, can_edit = get_task_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied
    form = ActivityForm(
        request.POST,
        request.FILES,
        tasks=Task.objects.filter(pk=task.pk),
        agency=request.user.agency,
        task=task,
    )
    if form.is_valid():
        activity = _record_activity(request, form, task=task)
        if activity is not None:
            messages.success(request, _("Đã ghi nhận hoạt động “%s”.") % activity.title)
            listed = reverse("assignments:task_detail", args=[task.pk]) + "#hoat-dong"
            form_saved(request, listed)
            return redirect(listed)
    context = _task_context(request, task, can_edit, activity_form=form)
    context["activity_open"] = True
    return render(request, "assignments/task_detail.html", context, status=400)


@one_time_form
def activity_create(request):
    """Record an activity, optionally under one of the agency's tasks."""
    if not may_write(request.user):
        raise PermissionDenied
    tasks = _writable_tasks(request.user)
    if request.method == "POST":
        form = ActivityForm(request.POST, request.FILES, tasks=tasks, agency=request.user.agency)
        if form.is_valid():
            activity = _record_activity(request, form)
            if activity is not None:
                messages.success(request, _("Đã ghi nhận hoạt động “%s”.") % activity.title)
                shown = reverse("assignments:activity_detail", args=[activity.pk])
                form_saved(request, shown)
                return redirect(shown)
        status = 400
    else:
        initial = {}
        task_id = request.GET.get("task")
        if task_id and task_id.isdigit() and tasks.filter(pk=task_id).exists():
            initial["task"] = int(task_id)
        form = ActivityForm(tasks=tasks, initial=initial, agency=request.user.agency)
        status = 200
    return render(request, "assignments/activity_form.html", {"form": form}, status=status)


@require_GET
@cached_page
def activity_list(request):
    """ "Hoạt động": the agency's own activities; DOIT and leadership see every agency's."""
    user = request.user
    qs = Activity.objects.visible_to(user)
    if not sees_everything(user):
        qs = qs.filter(agency_id=user.agency_id)
    filterset = ActivityFilter(request.GET or None, queryset=qs, request=request)
    activities = (
        filterset.qs.select_related("agency", "task", "task__document")
        .annotate(enterprise_count=Count("enterprises", distinct=True))
        .order_by("-held_on", "-pk")
    )
    page = _page(request, activities)
    return render(
        request,
        "assignments/activity_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "object_list": page.object_list,
            "sees_all": sees_everything(user),
            "can_write": may_write(user),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
        },
    )


@require_GET
@cached_page
def activity_detail(request, pk):
    qs = Activity.objects.select_related(
        "agency", "author", "task", "task__document"
    ).prefetch_related(
        "evidence",
        Prefetch("enterprises", queryset=Enterprise.objects.order_by("name")),
    )
    activity = get_visible_or_404(qs, request.user, pk=pk)
    return render(request, "assignments/activity_detail.html", _activity_context(request, activity))


def _activity_context(request, activity, attach_form=None):
    can_attach = may_write(request.user) and activity.agency_id == request.user.agency_id
    return {
        "activity": activity,
        "can_attach": can_attach,
        "attach_form": (attach_form or EvidenceForm()) if can_attach else None,
    }


@require_POST
@one_time_form
def activity_evidence_add(request, pk):
    """Attach more files to one of the agency's own activities."""
    qs = Activity.objects.select_related("agency", "author", "task", "task__document")
    activity = get_visible_or_404(qs, request.user, pk=pk)
    if not (may_write(request.user) and activity.agency_id == request.user.agency_id):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid() and not form.cleaned_data["files"]:
        messages.error(request, _("Hãy chọn ít nhất một tệp minh chứng."))
        return redirect("assignments:activity_detail", pk=activity.pk)
    if form.is_valid():
        try:
            evidence_attach(
                actor=request.user, uploads=form.cleaned_data["files"], activity=activity
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Đã bổ sung minh chứng."))
            shown = reverse("assignments:activity_detail", args=[activity.pk])
            form_saved(request, shown)
            return redirect(shown)
    return render(
        request,
        "assignments/activity_detail.html",
        _activity_context(request, activity, attach_form=form),
        status=400,
    )


@require_GET
def evidence_download(request, pk):
    """The only way to a stored file: access checked through the progress/activity it backs."""
    evidence = get_visible_or_404(Evidence, request.user, pk=pk)
    return attachment_response(
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )


@require_GET
def enterprise_search(request):
    """htmx: up to 15 enterprises matching a name or tax code, to add to an activity."""
    from config.text import normalize_name

    q = (request.GET.get("enterprise_q") or request.GET.get("q") or "").strip()
    results = []
    if len(q) >= 2:
        registry = Enterprise.objects.visible_to(request.user)
        # the registry's accent-free search when it has one, plus tax-code prefix and plain name
        by_text = registry.search(q) if hasattr(registry, "search") else registry.none()
        plain = registry.filter(
            Q(tax_code__startswith=q.replace(" ", ""))
            | Q(name__icontains=q)
            | Q(search_text__icontains=normalize_name(q))
        )
        results = list(
            (by_text | plain).distinct().order_by("name").only("pk", "name", "tax_code")[:15]
        )
    return render(
        request, "assignments/partials/enterprise_results.html", {"results": results, "q": q}
    )


index = task_list
