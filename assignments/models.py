"""What each agency must do: tasks from directive items, progress on them, activities."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import IsNull
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.choices import AgencyKind
from accounts.scoping import PublicToUsersQuerySet, ScopedQuerySet
from assignments import locks
from assignments.choices import (
    ActivityKind,
    AssigneeGroupKind,
    FundingSource,
    ProgressStatus,
    Recurrence,
    TaskCategory,
)

#: a task is "due soon" this many days before its deadline (reminders and badges)
DUE_SOON_DAYS = 30


def _lead_progress(task_ref: str = "pk", lead_ref: str = "lead_agency", agency=None):
    """Progress that decides a task's status: its lead agency's — or the agency's it replaced in
    a merge; on a task given to a group without a lead, its members' (``agency``: only that
    member's own entries, which is how a member agency sees its part of a group task).

    A merged agency's progress stays under its old name (history), while its open tasks move to the
    successor; counting the predecessor's entries keeps the task's status continuous across the
    merge.
    """
    from accounts.models import Agency

    # "agency_id IN (the lead's predecessors)" rather than a join to the agency table: the lead's
    # own entries match the first test, so the index on (task, -created_at, -id) is read in
    # order and the predecessors are looked up only for other agencies' entries
    predecessors = Agency.objects.filter(successor=OuterRef(OuterRef(lead_ref))).values("pk")
    no_lead = Q(IsNull(OuterRef(lead_ref), True))
    if agency is not None:
        no_lead &= Q(agency=getattr(agency, "pk", agency))
    return ProgressUpdate.objects.filter(task=OuterRef(task_ref)).filter(
        Q(agency=OuterRef(lead_ref)) | Q(agency__in=predecessors) | no_lead
    )


def _recurring_periods(today: dt.date) -> dict[str, tuple]:
    """For each recurrence, (the last period already due before ``today``, the next one due).

    Periods are those of the default regime (Nghị định 09/2019/NĐ-CP unless configured otherwise):
    yearly tasks report on the ``year`` periods, six-monthly tasks on ``h1``/``h2``.
    """
    from programs.choices import PeriodKind
    from programs.models import ReportingPeriod

    periods = list(
        ReportingPeriod.objects.filter(regime__is_default=True).only("pk", "kind", "due_on")
    )
    kinds = {
        Recurrence.YEARLY: {PeriodKind.YEAR},
        Recurrence.SEMIANNUAL: {PeriodKind.H1, PeriodKind.H2},
    }
    result = {}
    for recurrence, wanted in kinds.items():
        mine = [p for p in periods if p.kind in wanted]
        past = [p for p in mine if p.due_on < today]
        coming = [p for p in mine if p.due_on >= today]
        result[recurrence] = (
            max(past, key=lambda p: p.due_on) if past else None,
            min(coming, key=lambda p: p.due_on) if coming else None,
        )
    return result


@dataclass(slots=True)
class TaskStatus:
    """One task's status facts, computed in Python from one row (see ``status_facts``).

    The same rules as the ``with_status`` annotations, evaluated once per task instead of once
    per ``CASE``/``FILTER`` that mentions them.
    """

    pk: int
    document_id: int
    order: int
    latest_status: str | None
    due_date: dt.date | None
    is_overdue: bool
    is_due_soon: bool
    urgency: int
    latest_percent: int | None = None  # only with status_facts(with_percent=True)

    def urgency_key(self) -> tuple:
        """The sort key of ``TaskQuerySet.by_urgency`` (no date last, pk breaks ties)."""
        return (
            self.urgency,
            self.due_date is None,
            self.due_date or dt.date.min,
            self.document_id,
            self.order,
            self.pk,
        )


def _status_rules(
    *,
    today: dt.date,
    soon: dt.date,
    periods: dict[str, tuple],
    reported: list,
    with_percent: bool = False,
):
    """``with_status``'s ``CASE`` expressions in Python, for the rows of ``status_facts``.

    ``reported`` lists the recurrences whose ``_reported_<recurrence>`` flag follows the six
    leading columns; ``with_percent``: the lead's latest percentage ends the row.
    """
    once, done = Recurrence.ONCE.value, ProgressStatus.DONE.value  # plain str: fast compares
    # recurrence → (its flag's index in the row or None, due date if late, due date if not)
    recurring = {
        recurrence.value: (
            6 + reported.index(recurrence) if last is not None else None,
            last.due_on if last is not None else None,
            upcoming.due_on if upcoming is not None else None,
        )
        for recurrence, (last, upcoming) in periods.items()
    }
    nothing = (None, None, None)

    def status_of(row: tuple) -> TaskStatus:
        pk, document_id, order, recurrence, due_on, latest_status = row[:6]
        once_done = recurrence == once and latest_status == done
        if recurrence == once:
            is_overdue = due_on is not None and due_on < today and not once_done
            due_date = due_on
        else:
            flag, late_due, next_due = recurring.get(recurrence, nothing)
            is_overdue = flag is not None and not row[flag]
            due_date = late_due if is_overdue else next_due
        is_due_soon = (
            not is_overdue and due_date is not None and today <= due_date <= soon and not once_done
        )
        urgency = 0 if is_overdue else 1 if is_due_soon else 3 if once_done else 2
        return TaskStatus(
            pk,
            document_id,
            order,
            latest_status,
            due_date,
            is_overdue,
            is_due_soon,
            urgency,
            row[-1] if with_percent else None,
        )

    return status_of


class TaskQuerySet(ScopedQuerySet):
    def scoped_to_agency(self, agency_id: int):
        """Tasks the user's agency leads, coordinates or has as a member of the group they are
        given to (DOIT and leadership see all)."""
        return self.for_agency(agency_id)

    def for_agency(self, agency):
        """Tasks the agency leads, coordinates (by name or as a member of a coordinating group),
        or is given as a member of an assignee group (subqueries, so no DISTINCT/duplicate rows;
        members resolved now, not stored)."""
        agency_id = getattr(agency, "pk", agency)
        groups = AssigneeGroup.objects.with_agency_member(agency_id).values("pk")
        coordinated = Task.coordinating_agencies.through.objects.filter(agency_id=agency_id).values(
            "task_id"
        )
        coordinated_as_member = Task.coordinating_groups.through.objects.filter(
            assigneegroup_id__in=groups
        ).values("task_id")
        return self.filter(
            Q(lead_agency_id=agency_id)
            | Q(pk__in=coordinated)
            | Q(pk__in=coordinated_as_member)
            | Q(assignee_group__in=groups)
        )

    def assigned_to(self, agency):
        """Tasks the agency answers for itself: those it leads and those given to a group it is
        a member of (not those it only coordinates) — what its period report counts."""
        agency_id = getattr(agency, "pk", agency)
        groups = AssigneeGroup.objects.with_agency_member(agency_id).values("pk")
        return self.filter(Q(lead_agency_id=agency_id) | Q(assignee_group__in=groups))

    def for_enterprise(self, enterprise):
        """Tasks given to an enterprise group whose members include ``enterprise`` today (a
        directive's section for "các doanh nghiệp sản xuất công nghiệp" is its task list)."""
        groups = AssigneeGroup.objects.with_enterprise_member(enterprise).values("pk")
        return self.filter(assignee_group__in=groups)

    def given_to_groups(self):
        return self.filter(assignee_group__isnull=False)

    def led_by(self, agency):
        return self.filter(lead_agency=agency)

    def with_status(self, today: dt.date | None = None, *, days: int = DUE_SOON_DAYS, agency=None):
        """Annotate what the task list and reminders need, in the same query:

        - ``latest_status`` / ``latest_percent``: the lead agency's latest progress entry (on a
          group task without a lead: its members' latest — or ``agency``'s own, when given:
          a member agency's view of its part);
        - ``due_date``: the date that matters now — the one-off deadline, or for a recurring
          task the due date of the period it is late for, else of its next period;
        - ``is_overdue``: one-off task past its date and not done; recurring task whose last
          period that has come due has no progress from the lead agency;
        - ``is_due_soon``: not overdue, not done, and ``due_date`` within ``days`` days;
        - ``urgency``: 0 overdue, 1 due soon, 2 other open, 3 done — the list's sort key.

        Costs one small query for the periods; the rest is subqueries in the main query.
        """
        today = today or timezone.localdate()
        soon = today + dt.timedelta(days=days)
        periods = _recurring_periods(today)
        latest = _lead_progress(agency=agency).order_by("-created_at", "-pk")
        qs = self.annotate(
            latest_status=Subquery(latest.values("status")[:1]),
            latest_percent=Subquery(latest.values("percent")[:1]),
        )
        # NULL-safe twin of latest_status: NOT (… = 'done') on NULL would be NULL, i.e. false
        qs = qs.annotate(_status_key=Coalesce(F("latest_status"), Value("")))
        once_done = Q(recurrence=Recurrence.ONCE, _status_key=ProgressStatus.DONE)
        overdue_whens = [
            When(
                Q(recurrence=Recurrence.ONCE, due_on__lt=today) & ~once_done,
                then=Value(True),
            )
        ]
        due_whens = [When(recurrence=Recurrence.ONCE, then=F("due_on"))]
        for recurrence, (last, upcoming) in periods.items():
            if last is not None:
                reported = Exists(_lead_progress(agency=agency).filter(period_id=last.pk))
                qs = qs.annotate(**{f"_reported_{recurrence}": reported})
                late = Q(recurrence=recurrence, **{f"_reported_{recurrence}": False})
                overdue_whens.append(When(late, then=Value(True)))
                due_whens.append(When(late, then=Value(last.due_on)))
            if upcoming is not None:
                due_whens.append(When(recurrence=recurrence, then=Value(upcoming.due_on)))
        qs = qs.annotate(
            is_overdue=Case(*overdue_whens, default=Value(False), output_field=BooleanField()),
            due_date=Case(*due_whens, default=None, output_field=DateField()),
        )
        return qs.annotate(
            is_due_soon=Case(
                When(
                    Q(is_overdue=False, due_date__gte=today, due_date__lte=soon) & ~once_done,
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
            urgency=Case(
                When(is_overdue=True, then=Value(0)),
                When(is_due_soon=True, then=Value(1)),
                When(once_done, then=Value(3)),
                default=Value(2),
                output_field=IntegerField(),
            ),
        )

    def by_urgency(self):
        """Overdue first, then due soon, then by nearest date (no date last), done at the end."""
        return self.order_by(
            "urgency", F("due_date").asc(nulls_last=True), "document_id", "order", "pk"
        )

    def with_latest_percent(self, *, agency=None):
        """Annotate ``latest_percent`` only (the lead's latest entry, as in ``with_status``)."""
        latest = _lead_progress(agency=agency).order_by("-created_at", "-pk").values("percent")[:1]
        return self.annotate(latest_percent=Subquery(latest))

    def status_facts(
        self,
        today: dt.date | None = None,
        *,
        days: int = DUE_SOON_DAYS,
        with_percent: bool = False,
        agency=None,
    ) -> list[TaskStatus]:
        """``with_status`` for every task of the queryset as a list (two queries, no ``CASE``).

        Selects each per-task input once — the lead's latest status and, per recurrence, whether
        the lead reported for the period last due — and applies the rules in Python. Cheap for
        thousands of tasks, where the annotations repeat their subqueries in every expression
        that uses them. Unordered; sort with ``TaskStatus.urgency_key``. ``with_percent`` also
        reads the lead's latest percentage (``latest_percent``), as ``with_status`` does;
        ``agency``: a member agency's view of group tasks, as in ``with_status``.
        """
        today = today or timezone.localdate()
        soon = today + dt.timedelta(days=days)
        periods = _recurring_periods(today)
        latest = _lead_progress(agency=agency).order_by("-created_at", "-pk")
        qs = self.annotate(_latest_status=Subquery(latest.values("status")[:1]))
        if with_percent:
            qs = qs.annotate(_latest_percent=Subquery(latest.values("percent")[:1]))
        recurrences = []
        for recurrence, (last, _upcoming) in periods.items():
            if last is not None:
                recurrences.append(recurrence)
                reported = Exists(_lead_progress(agency=agency).filter(period_id=last.pk))
                qs = qs.annotate(**{f"_reported_{recurrence}": reported})
        rows = qs.order_by().values_list(
            "pk",
            "document_id",
            "order",
            "recurrence",
            "due_on",
            "_latest_status",
            *(f"_reported_{r}" for r in recurrences),
            *(["_latest_percent"] if with_percent else []),
        )
        status_of = _status_rules(
            today=today,
            soon=soon,
            periods=periods,
            reported=recurrences,
            with_percent=with_percent,
        )
        return [status_of(row) for row in rows]

    def overdue(self, today: dt.date | None = None, *, agency=None):
        return self.with_status(today, agency=agency).filter(is_overdue=True)

    def due_soon(self, today: dt.date | None = None, days: int = DUE_SOON_DAYS, *, agency=None):
        return self.with_status(today, days=days, agency=agency).filter(is_due_soon=True)

    def open(self, *, agency=None):
        """Tasks still to be worked on: recurring ones, and one-off ones not reported done."""
        latest = _lead_progress(agency=agency).order_by("-created_at", "-pk").values("status")[:1]
        return self.annotate(_latest_for_open=Coalesce(Subquery(latest), Value(""))).exclude(
            Q(recurrence=Recurrence.ONCE, _latest_for_open=ProgressStatus.DONE)
        )


class TaskLinkedQuerySet(ScopedQuerySet):
    """Rows hanging off a task (progress, activities): visible with the task, or to their agency.

    Everyone working on a task — lead and coordinating agencies — shares its history; an agency
    outside it sees nothing (404).
    """

    agency_lookup = "agency"
    task_lookup = "task"

    def scoped_to_agency(self, agency_id: int):
        tasks = Task.objects.for_agency(agency_id).values("pk")
        return self.filter(
            Q(**{self.agency_lookup: agency_id}) | Q(**{f"{self.task_lookup}__in": tasks})
        )


class ProgressUpdateQuerySet(locks.LockGuardedQuerySet, TaskLinkedQuerySet):
    lock_fields = ("agency_id", "period_id")
    lock_update_fields = frozenset({"agency", "agency_id", "period", "period_id"})
    rows_reasons = staticmethod(locks.progress_rows_lock_reasons)


class ActivityQuerySet(locks.LockGuardedQuerySet, TaskLinkedQuerySet):
    lock_fields = ("agency_id", "held_on")
    lock_update_fields = frozenset({"agency", "agency_id", "held_on"})
    rows_reasons = staticmethod(locks.activity_rows_lock_reasons)


class AssigneeGroupQuerySet(PublicToUsersQuerySet):
    """Groups are reference data every signed-in user reads; their tasks are scoped (Task)."""

    def with_agency_member(self, agency):
        """Groups the agency belongs to today: a named set listing it (or an agency it
        succeeded in a merge), or a group of agencies of its kind while it is active."""
        from accounts.models import Agency

        agency_id = getattr(agency, "pk", agency)
        kind = Agency.objects.active().filter(pk=agency_id).values("kind")
        named = AssigneeGroup.agencies.through.objects.filter(
            Q(agency_id=agency_id) | Q(agency__successor_id=agency_id)
        ).values("assigneegroup_id")
        by_kind = AssigneeGroupAgencyKind.objects.filter(agency_kind__in=kind).values("group_id")
        return self.filter(
            Q(kind=AssigneeGroupKind.NAMED, pk__in=named)
            | Q(kind=AssigneeGroupKind.AGENCY_KINDS, pk__in=by_kind)
        )

    def with_enterprise_member(self, enterprise):
        """Enterprise groups whose filters (VSIC section, locality, zone) take ``enterprise``."""
        section = enterprise.vsic.section if enterprise.vsic_id else None
        return self.filter(kind=AssigneeGroupKind.ENTERPRISES).filter(
            Q(vsic_section="") | Q(vsic_section=section or "-"),
            Q(locality__isnull=True) | Q(locality_id=enterprise.locality_id),
            Q(zone__isnull=True) | Q(zone_id=enterprise.zone_id),
        )


class AssigneeGroup(models.Model):
    """A group a task can be given to instead of one agency: all departments, all communes and
    wards, the industrial enterprises of the registry, or a named set of agencies.

    Members are resolved when read (``member_agencies`` / ``member_enterprises``), so a commune
    created tomorrow, or an enterprise added to the registry, is a member at once.
    """

    name = models.CharField(_("tên nhóm"), max_length=255, unique=True)
    kind = models.CharField(_("loại nhóm"), max_length=20, choices=AssigneeGroupKind.choices)
    agencies = models.ManyToManyField(
        "accounts.Agency",
        blank=True,
        related_name="assignee_groups",
        verbose_name=_("các cơ quan (danh sách)"),
        help_text=_("Chỉ dùng cho nhóm “Danh sách cơ quan”."),
    )
    vsic_section = models.CharField(
        _("ngành cấp 1 (VSIC)"),
        max_length=1,
        blank=True,
        help_text=_(
            "Nhóm doanh nghiệp: “C” là công nghiệp chế biến, chế tạo; để trống: mọi ngành."
        ),
    )
    locality = models.ForeignKey(
        "enterprises.Locality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chỉ doanh nghiệp ở xã, phường"),
    )
    zone = models.ForeignKey(
        "enterprises.IndustrialZone",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chỉ doanh nghiệp trong khu, cụm công nghiệp"),
    )
    #: the directive parser's group kind this group answers by default ("communes"…)
    parsed_kind = models.CharField(
        _("nhóm trong văn bản"), max_length=30, blank=True, db_index=True
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = AssigneeGroupQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[agencies])

    class Meta:
        verbose_name = _("nhóm được giao")
        verbose_name_plural = _("nhóm được giao")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_agency_group(self) -> bool:
        return self.kind != AssigneeGroupKind.ENTERPRISES

    def member_agencies(self):
        """The agencies in the group today (active ones; a merged member's successor)."""
        from accounts.models import Agency

        if self.kind == AssigneeGroupKind.AGENCY_KINDS:
            kinds = self.agency_kinds.values("agency_kind")
            return Agency.objects.active().filter(kind__in=kinds)
        if self.kind == AssigneeGroupKind.NAMED:
            listed = self.agencies.through.objects.filter(assigneegroup_id=self.pk)
            return (
                Agency.objects.active()
                .filter(
                    Q(pk__in=listed.values("agency_id"))
                    | Q(predecessors__in=listed.values("agency_id"))
                )
                .distinct()
            )
        return Agency.objects.none()

    def member_enterprises(self):
        """The registry's enterprises in the group today (enterprise groups only)."""
        from enterprises.models import Enterprise

        if self.kind != AssigneeGroupKind.ENTERPRISES:
            return Enterprise.objects.none()
        qs = Enterprise.objects.all()
        if self.vsic_section:
            qs = qs.filter(vsic__section=self.vsic_section)
        if self.locality_id:
            qs = qs.filter(locality_id=self.locality_id)
        if self.zone_id:
            qs = qs.filter(zone_id=self.zone_id)
        return qs

    def member_count(self) -> int:
        if self.kind == AssigneeGroupKind.ENTERPRISES:
            return self.member_enterprises().count()
        return self.member_agencies().count()

    def has_agency_member(self, agency) -> bool:
        return AssigneeGroup.objects.with_agency_member(agency).filter(pk=self.pk).exists()


class AssigneeGroupAgencyKind(models.Model):
    """One agency kind a group of agencies takes in (``AgencyKind``: departments, communes…)."""

    group = models.ForeignKey(
        AssigneeGroup,
        on_delete=models.CASCADE,
        related_name="agency_kinds",
        verbose_name=_("nhóm"),
    )
    agency_kind = models.CharField(_("loại cơ quan"), max_length=32, choices=AgencyKind.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("loại cơ quan của nhóm")
        verbose_name_plural = _("loại cơ quan của nhóm")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "agency_kind"], name="assignee_group_kind_once"
            ),
        ]

    def __str__(self):
        return self.get_agency_kind_display()


