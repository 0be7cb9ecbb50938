"""Reporting periods, agency reports with their review, and DOIT's consolidated report."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.roles import is_enterprise_user, sees_everything
from accounts.scoping import AgencyScopedQuerySet, PublicToUsersQuerySet
from config.workflow import Transition, status_fields
from reports.choices import ReportStatus


class ReportLockedError(ValidationError):
    """Raised on any attempt to write an accepted (locked) agency report."""

    def __init__(self, message=None):
        super().__init__(
            message
            or _(
                "Báo cáo đã được tiếp nhận và khóa; không ai được sửa. "
                "Chuyên viên Sở Công Thương có thể mở lại kèm lý do."
            ),
            code="locked",
        )


class AgencyReportQuerySet(AgencyScopedQuerySet):
    def for_period(self, period):
        return self.filter(period=period)

    def accepted(self):
        return self.filter(status=ReportStatus.ACCEPTED)

    def submitted_or_accepted(self):
        return self.filter(status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])


class AgencyReport(models.Model):
    """One agency's report for one period. ``version`` guards against stale forms and races."""

    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("cơ quan"),
    )
    period = models.ForeignKey(
        "programs.ReportingPeriod",
        on_delete=models.PROTECT,
        related_name="agency_reports",
        verbose_name=_("kỳ báo cáo"),
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    figures = models.JSONField(_("số liệu tự động"), default=dict, blank=True)
    adjustments = models.JSONField(_("điều chỉnh số liệu"), default=dict, blank=True)
    results = models.TextField(_("kết quả đạt được"), blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người gửi"),
    )
    first_submitted_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tiếp nhận"),
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = AgencyReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        ordering = ["period", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "period"], name="report_one_per_agency_period"
            ),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.ACCEPTED) | Q(accepted_at__isnull=False),
                name="report_accepted_has_time",
            ),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.DRAFT) | Q(submitted_at__isnull=False),
                name="report_submitted_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.agency} — {self.period}"

    def save(self, *args, **kwargs):
        # The lock is an invariant, not workflow logic: whatever path writes the row (a view,
        # the admin, a shell), an accepted report stays as it was. Only report_reopen, which
        # records a reason, passes ``_unlock=True``.
        if self.pk and not getattr(self, "_unlock", False):
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == ReportStatus.ACCEPTED:
                raise ReportLockedError
        super().save(*args, **kwargs)
        self._keep_period_closure()

    def _keep_period_closure(self) -> None:
        # ``programs.PeriodClosure`` is this row's accepted status seen from below (the lock rule
        # in assignments reads it, and cannot import reports): kept with the row on every path,
        # like the lock itself, so the two never drift apart.
        from programs.models import PeriodClosure

        closure = PeriodClosure.objects.filter(period_id=self.period_id, agency_id=self.agency_id)
        if self.status == ReportStatus.ACCEPTED:
            if not closure.exists():
                PeriodClosure.objects.create(period_id=self.period_id, agency_id=self.agency_id)
        else:
            closure.delete()

    def delete(self, *args, **kwargs):
        if self.status == ReportStatus.ACCEPTED:
            raise ReportLockedError
        return super().delete(*args, **kwargs)

    @property
    def is_locked(self) -> bool:
        return self.status == ReportStatus.ACCEPTED

    @property
    def is_editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)

    @property
    def is_late(self) -> bool:
        """First submitted after the due date (local date; submitting ON the due date is on time)."""
        if self.first_submitted_at is None:
            return False
        return timezone.localdate(self.first_submitted_at) > self.period.due_on


class ReportTransition(Transition):
    """One workflow step of an agency report: who, when, from/to, and the comment."""

    report = models.ForeignKey(
        AgencyReport,
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("báo cáo"),
    )
    from_status, to_status = status_fields(ReportStatus.choices)

    class Meta(Transition.Meta):
        verbose_name = _("bước xử lý báo cáo")
        verbose_name_plural = _("các bước xử lý báo cáo")


