"""What each agency must do: tasks from directive items, progress on them, activities."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.roles import sees_everything
from accounts.scoping import AgencyScopedQuerySet
from assignments.choices import (
    ActivityKind,
    FundingSource,
    ProgressStatus,
    Recurrence,
    TaskCategory,
)


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Tasks the user's agency leads or coordinates; DOIT and leadership see all."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if sees_everything(user):
            return self
        if user.agency_id is None:
            return self.none()
        return self.filter(
            Q(lead_agency_id=user.agency_id) | Q(coordinating_agencies=user.agency_id)
        ).distinct()

    def for_agency(self, agency):
        return self.filter(Q(lead_agency=agency) | Q(coordinating_agencies=agency)).distinct()

    def led_by(self, agency):
        return self.filter(lead_agency=agency)


class Task(models.Model):
    """One lettered item of a directive (``1.a``, ``1.đ``) assigned to a lead agency.

    A directive section naming several agencies becomes one task per lead agency (same ``ref``).
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
        "programs.Agency",
        on_delete=models.PROTECT,
        related_name="tasks_led",
        verbose_name=_("cơ quan chủ trì"),
    )
    coordinating_agencies = models.ManyToManyField(
        "programs.Agency",
        blank=True,
        related_name="tasks_coordinated",
        verbose_name=_("cơ quan phối hợp"),
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
    history = HistoricalRecords(m2m_fields=[coordinating_agencies])

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["document", "order", "ref"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "ref", "lead_agency"], name="task_unique_ref_per_lead"
            ),
        ]
        indexes = [models.Index(fields=["lead_agency", "due_on"])]

    def __str__(self):
        return f"{self.ref} — {self.text[:80]}"


class ProgressUpdate(models.Model):
    """An agency's entry on a task for a reporting period. Frozen once that period is accepted."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="progress_updates", verbose_name=_("nhiệm vụ")
    )
    agency = models.ForeignKey(
        "programs.Agency",
        on_delete=models.PROTECT,
        related_name="progress_updates",
        verbose_name=_("cơ quan báo cáo"),
    )
    period = models.ForeignKey(
        "reports.ReportingPeriod",
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

    objects = AgencyScopedQuerySet.as_manager()
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
        ]

    def __str__(self):
        return f"{self.task.ref} · {self.get_status_display()} ({self.percent}%)"


class Activity(models.Model):
    """Something an agency did: a training, workshop, media piece, demonstration project…"""

    agency = models.ForeignKey(
        "programs.Agency",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("cơ quan thực hiện"),
    )
    task = models.ForeignKey(
        Task,
        on_delete=models.SET_NULL,
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

    objects = AgencyScopedQuerySet.as_manager()
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


class EvidenceQuerySet(AgencyScopedQuerySet):
    agency_lookup = "agency"


class Evidence(models.Model):
    """A file backing a progress update or an activity. Served only through an access check."""

    agency = models.ForeignKey(
        "programs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
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
    file = models.FileField(_("tệp"), upload_to="evidence/%Y/%m/")
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