class Task(models.Model):
    """One lettered item of a directive (``1.a``, ``1.đ``) assigned to a lead agency or to a
    group (``AssigneeGroup``: all communes, the enterprises…), or both.

    A directive section naming several agencies becomes one task per lead agency (same ``ref``);
    a section for a group becomes one task for the group, which each member reports on.
    """

    document = models.ForeignKey(
        "programs.LegalDocument",
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("văn bản"),
    )
    ref = models.CharField(_("số hiệu"), max_length=20)
    section_title = models.CharField(_("mục"), max_length=500, blank=True)
    text = models.TextField(_("nội dung"))
    lead_agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks_led",
        verbose_name=_("cơ quan chủ trì"),
    )
    assignee_group = models.ForeignKey(
        AssigneeGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("nhóm được giao"),
    )
    coordinating_agencies = models.ManyToManyField(
        "accounts.Agency",
        blank=True,
        related_name="tasks_coordinated",
        verbose_name=_("cơ quan phối hợp"),
    )
    coordinating_groups = models.ManyToManyField(
        AssigneeGroup,
        blank=True,
        related_name="tasks_coordinated",
        verbose_name=_("nhóm phối hợp"),
        help_text=_("“Phối hợp với các sở, ngành”: các thành viên của nhóm cùng phối hợp."),
    )
    category = models.CharField(
        _("lĩnh vực"), max_length=30, choices=TaskCategory.choices, default=TaskCategory.OTHER
    )
    recurrence = models.CharField(
        _("thời hạn"), max_length=20, choices=Recurrence.choices, default=Recurrence.ONCE
    )
    due_on = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    due_text = models.CharField(_("thời hạn (nguyên văn)"), max_length=120, blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = TaskQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[coordinating_agencies, coordinating_groups])

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["document", "order", "ref"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "ref", "lead_agency"], name="task_unique_ref_per_lead"
            ),
            # a group task without a lead: one per item and group
            models.UniqueConstraint(
                fields=["document", "ref", "assignee_group"],
                condition=Q(lead_agency__isnull=True),
                name="task_unique_ref_per_group",
            ),
            models.CheckConstraint(
                condition=Q(lead_agency__isnull=False) | Q(assignee_group__isnull=False),
                name="task_has_lead_or_group",
            ),
        ]
        indexes = [models.Index(fields=["lead_agency", "due_on"])]

    def __str__(self):
        return f"{self.ref} — {self.text[:80]}"

    @property
    def assignee_name(self) -> str:
        """Who the task is given to, for lists: the lead agency, else the group."""
        if self.lead_agency_id:
            return self.lead_agency.name
        return self.assignee_group.name if self.assignee_group_id else ""


