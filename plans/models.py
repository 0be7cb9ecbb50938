"""The annual SXSH plan (Kế hoạch SXSH năm N): versions, items, deliverables, budget lines.

A ``Plan`` is one year's plan; each ``PlanVersion`` is one text of it (the first, then each
mid-year revision). Items belong to a version and carry a ``lineage`` shared with the same item
in the other versions, which is how revisions are compared and how activities logged against
one version count for the next. Money is whole đồng (``PositiveBigIntegerField``), never float.

An item's split by funding source never exceeds its total: checked by the services (the message
names the field), by ``PlanBudgetLine.save``/its queryset on every other path, and per row in
the database (appraised ≤ planned, approved ≤ appraised). A sum over rows is not a ``CHECK`` in
SQL, hence the guard in Python for the cross-row rule.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import PublicToUsersQuerySet, ScopedQuerySet
from assignments import locks
from assignments.choices import FundingSource
from config.workflow import Transition, status_fields
from plans import locks as plan_locks
from plans.choices import (
    IN_FORCE_STATUSES,
    LOCKED_STATUSES,
    OPEN_STATUSES,
    DeliverableKind,
    PlanStatus,
    Quarter,
)

#: the fields a frozen version's own workflow steps may still write (never back to unfrozen)
WORKFLOW_FIELDS = frozenset({"status", "row_version"})


class LockGuardedModel(models.Model):
    """``save`` and ``delete`` refuse frozen rows (``assignments.locks``' guards, with the
    ``lock_fields`` and ``rows_reasons`` of the model's queryset) — the admin, the shell and
    commands are held to the lock like the services."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        guarded = type(self)._default_manager._queryset_class
        locks.guard_save(self, fields=guarded.lock_fields, rows_reasons=guarded.rows_reasons)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        guarded = type(self)._default_manager._queryset_class
        locks.guard_delete(self, fields=guarded.lock_fields, rows_reasons=guarded.rows_reasons)
        return super().delete(*args, **kwargs)


class Plan(models.Model):
    """One year's SXSH plan; its text and figures are in its versions."""

    year = models.PositiveSmallIntegerField(_("năm"), unique=True)
    title = models.CharField(_("tên kế hoạch"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = PublicToUsersQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kế hoạch SXSH năm")
        verbose_name_plural = _("kế hoạch SXSH năm")
        ordering = ["-year"]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or gettext("Kế hoạch sản xuất sạch hơn năm %(year)s") % {
            "year": self.year
        }


class PlanVersionQuerySet(locks.LockGuardedQuerySet, PublicToUsersQuerySet):
    lock_fields = ("status",)
    rows_reasons = staticmethod(plan_locks.version_rows_lock_reasons)

    def update(self, **kwargs):
        # a frozen version's own workflow steps (approved → executing → closed / superseded)
        # write only its status and row version, and only to another frozen state
        if kwargs and WORKFLOW_FIELDS.issuperset(kwargs):
            from django.db import transaction

            with transaction.atomic(using=self.db):
                new = kwargs.get("status")
                if new is not None and new not in LOCKED_STATUSES and self.lock_reasons():
                    raise locks.LockedError(next(iter(self.lock_reasons().values())))
                return models.QuerySet.update(self, **kwargs)
        return super().update(**kwargs)

    update.alters_data = True

    def locked(self):
        return self.filter(status__in=LOCKED_STATUSES)

    def in_force(self):
        """The approved version of each plan (at most one per plan: a constraint)."""
        return self.filter(status__in=IN_FORCE_STATUSES)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class PlanVersion(models.Model):
    """One text of a year's plan: the first, or a mid-year revision (điều chỉnh) with reasons."""

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="versions", verbose_name=_("kế hoạch")
    )
    number = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("điều chỉnh từ phiên bản"),
    )
    revision_reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    appraisal_comment = models.TextField(_("ý kiến thẩm định"), blank=True)
    decision_number = models.CharField(
        _("số quyết định phê duyệt"), max_length=60, blank=True, help_text=_("Ví dụ: 512/QĐ-UBND")
    )
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    doc_number = models.CharField(
        _("số văn bản kế hoạch"), max_length=60, blank=True, help_text=_("Ví dụ: 85/KH-SCT")
    )
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    recipients = models.TextField(
        _("nơi nhận"),
        blank=True,
        default="UBND tỉnh (b/c);\nSở Tài chính;\nCác sở, ban, ngành liên quan;\nLưu: VT, QLCN.",
    )
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_title = models.CharField(
        _("chức danh ký"), max_length=120, default="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"
    )
    row_version = models.PositiveIntegerField(_("số lần ghi"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người lập"),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = PlanVersionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phiên bản kế hoạch")
        verbose_name_plural = _("phiên bản kế hoạch")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique"),
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(status__in=sorted(OPEN_STATUSES)),
                name="plan_one_open_version",
            ),
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(status__in=sorted(IN_FORCE_STATUSES)),
                name="plan_one_version_in_force",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=sorted(LOCKED_STATUSES))
                | (~Q(decision_number="") & Q(decision_date__isnull=False)),
                name="plan_approved_has_decision",
            ),
            models.CheckConstraint(
                condition=Q(based_on__isnull=True) | ~Q(revision_reason=""),
                name="plan_revision_has_reason",
            ),
        ]

    def __str__(self):
        return gettext("%(plan)s — phiên bản %(number)s") % {
            "plan": self.plan,
            "number": self.number,
        }

    # Only the stored row decides: a version may be saved *into* approval (that is the
    # workflow's step), never once it is there (plans.locks).
    def save(self, *args, **kwargs):
        self._refuse_if_stored_locked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_stored_locked()
        return super().delete(*args, **kwargs)

    def _refuse_if_stored_locked(self) -> None:
        if self._state.adding or self.pk is None:
            return
        stored = type(self)._base_manager.filter(pk=self.pk).select_related("plan").first()
        reason = plan_locks.version_lock_reason(stored)
        if reason:
            raise locks.LockedError(reason)

    @property
    def is_locked(self) -> bool:
        return self.status in LOCKED_STATUSES

    @property
    def is_revision(self) -> bool:
        return self.based_on_id is not None


