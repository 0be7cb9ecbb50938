"""The programme itself: legal documents, agencies, indicators with their targets, regimes."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import PublicToUsersQuerySet
from programs.choices import (
    Comparison,
    DocumentKind,
    IndicatorComputation,
    PeriodKind,
    ReportingFrequency,
)


class LegalDocumentQuerySet(PublicToUsersQuerySet):
    def get_by_natural_key(self, number):
        """Reference data (fixtures/) names documents by their number-symbol."""
        return self.get(number=number)

    def in_force(self, on: dt.date | None = None):
        on = on or timezone.localdate()
        return self.filter(replaced_by__isnull=True).filter(
            Q(effective_on__isnull=True) | Q(effective_on__lte=on)
        )


class LegalDocument(models.Model):
    """A directive, decision, plan or programme (văn bản) that sets tasks or targets."""

    kind = models.CharField(_("loại văn bản"), max_length=20, choices=DocumentKind.choices)
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    title = models.TextField(_("trích yếu"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    is_national = models.BooleanField(_("văn bản trung ương"), default=False)
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    effective_on = models.DateField(_("ngày hiệu lực"), null=True, blank=True)
    period_start_year = models.PositiveSmallIntegerField(
        _("giai đoạn từ năm"), null=True, blank=True
    )
    period_end_year = models.PositiveSmallIntegerField(
        _("giai đoạn đến năm"), null=True, blank=True
    )
    legal_basis = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="basis_for", verbose_name=_("căn cứ")
    )
    legal_basis_text = models.TextField(_("căn cứ (nguyên văn)"), blank=True)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("được thay thế bởi"),
    )
    reporting_frequency = models.CharField(
        _("chế độ báo cáo"), max_length=20, choices=ReportingFrequency.choices, blank=True
    )
    report_to = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("báo cáo về"),
    )
    original_text = models.TextField(_("nguyên văn"), blank=True)
    attachment = models.FileField(_("tệp đính kèm"), upload_to="documents/%Y/", blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = LegalDocumentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-signed_on", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end_year__isnull=True)
                | Q(period_start_year__isnull=True)
                | Q(period_end_year__gte=models.F("period_start_year")),
                name="document_period_ordered",
            ),
        ]

    def __str__(self):
        label = self.get_kind_display()
        return f"{label} {self.number}".strip() if self.number else f"{label}: {self.title[:80]}"

    def natural_key(self):
        return (self.number,)


class IndicatorQuerySet(PublicToUsersQuerySet):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class TargetQuerySet(PublicToUsersQuerySet):
    def get_by_natural_key(self, number, code, milestone_year):
        return self.get(
            document__number=number, indicator__code=code, milestone_year=milestone_year
        )


class Indicator(models.Model):
    """A measure of the programme (e.g. share of facilities informed about SXSH)."""

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    name = models.CharField(_("tên chỉ tiêu"), max_length=500)
    unit = models.CharField(_("đơn vị tính"), max_length=40, default="%")
    computation = models.CharField(
        _("cách tính"),
        max_length=40,
        choices=IndicatorComputation.choices,
        default=IndicatorComputation.MANUAL,
    )
    description = models.TextField(_("mô tả"), blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    objects = IndicatorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class Target(models.Model):
    """A document's target for an indicator by a milestone year: a value or a range."""

    document = models.ForeignKey(
        LegalDocument, on_delete=models.CASCADE, related_name="targets", verbose_name=_("văn bản")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="targets", verbose_name=_("chỉ tiêu")
    )
    milestone_year = models.PositiveSmallIntegerField(_("năm mốc"), null=True, blank=True)
    comparison = models.CharField(
        _("so sánh"), max_length=10, choices=Comparison.choices, default=Comparison.AT_LEAST
    )
    value_min = models.DecimalField(
        _("giá trị (từ)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    value_max = models.DecimalField(
        _("giá trị (đến)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("đơn vị tính"), max_length=40, default="%")
    text = models.TextField(_("nguyên văn"), blank=True)

    objects = TargetQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        ordering = ["indicator__order", "milestone_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value_min__isnull=False) | Q(value_max__isnull=False),
                name="target_has_value",
            ),
            models.CheckConstraint(
                condition=Q(value_min__isnull=True)
                | Q(value_max__isnull=True)
                | Q(value_max__gte=models.F("value_min")),
                name="target_range_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.indicator} — {self.milestone_year or ''}: {self.value_label}"

    def natural_key(self):
        return (self.document.number, self.indicator.code, self.milestone_year)

    natural_key.dependencies = ["programs.legaldocument", "programs.indicator"]

    @property
    def value_label(self) -> str:
        if (
            self.value_min is not None
            and self.value_max is not None
            and self.value_min != self.value_max
        ):
            return f"{_plain(self.value_min)}–{_plain(self.value_max)} {self.unit}"
        value = self.value_min if self.value_min is not None else self.value_max
        return f"{_plain(value)} {self.unit}"


def _plain(value) -> str:
    """50.00 → "50", 5.50 → "5,5" (Vietnamese decimal comma, no trailing zeros)."""
    if value is None:
        return ""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


class ReportingRegime(models.Model):
    """Who reports to whom, how often, the data window and the deadline — as data.

    The annual window runs from (``year_start_month``/``year_start_day``) of the previous year
    when that date is late in the year (15/12 per Nghị định 09/2019/NĐ-CP) — or of the same year
    for calendar years (1/1). Half-years split at ``half_split_month``/``half_split_day``.
    """

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    frequency = models.CharField(_("tần suất"), max_length=20, choices=ReportingFrequency.choices)
    document = models.ForeignKey(
        LegalDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="regimes",
        verbose_name=_("văn bản quy định"),
    )
    recipient = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nơi nhận báo cáo"),
    )
    year_start_month = models.PositiveSmallIntegerField(_("tháng bắt đầu kỳ năm"), default=12)
    year_start_day = models.PositiveSmallIntegerField(_("ngày bắt đầu kỳ năm"), default=15)
    half_split_month = models.PositiveSmallIntegerField(_("tháng bắt đầu nửa cuối năm"), default=6)
    half_split_day = models.PositiveSmallIntegerField(_("ngày bắt đầu nửa cuối năm"), default=15)
    due_days_after_end = models.PositiveSmallIntegerField(_("hạn nộp (số ngày sau kỳ)"), default=5)
    is_default = models.BooleanField(_("mặc định"), default=False)

    objects = PublicToUsersQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chế độ báo cáo")
        verbose_name_plural = _("chế độ báo cáo")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="regime_single_default"
            ),
            models.CheckConstraint(
                condition=Q(year_start_month__gte=1, year_start_month__lte=12),
                name="regime_month_valid",
            ),
            models.CheckConstraint(
                condition=Q(half_split_month__gte=1, half_split_month__lte=12),
                name="regime_half_month_valid",
            ),
            models.CheckConstraint(
                condition=Q(year_start_day__gte=1, year_start_day__lte=31), name="regime_day_valid"
            ),
            models.CheckConstraint(
                condition=Q(half_split_day__gte=1, half_split_day__lte=31),
                name="regime_half_day_valid",
            ),
        ]

    def __str__(self):
        return self.name


class ReportingPeriodQuerySet(PublicToUsersQuerySet):
    def containing(self, day):
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class ReportingPeriod(models.Model):
    """A half-year (``2026-H1``) or year (``2025``) of a regime: data window and due date."""

    regime = models.ForeignKey(
        ReportingRegime,
        on_delete=models.PROTECT,
        related_name="periods",
        verbose_name=_("chế độ báo cáo"),
    )
    key = models.CharField(_("mã kỳ"), max_length=10)
    kind = models.CharField(_("loại kỳ"), max_length=4, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    starts_on = models.DateField(_("số liệu từ ngày"))
    ends_on = models.DateField(_("số liệu đến ngày"))
    due_on = models.DateField(_("hạn gửi báo cáo"))
    closed_at = models.DateTimeField(_("khóa sổ lúc"), null=True, blank=True)

    objects = ReportingPeriodQuerySet.as_manager()
    history = HistoricalRecords(table_name="reports_historicalreportingperiod")

    class Meta:
        db_table = "reports_reportingperiod"  # created by reports before periods moved here
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-ends_on", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["regime", "key"], name="period_unique_key_per_regime"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="period_window_ordered"
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("ends_on")), name="period_due_after_end"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.YEAR:
            return str(_("Năm %(year)s") % {"year": self.year})
        return f"{self.get_kind_display()} {self.year}"


class PeriodClosure(models.Model):
    """The agency's report for this period was accepted: its figures are final.

    Kept with the report itself (``reports.AgencyReport.save``: accepting writes it, reopening
    removes it, on every path) and read by the lock rule (``assignments.locks``, which also freezes the periods inside this one's
    window and the activities dated in it), so the rule needs nothing from the reports app.
    """

    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.CASCADE,
        related_name="closures",
        verbose_name=_("kỳ báo cáo"),
    )
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.CASCADE, related_name="+", verbose_name=_("cơ quan")
    )
    closed_at = models.DateTimeField(_("khóa lúc"), default=timezone.now)

    # no history of its own: a derived fact, rebuilt from the accepted reports, whose
    # transitions (who accepted, who reopened, when, why) are recorded as ReportTransition rows

    class Meta:
        verbose_name = _("kỳ đã khóa của cơ quan")
        verbose_name_plural = _("kỳ đã khóa của cơ quan")
        constraints = [
            models.UniqueConstraint(fields=["period", "agency"], name="period_closure_unique")
        ]

    def __str__(self):
        return f"{self.period} — {self.agency}"