class ProgressUpdate(models.Model):
    """An agency's entry on a task for a reporting period. Frozen once that period is accepted."""

    task = models.ForeignKey(
        Task,
        # a task whose progress includes frozen entries cannot be deleted
        on_delete=locks.CASCADE_UNLESS_LOCKED,
        related_name="progress_updates",
        verbose_name=_("nhiệm vụ"),
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="progress_updates",
        verbose_name=_("cơ quan báo cáo"),
    )
    period = models.ForeignKey(
        "programs.ReportingPeriod",
        on_delete=models.PROTECT,
        related_name="progress_updates",
        verbose_name=_("kỳ báo cáo"),
    )
    status = models.CharField(_("tình trạng"), max_length=20, choices=ProgressStatus.choices)
    percent = models.PositiveSmallIntegerField(_("tỷ lệ hoàn thành (%)"), default=0)
    narrative = models.TextField(_("nội dung thực hiện"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người cập nhật"),
    )
    created_at = models.DateTimeField(_("thời gian"), auto_now_add=True)

    objects = ProgressUpdateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cập nhật tiến độ")
        verbose_name_plural = _("cập nhật tiến độ")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="progress_percent_max_100"),
        ]
        indexes = [
            models.Index(fields=["agency", "period"]),
            models.Index(fields=["task", "period"]),
            # a task's latest entry, read in order and stopped at the first (with_status)
            models.Index(fields=["task", "-created_at", "-id"], name="progress_task_latest_idx"),
        ]

    def __str__(self):
        return f"{self.task.ref} · {self.get_status_display()} ({self.percent}%)"

    # The lock is an invariant, not workflow logic: whatever path writes the row (a service, the
    # admin, a shell), a frozen entry stays as it was (assignments.locks).
    def save(self, *args, **kwargs):
        locks.guard_save(
            self,
            fields=ProgressUpdateQuerySet.lock_fields,
            rows_reasons=locks.progress_rows_lock_reasons,
        )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        locks.guard_delete(
            self,
            fields=ProgressUpdateQuerySet.lock_fields,
            rows_reasons=locks.progress_rows_lock_reasons,
        )
        return super().delete(*args, **kwargs)