class PlanTransition(Transition):
    """One workflow step of a plan version: who, when, from/to, and the comment."""

    subject_field = "version"

    version = models.ForeignKey(
        PlanVersion,
        on_delete=models.PROTECT,
        related_name="transitions",
        verbose_name=_("phiên bản kế hoạch"),
    )
    from_status, to_status = status_fields(PlanStatus.choices)

    class Meta(Transition.Meta):
        verbose_name = _("bước xử lý kế hoạch")
        verbose_name_plural = _("các bước xử lý kế hoạch")


class PlanItemQuerySet(locks.LockGuardedQuerySet, ScopedQuerySet):
    lock_fields = ("version_id",)
    lock_update_fields = frozenset({"version", "version_id"})
    rows_reasons = staticmethod(plan_locks.item_rows_lock_reasons)

    def visible_to(self, user):
        from accounts.roles import is_finance_appraiser

        # Sở Tài chính appraises the whole plan
        if getattr(user, "is_active", False) and is_finance_appraiser(user):
            return self
        return super().visible_to(user)

    def scoped_to_agency(self, agency_id: int):
        """An agency sees every item of an approved plan (a provincial document sent to all) and,
        while a version is written, the items it leads or coordinates."""
        coordinated = PlanItem.coordinating_agencies.through.objects.filter(
            agency_id=agency_id
        ).values("planitem_id")
        return self.filter(
            Q(version__status__in=sorted(LOCKED_STATUSES))
            | Q(lead_agency_id=agency_id)
            | Q(pk__in=coordinated)
        )

    def with_totals(self):
        """``allocated_vnd``, ``appraised_vnd``, ``approved_vnd``: sums of the budget lines."""
        return self.annotate(
            allocated_vnd=Coalesce(Sum("budget_lines__planned_vnd"), 0),
            appraised_vnd=Sum("budget_lines__appraised_vnd"),
            approved_vnd=Sum("budget_lines__approved_vnd"),
        )