class ConsolidatedReport(models.Model):
    """DOIT's consolidated report (báo cáo tổng hợp) for a period. Figures are computed, not stored."""

    period = models.OneToOneField(
        "programs.ReportingPeriod",
        on_delete=models.PROTECT,
        related_name="consolidated",
        verbose_name=_("kỳ báo cáo"),
    )
    number = models.CharField(_("số"), max_length=40, blank=True, help_text=_("Ví dụ: 125/BC-SCT"))
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    summary = models.TextField(_("tình hình chung"), blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    recipients = models.TextField(
        _("nơi nhận"),
        blank=True,
        default="UBND tỉnh (b/c);\nBộ Công Thương (b/c);\nBan Giám đốc Sở;\nLưu: VT, QLCN.",
    )
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_title = models.CharField(
        _("chức danh ký"), max_length=120, default="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người cập nhật"),
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = PublicToUsersQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("báo cáo tổng hợp")
        verbose_name_plural = _("báo cáo tổng hợp")
        ordering = ["-period__ends_on"]

    def __str__(self):
        return f"{_('Báo cáo tổng hợp')} {self.period}"


class IndicatorValue(models.Model):
    """A hand-entered actual value of an indicator for a period (who entered it, and when)."""

    indicator = models.ForeignKey(
        "programs.Indicator",
        on_delete=models.PROTECT,
        related_name="values",
        verbose_name=_("chỉ tiêu"),
    )
    period = models.ForeignKey(
        "programs.ReportingPeriod",
        on_delete=models.PROTECT,
        related_name="indicator_values",
        verbose_name=_("kỳ báo cáo"),
    )
    value = models.DecimalField(_("giá trị"), max_digits=16, decimal_places=2)
    note = models.TextField(_("ghi chú, nguồn số liệu"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người nhập"),
    )
    entered_at = models.DateTimeField(_("nhập lúc"), auto_now=True)

    objects = PublicToUsersQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("giá trị chỉ tiêu nhập tay")
        verbose_name_plural = _("giá trị chỉ tiêu nhập tay")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], name="indicator_value_one_per_period"
            )
        ]

    def __str__(self):
        return f"{self.indicator} — {self.period}: {self.value}"


class SxshOfficer(models.Model):
    """A designated cleaner-production officer of an agency or locality (kept by DOIT).

    The share of officers who attended a training feeds the "staff trained" indicator.
    """

    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="sxsh_officers",
        verbose_name=_("cơ quan"),
    )
    locality = models.CharField(_("địa bàn phụ trách"), max_length=200, blank=True)
    full_name = models.CharField(_("họ và tên"), max_length=200)
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    since = models.DateField(_("được phân công từ"))
    until = models.DateField(_("đến"), null=True, blank=True)
    trainings = models.ManyToManyField(
        "assignments.Activity",
        blank=True,
        related_name="trained_officers",
        verbose_name=_("khóa đào tạo đã tham dự"),
    )

    objects = PublicToUsersQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[trainings], table_name="programs_historicalsxshofficer")

    class Meta:
        db_table = "programs_sxshofficer"  # created by programs before the roster moved here
        verbose_name = _("cán bộ phụ trách SXSH")
        verbose_name_plural = _("cán bộ phụ trách SXSH")
        ordering = ["agency__name", "full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="officer_dates_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.agency})"


# --- Enterprises' own reporting (reports.firm_workflow) ------------------------------------------


class EnterpriseReportQuerySet(PublicToUsersQuerySet):
    """DOIT and leadership read every enterprise's report, an enterprise user its company's;
    agencies read none (they are the enterprise's own statements to DOIT)."""

    company_lookup = "enterprise__tax_code"

    def visible_to(self, user):
        if is_enterprise_user(user) or not getattr(user, "is_authenticated", False):
            return super().visible_to(user)
        return self if user.is_active and sees_everything(user) else self.none()

    def for_year(self, year: int):
        return self.filter(year=year)

    def waiting(self):
        return self.filter(status=ReportStatus.SUBMITTED)