class Activity(models.Model):
    """Something an agency did: a training, workshop, media piece, demonstration project…"""

    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("cơ quan thực hiện"),
    )
    task = models.ForeignKey(
        Task,
        # deleting a task would rewrite its frozen activities: refused for those
        on_delete=locks.SET_NULL_UNLESS_LOCKED,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("thuộc nhiệm vụ"),
    )
    kind = models.CharField(_("loại hoạt động"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("tên hoạt động"), max_length=500)
    held_on = models.DateField(_("ngày thực hiện"))
    location = models.CharField(_("địa điểm"), max_length=255, blank=True)
    quantity = models.PositiveIntegerField(
        _("số lượng"), default=1, help_text=_("Số tin bài, số tờ rơi, số lớp… tùy loại hoạt động.")
    )
    participants = models.PositiveIntegerField(_("số người tham dự"), default=0)
    enterprises = models.ManyToManyField(
        "enterprises.Enterprise",
        blank=True,
        related_name="activities",
        verbose_name=_("doanh nghiệp tham gia"),
    )
    cost_vnd = models.DecimalField(_("kinh phí (đồng)"), max_digits=16, decimal_places=0, default=0)
    funding_source = models.CharField(
        _("nguồn kinh phí"),
        max_length=20,
        choices=FundingSource.choices,
        default=FundingSource.LOCAL_BUDGET,
    )
    description = models.TextField(_("mô tả"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người nhập"),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = ActivityQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[enterprises])

    class Meta:
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering = ["-held_on"]
        constraints = [
            models.CheckConstraint(condition=Q(cost_vnd__gte=0), name="activity_cost_not_negative"),
        ]
        indexes = [
            models.Index(fields=["agency", "held_on"]),
            models.Index(fields=["kind", "held_on"]),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        locks.guard_save(
            self, fields=ActivityQuerySet.lock_fields, rows_reasons=locks.activity_rows_lock_reasons
        )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        locks.guard_delete(
            self, fields=ActivityQuerySet.lock_fields, rows_reasons=locks.activity_rows_lock_reasons
        )
        return super().delete(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.held_on and self.agency_id:
            reason = locks.activity_lock_reason(date=self.held_on, agency=self.agency_id)
            if reason:
                raise ValidationError({"held_on": reason})


class EvidenceQuerySet(locks.LockGuardedQuerySet, ScopedQuerySet):
    lock_fields = ("progress_id", "activity_id")
    lock_update_fields = frozenset({"progress", "progress_id", "activity", "activity_id"})
    rows_reasons = staticmethod(locks.evidence_rows_lock_reasons)

    def scoped_to_agency(self, agency_id: int):
        """A file is visible to whoever may see the progress update or activity it backs."""
        return self.filter(
            Q(progress__in=ProgressUpdate.objects.scoped_to_agency(agency_id).values("pk"))
            | Q(activity__in=Activity.objects.scoped_to_agency(agency_id).values("pk"))
        )


def evidence_upload_to(instance, filename: str) -> str:
    """A generated storage name: never the uploader's path or name, only the sniffed extension."""
    suffix = PurePath(filename).suffix.lower()[:8]
    today = timezone.localdate()
    return f"evidence/{today:%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    """A file backing a progress update or an activity. Served only through an access check."""

    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    progress = models.ForeignKey(
        ProgressUpdate,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("cập nhật tiến độ"),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("hoạt động"),
    )
    file = models.FileField(_("tệp"), upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người tải lên"),
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(progress__isnull=False) & Q(activity__isnull=True))
                | (Q(progress__isnull=True) & Q(activity__isnull=False)),
                name="evidence_exactly_one_parent",
            ),
        ]

    def __str__(self):
        return self.original_name

    def save(self, *args, **kwargs):
        locks.guard_save(
            self, fields=EvidenceQuerySet.lock_fields, rows_reasons=locks.evidence_rows_lock_reasons
        )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        locks.guard_delete(
            self, fields=EvidenceQuerySet.lock_fields, rows_reasons=locks.evidence_rows_lock_reasons
        )
        return super().delete(*args, **kwargs)


class ReminderLog(models.Model):
    """One reminder email sent to one user on one day — so a second run that day sends nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("người nhận"),
    )
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    sent_on = models.DateField(_("ngày nhắc"))
    overdue_count = models.PositiveIntegerField(_("số nhiệm vụ quá hạn"), default=0)
    due_soon_count = models.PositiveIntegerField(_("số nhiệm vụ sắp đến hạn"), default=0)
    sent_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("thư nhắc việc")
        verbose_name_plural = _("thư nhắc việc")
        ordering = ["-sent_on", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="reminder_once_per_user_day"),
        ]

    def __str__(self):
        return f"{self.user} · {self.sent_on:%d/%m/%Y}"