class PlanItem(LockGuardedModel):
    """One line of the plan: what an agency will do under a directive task, when, for how much."""

    version = models.ForeignKey(
        PlanVersion,
        on_delete=locks.CASCADE_UNLESS_LOCKED,
        related_name="items",
        verbose_name=_("phiên bản kế hoạch"),
    )
    lineage = models.UUIDField(
        _("mã theo dõi qua các phiên bản"), default=uuid.uuid4, editable=False, db_index=True
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    task = models.ForeignKey(
        "assignments.Task",
        on_delete=models.PROTECT,
        related_name="plan_items",
        verbose_name=_("nhiệm vụ"),
    )
    title = models.CharField(_("nội dung công việc"), max_length=500)
    lead_agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="plan_items_led",
        verbose_name=_("cơ quan chủ trì"),
    )
    coordinating_agencies = models.ManyToManyField(
        "accounts.Agency",
        blank=True,
        related_name="plan_items_coordinated",
        verbose_name=_("cơ quan phối hợp"),
    )
    quarter = models.PositiveSmallIntegerField(_("quý thực hiện"), choices=Quarter.choices)
    month = models.PositiveSmallIntegerField(
        _("tháng thực hiện"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu chỉ xác định theo quý."),
    )
    total_vnd = models.PositiveBigIntegerField(_("tổng kinh phí dự kiến (đồng)"), default=0)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = PlanItemQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[coordinating_agencies])

    class Meta:
        verbose_name = _("nội dung kế hoạch")
        verbose_name_plural = _("nội dung kế hoạch")
        ordering = ["version", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "lineage"], name="plan_item_once_per_version"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="plan_item_quarter_1_4"
            ),
            # a month, when given, lies in the item's quarter
            models.CheckConstraint(
                condition=Q(month__isnull=True)
                | (Q(month__gte=F("quarter") * 3 - 2) & Q(month__lte=F("quarter") * 3)),
                name="plan_item_month_in_quarter",
            ),
        ]
        indexes = [models.Index(fields=["version", "lead_agency"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # the admin saves the item before its inline lines and checks the pair afterwards
        if not self._state.adding and self.pk and not getattr(self, "_lines_follow", False):
            allocated = self.budget_lines.aggregate(s=Coalesce(Sum("planned_vnd"), 0))["s"]
            if allocated > self.total_vnd:
                raise ValidationError(
                    {"total_vnd": over_total_message(allocated=allocated, total=self.total_vnd)}
                )
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if (
            self.month is not None
            and self.quarter
            and not (self.quarter * 3 - 2 <= self.month <= self.quarter * 3)
        ):
            raise ValidationError({"month": gettext("Tháng không thuộc quý đã chọn.")})

    @property
    def when_label(self) -> str:
        if self.month:
            return gettext("Tháng %(month)s") % {"month": self.month}
        return str(Quarter(self.quarter).label)


def over_total_message(*, allocated: int, total: int) -> str:
    from config.money import format_vnd

    return gettext(
        "Kinh phí chia theo nguồn (%(allocated)s) vượt tổng kinh phí của nội dung (%(total)s)."
    ) % {"allocated": format_vnd(allocated), "total": format_vnd(total)}


class ItemPartQuerySet(locks.LockGuardedQuerySet, models.QuerySet):
    lock_fields = ("item_id",)
    lock_update_fields = frozenset({"item", "item_id"})
    rows_reasons = staticmethod(plan_locks.item_part_rows_lock_reasons)


class PlanDeliverable(LockGuardedModel):
    """What an item will deliver: a kind and a planned quantity (3 lớp, 150 lượt người…)."""

    item = models.ForeignKey(
        PlanItem,
        on_delete=locks.CASCADE_UNLESS_LOCKED,
        related_name="deliverables",
        verbose_name=_("nội dung kế hoạch"),
    )
    kind = models.CharField(_("loại sản phẩm"), max_length=30, choices=DeliverableKind.choices)
    planned_quantity = models.PositiveIntegerField(_("số lượng kế hoạch"))
    label = models.CharField(
        _("mô tả"), max_length=200, blank=True, help_text=_("Bắt buộc với “Sản phẩm khác”.")
    )

    objects = ItemPartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sản phẩm của nội dung kế hoạch")
        verbose_name_plural = _("sản phẩm của nội dung kế hoạch")
        ordering = ["item", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "kind"],
                condition=~Q(kind=DeliverableKind.OTHER),
                name="plan_deliverable_kind_once",
            ),
        ]

    def __str__(self):
        return f"{self.planned_quantity} {self.label or self.get_kind_display()}"


class BudgetLineQuerySet(ItemPartQuerySet):
    def refuse_over_total(self, item_ids) -> None:
        over = (
            PlanItem.objects.filter(pk__in=set(item_ids))
            .with_totals()
            .filter(allocated_vnd__gt=F("total_vnd"))
            .values_list("allocated_vnd", "total_vnd")
            .first()
        )
        if over:
            raise ValidationError(over_total_message(allocated=over[0], total=over[1]))

    def update(self, **kwargs):
        from django.db import transaction

        with transaction.atomic(using=self.db):
            items = list(self.values_list("item_id", flat=True))
            count = super().update(**kwargs)
            self.refuse_over_total(items + ([kwargs["item_id"]] if "item_id" in kwargs else []))
            return count

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        from django.db import transaction

        objs = list(objs)
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            self.refuse_over_total(o.item_id for o in objs)
            return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        from django.db import transaction

        objs = list(objs)
        with transaction.atomic(using=self.db):
            count = super().bulk_update(objs, fields, *args, **kwargs)
            self.refuse_over_total(o.item_id for o in objs)
            return count


class PlanBudgetLine(LockGuardedModel):
    """An item's budget from one funding source: planned, appraised (Sở Tài chính may cut it),
    approved (what UBND tỉnh approved: the appraised amount, fixed at approval)."""

    item = models.ForeignKey(
        PlanItem,
        on_delete=locks.CASCADE_UNLESS_LOCKED,
        related_name="budget_lines",
        verbose_name=_("nội dung kế hoạch"),
    )
    funding_source = models.CharField(
        _("nguồn kinh phí"), max_length=20, choices=FundingSource.choices
    )
    planned_vnd = models.PositiveBigIntegerField(_("dự kiến (đồng)"))
    appraised_vnd = models.PositiveBigIntegerField(_("thẩm định (đồng)"), null=True, blank=True)
    approved_vnd = models.PositiveBigIntegerField(_("phê duyệt (đồng)"), null=True, blank=True)

    objects = BudgetLineQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kinh phí theo nguồn")
        verbose_name_plural = _("kinh phí theo nguồn")
        ordering = ["item", "funding_source"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "funding_source"], name="plan_budget_one_line_per_source"
            ),
            models.CheckConstraint(
                condition=Q(appraised_vnd__isnull=True) | Q(appraised_vnd__lte=F("planned_vnd")),
                name="plan_budget_appraised_within_planned",
            ),
            models.CheckConstraint(
                condition=Q(approved_vnd__isnull=True)
                | (Q(appraised_vnd__isnull=False) & Q(approved_vnd__lte=F("appraised_vnd"))),
                name="plan_budget_approved_within_appraised",
            ),
        ]

    def __str__(self):
        return f"{self.item} · {self.get_funding_source_display()}"

    def save(self, *args, **kwargs):
        from django.db import transaction

        with transaction.atomic():
            super().save(*args, **kwargs)
            PlanBudgetLine.objects.refuse_over_total([self.item_id])