class EnterpriseReport(models.Model):
    """An enterprise's annual SXSH report to DOIT (draft → submitted → returned / accepted),
    pre-filled from its own figures. Accepting it verifies the self-reported figures it carried,
    which only then count in indicators. ``version`` guards stale forms, as on agency reports."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="annual_reports",
        verbose_name=_("doanh nghiệp"),
    )
    year = models.PositiveSmallIntegerField(_("năm báo cáo"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    #: the figures as pre-filled from the enterprise's own data, frozen when it is submitted
    figures = models.JSONField(_("số liệu"), default=dict, blank=True)
    #: task id (as text) → what the enterprise did for that task this year
    task_answers = models.JSONField(_("kết quả theo nhiệm vụ"), default=dict, blank=True)
    results = models.TextField(_("kết quả áp dụng SXSH trong năm"), blank=True)
    plan = models.TextField(_("kế hoạch SXSH năm sau"), blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người gửi"),
    )
    first_submitted_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tiếp nhận"),
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = EnterpriseReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("báo cáo SXSH năm của doanh nghiệp")
        verbose_name_plural = _("báo cáo SXSH năm của doanh nghiệp")
        ordering = ["-year", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year"], name="enterprise_report_one_per_year"
            ),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.ACCEPTED) | Q(accepted_at__isnull=False),
                name="enterprise_report_accepted_has_time",
            ),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.DRAFT) | Q(submitted_at__isnull=False),
                name="enterprise_report_submitted_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} — {self.year}"

    def save(self, *args, **kwargs):
        # as on agency reports: an accepted report stays as it was on every path
        if self.pk:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == ReportStatus.ACCEPTED:
                raise ReportLockedError
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.status == ReportStatus.ACCEPTED:
            raise ReportLockedError
        return super().delete(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)


class EnterpriseReportTransition(Transition):
    """One workflow step of an enterprise report: who, when, from/to, and the comment."""

    report = models.ForeignKey(
        EnterpriseReport,
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("báo cáo"),
    )
    from_status, to_status = status_fields(ReportStatus.choices)

    class Meta(Transition.Meta):
        verbose_name = _("bước xử lý báo cáo doanh nghiệp")
        verbose_name_plural = _("các bước xử lý báo cáo doanh nghiệp")


class OptionEvidenceQuerySet(PublicToUsersQuerySet):
    """A file an enterprise gave as evidence: DOIT, leadership and the company read it."""

    company_lookup = "option__assessment__enterprise__tax_code"

    def visible_to(self, user):
        if is_enterprise_user(user) or not getattr(user, "is_authenticated", False):
            return super().visible_to(user)
        return self if user.is_active and sees_everything(user) else self.none()


def option_evidence_upload_to(instance, filename: str) -> str:
    """A generated storage name, as for agencies' evidence: never the uploader's name."""
    suffix = PurePath(filename).suffix.lower()[:8]
    today = timezone.localdate()
    return f"evidence/options/{today:%Y/%m}/{uuid.uuid4().hex}{suffix}"


class OptionEvidence(models.Model):
    """A file backing an enterprise's self-reported option (invoice, meter readings, photos),
    checked from its bytes by ``assignments.uploads`` and served only after an access check."""

    option = models.ForeignKey(
        "enterprises.Option",
        on_delete=models.CASCADE,
        related_name="evidence_files",
        verbose_name=_("giải pháp"),
    )
    file = models.FileField(_("tệp"), upload_to=option_evidence_upload_to, max_length=200)
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

    objects = OptionEvidenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minh chứng giải pháp")
        verbose_name_plural = _("minh chứng giải pháp")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class EnterpriseReminderLog(models.Model):
    """One reminder sent to one enterprise user on one day about one year's report."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("người nhận"),
    )
    year = models.PositiveSmallIntegerField(_("năm báo cáo"))
    sent_on = models.DateField(_("ngày nhắc"))

    class Meta:
        verbose_name = _("thư nhắc báo cáo doanh nghiệp")
        verbose_name_plural = _("thư nhắc báo cáo doanh nghiệp")
        ordering = ["-sent_on", "user_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "sent_on"], name="enterprise_reminder_once_per_user_day"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.year} · {self.sent_on:%d/%m/%Y}"
