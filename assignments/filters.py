"""List filters (django-filter) for tasks and activities."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from accounts.roles import sees_everything
from accounts.widgets import FastSelect
from assignments.choices import ActivityKind, FundingSource, ProgressStatus, TaskCategory
from assignments.models import Activity, AssigneeGroup, Task, TaskStatus

NO_UPDATE = "none"


TIMING_CHOICES = [
    ("overdue", _("Quá hạn")),
    ("due_soon", _("Sắp đến hạn (30 ngày)")),
    ("open", _("Chưa hoàn thành")),
    ("done", _("Đã hoàn thành")),
]

ROLE_CHOICES = [
    ("lead", _("Chủ trì")),
    ("coordinating", _("Phối hợp")),
    ("member", _("Thuộc nhóm được giao")),
]


def _documents(request):
    from programs.models import LegalDocument

    tasks = Task.objects.visible_to(getattr(request, "user", None)).values("document_id")
    return LegalDocument.objects.filter(pk__in=tasks).order_by("-signed_on", "number")


def _agencies(request):
    from accounts.models import Agency

    return Agency.objects.filter(
        Q(pk__in=Task.objects.filter(lead_agency__isnull=False).values("lead_agency_id"))
        | Q(pk__in=Task.coordinating_agencies.through.objects.values("agency_id"))
    ).order_by("name")


#: the filters that read the task's status rather than its columns
STATUS_FILTERS = ("status", "timing")


class TaskFilter(django_filters.FilterSet):
    """Task filters. ``status`` and ``timing`` need the status: on a ``with_status()`` queryset
    they filter in SQL; on a plain one ``qs`` leaves them out and ``keep()`` applies them to
    ``status_facts()`` in Python.
    """

    q = django_filters.CharFilter(label=_("Tìm"), method="filter_q")
    document = django_filters.ModelChoiceFilter(
        label=_("Văn bản"),
        queryset=_documents,
        empty_label=_("Tất cả văn bản"),
        widget=FastSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Tình trạng"),
        choices=[(NO_UPDATE, _("Chưa cập nhật")), *ProgressStatus.choices],
        method="filter_status",
        empty_label=_("Mọi tình trạng"),
        widget=FastSelect,
    )
    timing = django_filters.ChoiceFilter(
        label=_("Thời hạn"),
        choices=TIMING_CHOICES,
        method="filter_timing",
        empty_label=_("Mọi thời hạn"),
        widget=FastSelect,
    )
    category = django_filters.ChoiceFilter(
        label=_("Lĩnh vực"),
        choices=TaskCategory.choices,
        empty_label=_("Mọi lĩnh vực"),
        widget=FastSelect,
    )
    role = django_filters.ChoiceFilter(
        label=_("Vai trò"),
        choices=ROLE_CHOICES,
        method="filter_role",
        empty_label=_("Chủ trì và phối hợp"),
        widget=FastSelect,
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("Cơ quan"),
        queryset=_agencies,
        method="filter_agency",
        empty_label=_("Mọi cơ quan"),
        widget=FastSelect,
    )

    class Meta:
        model = Task
        fields = ["q", "document", "status", "timing", "category", "role", "agency"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if sees_everything(user):
            del self.filters["role"]
        else:
            del self.filters["agency"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(text__icontains=value) | Q(ref__iexact=value))

    def keep(self, statuses: list[TaskStatus]) -> list[TaskStatus]:
        """The ``statuses`` (of this filterset's queryset) of the tasks that pass every filter.

        The column filters run in SQL (one pk query, only when one is set); ``status`` and
        ``timing`` are checked on the computed status, with the same rules as in SQL.
        """
        data = {}
        if self.is_bound:
            self.errors  # noqa: B018 — validates; like ``qs``, invalid fields are left out
            data = self.form.cleaned_data
        if any(v not in EMPTY_VALUES for k, v in data.items() if k not in STATUS_FILTERS):
            wanted = set(self.qs.values_list("pk", flat=True))
            statuses = [s for s in statuses if s.pk in wanted]
        status, timing = data.get("status"), data.get("timing")
        if status not in EMPTY_VALUES:
            expected = None if status == NO_UPDATE else status
            statuses = [s for s in statuses if s.latest_status == expected]
        if timing not in EMPTY_VALUES:
            statuses = [s for s in statuses if _timing_matches(s, timing)]
        return statuses

    def filter_status(self, queryset, name, value):
        if not _has_status(queryset):
            return queryset  # applied by keep()
        if value == NO_UPDATE:
            return queryset.filter(latest_status__isnull=True)
        return queryset.filter(latest_status=value)

    def filter_timing(self, queryset, name, value):
        if not _has_status(queryset):
            return queryset  # applied by keep()
        if value == "overdue":
            return queryset.filter(is_overdue=True)
        if value == "due_soon":
            return queryset.filter(is_due_soon=True)
        if value == "done":
            return queryset.filter(urgency=3)
        if value == "open":
            return queryset.filter(urgency__lt=3)
        return queryset

    def filter_role(self, queryset, name, value):
        agency_id = self.request.user.agency_id
        if value == "lead":
            return queryset.filter(lead_agency_id=agency_id)
        if value == "coordinating":
            groups = AssigneeGroup.objects.with_agency_member(agency_id).values("pk")
            coordinated = Task.coordinating_agencies.through.objects.filter(agency_id=agency_id)
            as_member = Task.coordinating_groups.through.objects.filter(assigneegroup_id__in=groups)
            return queryset.exclude(lead_agency_id=agency_id).filter(
                Q(pk__in=coordinated.values("task_id")) | Q(pk__in=as_member.values("task_id"))
            )
        if value == "member":
            groups = AssigneeGroup.objects.with_agency_member(agency_id).values("pk")
            return queryset.exclude(lead_agency_id=agency_id).filter(assignee_group__in=groups)
        return queryset

    def filter_agency(self, queryset, name, value):
        return queryset.for_agency(value)


def _has_status(queryset) -> bool:
    return "urgency" in queryset.query.annotations


def _timing_matches(status: TaskStatus, timing: str) -> bool:
    """``filter_timing`` on a computed status."""
    if timing == "overdue":
        return status.is_overdue
    if timing == "due_soon":
        return status.is_due_soon
    if timing == "done":
        return status.urgency == 3
    if timing == "open":
        return status.urgency < 3
    return True


def _activity_agencies(request):
    from accounts.models import Agency

    return Agency.objects.filter(pk__in=Activity.objects.values("agency_id")).order_by("name")


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm"), field_name="title", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(
        label=_("Loại hoạt động"), choices=ActivityKind.choices, empty_label=_("Mọi loại")
    )
    funding_source = django_filters.ChoiceFilter(
        label=_("Nguồn kinh phí"), choices=FundingSource.choices, empty_label=_("Mọi nguồn")
    )
    year = django_filters.NumberFilter(label=_("Năm"), field_name="held_on", lookup_expr="year")
    agency = django_filters.ModelChoiceFilter(
        label=_("Cơ quan"), queryset=_activity_agencies, empty_label=_("Mọi cơ quan")
    )

    class Meta:
        model = Activity
        fields = ["q", "kind", "funding_source", "year", "agency"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if not sees_everything(getattr(request, "user", None)):
            del self.filters["agency"]
