"""Industrial facilities, their SXSH assessments and the cleaner-production options applied."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.scoping import PublicToUsersQuerySet, company_q
from enterprises.choices import (
    AccessRequestStatus,
    AssessmentKind,
    AssessmentStatus,
    ImportJobStatus,
    LocalityKind,
    OptionCategory,
    OptionStatus,
    ProfileChangeStatus,
    Provenance,
    PublicationStatus,
    SizeClass,
    Stage,
    VsicLevel,
    ZoneKind,
)


class VsicCode(models.Model):
    """An entry of the Vietnamese industry classification VSIC 2018 (QĐ 27/2018/QĐ-TTg)."""

    code = models.CharField(_("mã"), max_length=6, unique=True)
    name = models.CharField(_("tên ngành"), max_length=500)
    level = models.CharField(_("cấp"), max_length=10, choices=VsicLevel.choices)
    section = models.CharField(_("ngành cấp 1"), max_length=1)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    objects = PublicToUsersQuerySet.as_manager()

    class Meta:
        verbose_name = _("ngành kinh tế (VSIC 2018)")
        verbose_name_plural = _("ngành kinh tế (VSIC 2018)")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.name}"


class Locality(models.Model):
    """A commune, ward or special zone after the 2025 reform; the former district kept for history."""

    code = models.CharField(_("mã"), max_length=10, unique=True)
    name = models.CharField(_("tên"), max_length=120)
    kind = models.CharField(
        _("loại"), max_length=20, choices=LocalityKind.choices, default=LocalityKind.COMMUNE
    )
    former_district = models.CharField(_("huyện cũ (trước 01/7/2025)"), max_length=120, blank=True)

    objects = PublicToUsersQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("xã, phường")
        verbose_name_plural = _("xã, phường")
        ordering = ["name"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.name}"


class IndustrialZone(models.Model):
    """An industrial zone (KCN) or cluster (CCN)."""

    name = models.CharField(_("tên"), max_length=200, unique=True)
    kind = models.CharField(
        _("loại"), max_length=5, choices=ZoneKind.choices, default=ZoneKind.INDUSTRIAL_ZONE
    )
    locality = models.ForeignKey(
        Locality, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("địa bàn")
    )

    objects = PublicToUsersQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("khu, cụm công nghiệp")
        verbose_name_plural = _("khu, cụm công nghiệp")
        ordering = ["name"]

    def __str__(self):
        return self.name


class EnterpriseQuerySet(PublicToUsersQuerySet):
    """The registry is readable by every signed-in user but an enterprise user, who reads only
    its own company and branches; only DOIT edits it."""

    company_lookup = "tax_code"

    def of_company(self, tax_code: str):
        """The company (10-digit tax code) and its branches (``-NNN``)."""
        return self.filter(company_q("tax_code", tax_code))

    def with_stage(self):
        """Annotate ``stage`` from the data: applying (an implemented option) > assessed (an
        assessment) > informed (took part in an activity) > not reached. Never stored; only
        figures that count (``counted()``: not a self-report waiting for DOIT) move a stage."""
        implemented = Option.objects.counted().filter(
            assessment__enterprise=OuterRef("pk"), status=OptionStatus.IMPLEMENTED
        )
        assessed = Assessment.objects.counted().filter(enterprise=OuterRef("pk"))
        informed = Enterprise.activities.through.objects.filter(enterprise_id=OuterRef("pk"))
        return self.annotate(
            stage=Case(
                When(Exists(implemented), then=Value(Stage.APPLYING)),
                When(Exists(assessed), then=Value(Stage.ASSESSED)),
                When(Exists(informed), then=Value(Stage.INFORMED)),
                default=Value(Stage.NOT_REACHED),
                output_field=models.CharField(max_length=20),
            )
        )

    def in_stage(self, stage: str):
        """Enterprises whose derived stage is ``stage`` — as IN-sets PostgreSQL builds once per
        query, not the per-row ``stage`` expression (which would be computed for every row)."""
        applying = Q(
            pk__in=Option.objects.counted()
            .filter(status=OptionStatus.IMPLEMENTED)
            .values("assessment__enterprise_id")
        )
        assessed = Q(pk__in=Assessment.objects.counted().values("enterprise_id"))
        informed = Q(pk__in=Enterprise.activities.through.objects.values("enterprise_id"))
        conditions = {
            Stage.APPLYING: applying,
            Stage.ASSESSED: ~applying & assessed,
            Stage.INFORMED: ~applying & ~assessed & informed,
            Stage.NOT_REACHED: ~applying & ~assessed & ~informed,
        }
        return self.filter(conditions[stage])

    def search(self, query: str):
        """Accent- and case-insensitive match on name and tax code (works on SQLite and
        PostgreSQL alike: ``search_text`` is kept accent-free by the services)."""
        from config.text import unaccent

        terms = unaccent(query).split()
        qs = self
        for term in terms:
            qs = qs.filter(search_text__contains=term)
        return qs

    def for_list(self):
        return self.select_related("locality", "vsic", "zone").with_stage()


class Enterprise(models.Model):
    """An industrial production facility (cơ sở sản xuất công nghiệp)."""

    tax_code = models.CharField(_("mã số thuế"), max_length=14, unique=True)
    name = models.CharField(_("tên cơ sở"), max_length=500)
    search_text = models.TextField(
        editable=False, blank=True, help_text="name and tax code without accents"
    )
    vsic = models.ForeignKey(
        VsicCode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enterprises",
        verbose_name=_("ngành (VSIC)"),
    )
    address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    locality = models.ForeignKey(
        Locality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enterprises",
        verbose_name=_("xã, phường"),
    )
    zone = models.ForeignKey(
        IndustrialZone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enterprises",
        verbose_name=_("khu, cụm công nghiệp"),
    )
    employees = models.PositiveIntegerField(_("số lao động"), null=True, blank=True)
    revenue_million_vnd = models.DecimalField(
        _("doanh thu (triệu đồng)"), max_digits=14, decimal_places=1, null=True, blank=True
    )
    capital_million_vnd = models.DecimalField(
        _("nguồn vốn (triệu đồng)"), max_digits=14, decimal_places=1, null=True, blank=True
    )
    size_class = models.CharField(_("quy mô"), max_length=10, choices=SizeClass.choices, blank=True)
    has_sxsh_potential = models.BooleanField(_("có tiềm năng SXSH"), default=False)
    high_pollution_risk = models.BooleanField(_("nguy cơ ô nhiễm cao"), default=False)
    iso14001 = models.BooleanField(_("có ISO 14001"), default=False)
    has_sxsh_unit = models.BooleanField(
        _("có bộ phận (cán bộ) phụ trách SXSH"),
        default=False,
        help_text=_("Chỉ tiêu: 90% cơ sở quy mô vừa và lớn có bộ phận chuyên trách về SXSH."),
    )
    contact_name = models.CharField(_("người liên hệ"), max_length=200, blank=True)
    contact_phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    contact_email = models.EmailField(_("thư điện tử"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = EnterpriseQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("cơ sở sản xuất")
        verbose_name_plural = _("cơ sở sản xuất")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["locality"]),
            models.Index(fields=["vsic"]),
            models.Index(fields=["size_class"]),
            # the list is ordered by name: an index lets a page read 25 rows, not sort them all
            models.Index(fields=["name"], name="enterprise_name_idx"),
        ]

    def __str__(self):
        return self.name

    @property
    def section(self) -> str:
        return self.vsic.section if self.vsic_id else ""


class AssessmentQuerySet(PublicToUsersQuerySet):
    company_lookup = "enterprise__tax_code"

    def counted(self):
        """Assessments whose figures count: entered by DOIT, imported, or self-reported and
        verified by DOIT — never a self-report still waiting for its check."""
        return self.filter(source__in=Provenance.counted())


class OptionQuerySet(PublicToUsersQuerySet):
    company_lookup = "assessment__enterprise__tax_code"

    def counted(self):
        """Options whose figures count (see ``AssessmentQuerySet.counted``): the option and the
        assessment holding its baseline are both accepted."""
        return self.filter(
            source__in=Provenance.counted(), assessment__source__in=Provenance.counted()
        )

    def pending(self):
        return self.filter(
            Q(source=Provenance.SELF_PENDING) | Q(assessment__source=Provenance.SELF_PENDING)
        )


def _source_field():
    return models.CharField(
        _("nguồn số liệu"),
        max_length=20,
        choices=Provenance.choices,
        default=Provenance.DOIT,
        db_index=True,
    )


class Assessment(models.Model):
    """A cleaner-production assessment of a facility, with baseline consumption per product unit."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("cơ sở")
    )
    assessed_on = models.DateField(_("ngày đánh giá"))
    kind = models.CharField(_("loại đánh giá"), max_length=20, choices=AssessmentKind.choices)
    status = models.CharField(
        _("tình trạng"),
        max_length=20,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.COMPLETED,
    )
    consultant = models.CharField(_("đơn vị tư vấn"), max_length=255, blank=True)
    supporting_agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cơ quan hỗ trợ"),
    )
    product_unit = models.CharField(_("đơn vị sản phẩm"), max_length=60, default="tấn sản phẩm")
    baseline_energy_kwh = models.DecimalField(
        _("năng lượng (kWh/đơn vị SP)"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    baseline_water_m3 = models.DecimalField(
        _("nước (m³/đơn vị SP)"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    baseline_material_t = models.DecimalField(
        _("nguyên liệu (tấn/đơn vị SP)"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    annual_output = models.DecimalField(
        _("sản lượng hằng năm (đơn vị SP/năm)"),
        max_digits=16,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_(
            "Sản lượng một năm, tính theo đơn vị sản phẩm ở trên (doanh nghiệp báo cáo). Mức "
            "tiết kiệm trên đơn vị sản phẩm × sản lượng = mức tiết kiệm hằng năm (kWh, m³, tấn)."
        ),
    )
    notes = models.TextField(_("ghi chú"), blank=True)
    source = _source_field()
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đánh giá SXSH")
        verbose_name_plural = _("đánh giá SXSH")
        ordering = ["-assessed_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(baseline_energy_kwh__isnull=True) | Q(baseline_energy_kwh__gt=0),
                name="assessment_energy_positive",
            ),
            models.CheckConstraint(
                condition=Q(baseline_water_m3__isnull=True) | Q(baseline_water_m3__gt=0),
                name="assessment_water_positive",
            ),
            models.CheckConstraint(
                condition=Q(baseline_material_t__isnull=True) | Q(baseline_material_t__gt=0),
                name="assessment_material_positive",
            ),
            models.CheckConstraint(
                condition=Q(annual_output__isnull=True) | Q(annual_output__gt=0),
                name="assessment_output_positive",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.enterprise} ({self.assessed_on:%d/%m/%Y})"


def _percent(saving: Decimal | None, baseline: Decimal | None) -> Decimal | None:
    if saving is None or not baseline:
        return None
    return (saving / baseline * 100).quantize(Decimal("0.1"))


def simple_payback(investment_vnd, annual_saving_vnd) -> Decimal | None:
    """Simple payback in years = investment / annual saving (None when nothing is saved) — for
    one option and for a set of options (their totals) alike."""
    if not annual_saving_vnd:
        return None
    return (Decimal(investment_vnd) / Decimal(annual_saving_vnd)).quantize(Decimal("0.1"))


class Option(models.Model):
    """A cleaner-production option (giải pháp SXSH) proposed or implemented after an assessment."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="options", verbose_name=_("đánh giá")
    )
    category = models.CharField(_("nhóm giải pháp"), max_length=30, choices=OptionCategory.choices)
    description = models.TextField(_("mô tả giải pháp"))
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=OptionStatus.choices, default=OptionStatus.PROPOSED
    )
    implemented_on = models.DateField(_("ngày thực hiện"), null=True, blank=True)
    investment_vnd = models.DecimalField(
        _("chi phí đầu tư (đồng)"), max_digits=16, decimal_places=0, default=0
    )
    annual_saving_vnd = models.DecimalField(
        _("lợi ích hằng năm (đồng)"), max_digits=16, decimal_places=0, default=0
    )
    energy_saving_kwh = models.DecimalField(
        _("tiết kiệm năng lượng (kWh/đơn vị SP)"),
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
    )
    water_saving_m3 = models.DecimalField(
        _("tiết kiệm nước (m³/đơn vị SP)"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    material_saving_t = models.DecimalField(
        _("tiết kiệm nguyên liệu (tấn/đơn vị SP)"),
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
    )
    co2_reduction_t = models.DecimalField(
        _("giảm phát thải CO₂ (tấn/năm)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    wastewater_reduction_m3 = models.DecimalField(
        _("giảm nước thải (m³/năm)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    solid_waste_reduction_t = models.DecimalField(
        _("giảm chất thải rắn (tấn/năm)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    source = _source_field()

    objects = OptionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("giải pháp SXSH")
        verbose_name_plural = _("giải pháp SXSH")
        ordering = ["assessment", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(investment_vnd__gte=0), name="option_investment_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(status=OptionStatus.IMPLEMENTED) | Q(implemented_on__isnull=False),
                name="option_implemented_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.description[:60]}"

    @property
    def payback_years(self) -> Decimal | None:
        return simple_payback(self.investment_vnd, self.annual_saving_vnd)

    @property
    def energy_saving_percent(self) -> Decimal | None:
        return _percent(self.energy_saving_kwh, self.assessment.baseline_energy_kwh)

    @property
    def water_saving_percent(self) -> Decimal | None:
        return _percent(self.water_saving_m3, self.assessment.baseline_water_m3)

    @property
    def material_saving_percent(self) -> Decimal | None:
        return _percent(self.material_saving_t, self.assessment.baseline_material_t)

    def _per_year(self, saving: Decimal | None) -> Decimal | None:
        """Per-unit saving × the facility's annual output (None when either is missing)."""
        output = self.assessment.annual_output
        if saving is None or not output:
            return None
        return saving * output

    @property
    def energy_saving_year(self) -> Decimal | None:
        return self._per_year(self.energy_saving_kwh)

    @property
    def water_saving_year(self) -> Decimal | None:
        return self._per_year(self.water_saving_m3)

    @property
    def material_saving_year(self) -> Decimal | None:
        return self._per_year(self.material_saving_t)


class GridEmissionFactorQuerySet(models.QuerySet):
    def for_year(self, year: int) -> GridEmissionFactor | None:
        """The factor of ``year``, else the latest published before it, else the earliest."""
        return (
            self.filter(year__lte=year).order_by("-year").first() or self.order_by("year").first()
        )


class GridEmissionFactor(models.Model):
    """Vietnam's grid emission factor (hệ số phát thải lưới điện, EF, tCO₂/MWh) of one year, as
    published by the Ministry of Natural Resources and Environment (Cục Biến đổi khí hậu).

    Data, not code: the yearly announcement is added in the admin. Electricity saved in a year
    × the factor of that year (the latest published one before it if that year has none yet)
    = the emissions avoided (``enterprises.savings``).
    """

    year = models.PositiveSmallIntegerField(
        _("năm"),
        unique=True,
        help_text=_(
            "Năm của hệ số (không phải năm công bố). Giải pháp thực hiện trong năm chưa có hệ số "
            "dùng hệ số gần nhất trước đó. Các hệ số 2014–2023 được nạp sẵn theo chuỗi số liệu của "
            "Cục Biến đổi khí hậu; số văn bản chỉ được đối chiếu cho năm 2018 (263/BĐKH-GNPT) và "
            "2022 (327/BĐKH-PTCBT) — hãy kiểm tra với văn bản gốc và bổ sung."
        ),
    )
    tco2_per_mwh = models.DecimalField(
        _("hệ số phát thải (tCO₂/MWh)"),
        max_digits=6,
        decimal_places=4,
        help_text=_("Biên kết hợp (CM) của lưới điện quốc gia, ví dụ 0,6592."),
    )
    source = models.CharField(
        _("nguồn"),
        max_length=255,
        help_text=_(
            "Văn bản công bố: số, ngày, cơ quan (ví dụ: Công văn số 327/BĐKH-PTCBT của Cục "
            "Biến đổi khí hậu, Bộ TN&MT). Ghi rõ nếu số văn bản chưa được đối chiếu với bản gốc."
        ),
    )
    source_url = models.URLField(_("đường dẫn nguồn"), blank=True, max_length=500)

    objects = GridEmissionFactorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hệ số phát thải lưới điện")
        verbose_name_plural = _("hệ số phát thải lưới điện")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tco2_per_mwh__gt=0) & Q(tco2_per_mwh__lt=2),
                name="grid_factor_plausible",
            ),
        ]

    def __str__(self):
        return f"{self.year}: {self.tco2_per_mwh} tCO₂/MWh"


class CompanyAccessQuerySet(models.QuerySet):
    def of_company(self, tax_code: str):
        return self.filter(tax_code=tax_code)

    def active(self):
        return self.filter(active=True, user__is_active=True)


class CompanyAccess(models.Model):
    """One enterprise user's right to act for one company: its 10-digit tax code, which covers
    the company's branches (``0123456789-001``). Several users may act for a company; DOIT turns
    the company's access off (every row of the tax code) in one action."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="company_access",
        verbose_name=_("người dùng"),
    )
    tax_code = models.CharField(_("mã số thuế doanh nghiệp"), max_length=10, db_index=True)
    active = models.BooleanField(_("đang hoạt động"), default=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người cấp"),
    )
    created_at = models.DateTimeField(_("cấp lúc"), auto_now_add=True)

    objects = CompanyAccessQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quyền truy cập của doanh nghiệp")
        verbose_name_plural = _("quyền truy cập của doanh nghiệp")
        ordering = ["tax_code", "user_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tax_code__regex=r"^[0-9]{10}$"), name="company_access_ten_digits"
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.tax_code}"


class AccessRequest(models.Model):
    """A request for an account made on the public page by someone claiming to act for a company.

    Nothing is granted until DOIT checks it against the registry and approves; the page that
    takes it answers the same whether or not the tax code is registered.
    """

    tax_code = models.CharField(_("mã số thuế"), max_length=14)
    company_name = models.CharField(_("tên doanh nghiệp"), max_length=500)
    contact_name = models.CharField(_("người đề nghị"), max_length=200)
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    email = models.EmailField(_("thư điện tử"))
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=AccessRequestStatus.choices,
        default=AccessRequestStatus.PENDING,
    )
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người xử lý"),
    )
    decided_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    decision_note = models.TextField(_("ghi chú xử lý"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đề nghị cấp tài khoản doanh nghiệp")
        verbose_name_plural = _("đề nghị cấp tài khoản doanh nghiệp")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.tax_code} · {self.email}"

    @property
    def company_tax_code(self) -> str:
        return self.tax_code.split("-", 1)[0]


class ProfileChangeQuerySet(PublicToUsersQuerySet):
    company_lookup = "enterprise__tax_code"

    def pending(self):
        return self.filter(status=ProfileChangeStatus.PENDING)


class ProfileChange(models.Model):
    """Identity fields an enterprise user asked to change on its facility (name, address, VSIC,
    size…): kept here until DOIT checks them; contact fields change at once and are not here."""

    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        related_name="profile_changes",
        verbose_name=_("cơ sở"),
    )
    #: field name → the new value as typed (strings; foreign keys by code)
    changes = models.JSONField(_("nội dung đề nghị"), default=dict)
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ProfileChangeStatus.choices,
        default=ProfileChangeStatus.PENDING,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người đề nghị"),
    )
    requested_at = models.DateTimeField(_("đề nghị lúc"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người xử lý"),
    )
    decided_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    decision_note = models.TextField(_("ghi chú xử lý"), blank=True)

    objects = ProfileChangeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đề nghị sửa thông tin cơ sở")
        verbose_name_plural = _("đề nghị sửa thông tin cơ sở")
        ordering = ["-requested_at"]

    def __str__(self):
        return f"{self.enterprise} ({self.requested_at:%d/%m/%Y})"


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An upload is seen only by the person who made it (it may hold unpublished data)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(created_by=user)


class ImportJob(models.Model):
    """One spreadsheet upload into the registry: checked (preview), then confirmed and written.

    The file lives in the default storage under a generated name; it is carried from preview to
    confirm by this row, never by a path the browser sends back.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người tải lên"),
    )
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    file_name = models.CharField(_("tệp lưu trữ"), max_length=255)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), default=0)
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ImportJobStatus.choices,
        default=ImportJobStatus.UPLOADED,
    )
    total_rows = models.PositiveIntegerField(_("số dòng"), default=0)
    processed_rows = models.PositiveIntegerField(_("số dòng đã xử lý"), default=0)
    to_create = models.PositiveIntegerField(_("số cơ sở mới"), default=0)
    to_update = models.PositiveIntegerField(_("số cơ sở cập nhật"), default=0)
    created_count = models.PositiveIntegerField(_("đã tạo"), default=0)
    updated_count = models.PositiveIntegerField(_("đã cập nhật"), default=0)
    file_error = models.TextField(_("lỗi tệp"), blank=True)
    errors = models.JSONField(_("lỗi theo dòng"), default=list, blank=True)
    sample = models.JSONField(_("dòng mẫu"), default=list, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("lượt nhập danh sách cơ sở")
        verbose_name_plural = _("lượt nhập danh sách cơ sở")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.original_name} ({self.created_at:%d/%m/%Y %H:%M})"

    @property
    def is_busy(self) -> bool:
        return self.status in (ImportJobStatus.VALIDATING, ImportJobStatus.RUNNING)

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(self.processed_rows * 100 / self.total_rows))