class ActivityLinkQuerySet(locks.LockGuardedQuerySet, models.QuerySet):
    lock_fields = ("activity_id",)
    lock_update_fields = frozenset({"activity", "activity_id"})
    rows_reasons = staticmethod(plan_locks.activity_link_rows_lock_reasons)


class ActivityPlanLink(LockGuardedModel):
    """An activity counted for a plan item (its cost is the item's actual spending).

    Kept here, not on ``Activity``: the plan sits above the activities and they never import it.
    """

    activity = models.OneToOneField(
        "assignments.Activity",
        on_delete=models.CASCADE,
        related_name="plan_link",
        verbose_name=_("hoạt động"),
    )
    item = models.ForeignKey(
        PlanItem,
        on_delete=models.PROTECT,
        related_name="activity_links",
        verbose_name=_("nội dung kế hoạch"),
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người gắn"),
    )
    linked_at = models.DateTimeField(_("gắn lúc"), auto_now_add=True)

    objects = ActivityLinkQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hoạt động thuộc kế hoạch")
        verbose_name_plural = _("hoạt động thuộc kế hoạch")

    def __str__(self):
        return f"{self.activity} → {self.item}"


class ProgressLinkQuerySet(locks.LockGuardedQuerySet, models.QuerySet):
    lock_fields = ("progress_id",)
    lock_update_fields = frozenset({"progress", "progress_id"})
    rows_reasons = staticmethod(plan_locks.progress_link_rows_lock_reasons)


class ProgressPlanLink(LockGuardedModel):
    """A progress update reported against a plan item."""

    progress = models.OneToOneField(
        "assignments.ProgressUpdate",
        on_delete=models.CASCADE,
        related_name="plan_link",
        verbose_name=_("cập nhật tiến độ"),
    )
    item = models.ForeignKey(
        PlanItem,
        on_delete=models.PROTECT,
        related_name="progress_links",
        verbose_name=_("nội dung kế hoạch"),
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người gắn"),
    )
    linked_at = models.DateTimeField(_("gắn lúc"), auto_now_add=True)

    objects = ProgressLinkQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tiến độ thuộc kế hoạch")
        verbose_name_plural = _("tiến độ thuộc kế hoạch")

    def __str__(self):
        return f"{self.progress} → {self.item}"