# --- case studies (mô hình trình diễn) ------------------------------------------------------


def case_study_upload_to(instance, filename: str) -> str:
    """A generated storage name: never the uploader's path or name, only the checked extension."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"case_studies/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class CaseStudyQuerySet(models.QuerySet):
    def published(self):
        """What the public site may show: published, with the enterprise's consent on record and
        DOIT's approval — all three, checked again here although the database insists too."""
        return self.filter(
            status=PublicationStatus.PUBLISHED,
            consent_recorded_at__isnull=False,
            approved_at__isnull=False,
        )


class CaseStudy(models.Model):
    """A demonstration model (mô hình trình diễn): an enterprise's implemented options told as a
    story for other enterprises — the problem, what was done, what it cost and saved.

    The figures are never typed in: they come from the options it presents
    (``enterprises.case_studies.case_study_figures``). Published only with the enterprise's
    consent recorded and a DOIT reviewer's approval.
    """

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="case_studies", verbose_name=_("cơ sở")
    )
    title = models.CharField(_("tiêu đề"), max_length=300)
    summary = models.CharField(
        _("tóm tắt"), max_length=500, help_text=_("Một hai câu, hiện trong danh sách.")
    )
    problem = models.TextField(_("vấn đề trước khi áp dụng"))
    story = models.TextField(
        _("câu chuyện"), blank=True, help_text=_("Đã lọc HTML an toàn khi lưu (nh3).")
    )
    options = models.ManyToManyField(
        Option,
        blank=True,
        related_name="case_studies",
        verbose_name=pgettext_lazy("case study", "giải pháp đã thực hiện"),
    )
    cover_image = models.FileField(
        _("ảnh bìa"), upload_to=case_study_upload_to, max_length=200, blank=True
    )
    cover_alt = models.CharField(_("mô tả ảnh bìa"), max_length=300, blank=True)
    # the enterprise's consent to publish
    consent_given_by = models.CharField(
        _("người đại diện đồng ý"), max_length=300, blank=True, help_text=_("Họ tên, chức vụ.")
    )
    consent_on = models.DateField(_("ngày đồng ý"), null=True, blank=True)
    consent_document = models.FileField(
        _("văn bản đồng ý"), upload_to=case_study_upload_to, max_length=200, blank=True
    )
    consent_document_name = models.CharField(
        _("tên tệp văn bản đồng ý"), max_length=255, blank=True
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người ghi nhận đồng ý"),
    )
    consent_recorded_at = models.DateTimeField(_("ghi nhận đồng ý lúc"), null=True, blank=True)
    # DOIT's approval
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người phê duyệt"),
    )
    approved_at = models.DateTimeField(_("phê duyệt lúc"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người tạo"),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = CaseStudyQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[options])

    class Meta:
        verbose_name = _("mô hình trình diễn")
        verbose_name_plural = _("mô hình trình diễn")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published")
                | (
                    Q(consent_recorded_at__isnull=False)
                    & Q(approved_at__isnull=False)
                    & Q(published_at__isnull=False)
                ),
                name="case_study_published_has_consent_and_approval",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def has_consent(self) -> bool:
        return self.consent_recorded_at is not None

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED
