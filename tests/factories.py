"""factory_boy factories for the domain models, one per model. Reference data (role groups, the
default ND 09/2019 reporting regime, VSIC codes, localities) comes from migrations and fixtures/.

Periods are never written by hand here: they come from the app's calendar
(``programs.periods.period_windows`` / ``periods_generate``), so a test period has the window
and due date of a real one. ``build_world`` makes one object of every kind a URL names.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.choices import AgencyKind
from accounts.models import Agency, User
from accounts.roles import Role
from assignments.choices import (
    ActivityKind,
    FundingSource,
    ProgressStatus,
    Recurrence,
    TaskCategory,
)
from assignments.models import (
    Activity,
    EventRegistration,
    Evidence,
    ProgressUpdate,
    PublicEvent,
    Task,
)
from enterprises.choices import AssessmentKind, OptionCategory, OptionStatus
from enterprises.models import (
    Assessment,
    CaseStudy,
    CompanyAccess,
    Enterprise,
    ImportJob,
    Locality,
    Option,
    VsicCode,
)
from enterprises.rules import build_search_text, tax_code_check_digit
from plans.choices import DeliverableKind
from plans.models import Plan, PlanBudgetLine, PlanDeliverable, PlanItem, PlanVersion
from programs.choices import (
    Comparison,
    DocumentKind,
    IndicatorComputation,
    PeriodKind,
    ReportingFrequency,
)
from programs.models import Indicator, LegalDocument, ReportingPeriod, ReportingRegime, Target
from programs.periods import period_windows, periods_generate
from public.models import NewsArticle, Provider, ProviderKind, PublishStatus, TechnicalGuide
from reports.choices import ReportStatus
from reports.models import AgencyReport, ConsolidatedReport, IndicatorValue, SxshOfficer

# --- accounts -------------------------------------------------------------------------------


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Sở Thử nghiệm số {n}")
    short_name = factory.Sequence(lambda n: f"STN{n}")
    kind = AgencyKind.DEPARTMENT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Văn A"
    last_name = "Nguyễn"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.vn")
    agency = factory.SubFactory(AgencyFactory)
    password = factory.PostGenerationMethodCall("set_password", "Mat-khau-thu-2026")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create:
            return
        # saved here, after set_password, because skip_postgeneration_save is on
        self.save()
        if extracted:
            self.groups.add(*[Group.objects.get(name=name) for name in extracted])


# --- programs: documents, indicators, targets, regimes and periods ---------------------------


class LegalDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalDocument

    kind = DocumentKind.CHI_THI
    number = factory.Sequence(lambda n: f"{n}/2024/CT-UBND")
    title = "Về việc đẩy mạnh áp dụng sản xuất sạch hơn trong công nghiệp"
    issuer = "UBND tỉnh An Giang"
    signed_on = dt.date(2024, 3, 1)
    reporting_frequency = ReportingFrequency.SEMIANNUAL


class NationalStrategyFactory(LegalDocumentFactory):
    kind = DocumentKind.QD_TTG
    number = "1419/QĐ-TTg"
    title = "Chiến lược sản xuất sạch hơn trong công nghiệp đến năm 2020"
    issuer = "Thủ tướng Chính phủ"
    is_national = True
    signed_on = dt.date(2009, 9, 7)
    effective_on = dt.date(2009, 9, 7)
    period_start_year = 2009
    period_end_year = 2020


class ReportingRegimeFactory(factory.django.DjangoModelFactory):
    """The default regime (ND 09/2019), as the programs migration made it."""

    class Meta:
        model = ReportingRegime
        django_get_or_create = ("code",)

    code = "nd09-2019"
    name = "Chế độ báo cáo định kỳ theo Nghị định 09/2019/NĐ-CP"
    frequency = ReportingFrequency.SEMIANNUAL
    is_default = True


class CalendarRegimeFactory(ReportingRegimeFactory):
    """A calendar-year regime (1/1 – 31/12, halves split on 1/7), not the default."""

    code = "calendar"
    name = "Báo cáo theo năm dương lịch"
    is_default = False
    year_start_month = 1
    year_start_day = 1
    half_split_month = 7
    half_split_day = 1
    due_days_after_end = 10


def _window(period) -> tuple[str, str, dt.date, dt.date]:
    """``(key, kind, starts_on, ends_on)`` of the factory's period, from the regime's calendar."""
    windows = period_windows(regime=period.regime, year=period.year)
    return next(w for w in windows if w[1] == period.kind)


class PeriodFactory(factory.django.DjangoModelFactory):
    """One period of the regime's calendar: ``PeriodFactory(year=2025, kind=PeriodKind.H2)``.

    The window comes from ``programs.periods.period_windows`` (ND 09/2019 by default: 2026-H1 is
    15/12/2025 – 14/06/2026, due 19/06/2026). Only the period asked for is made, so a test says
    which periods exist; ``make_periods`` makes whole years, as ``periods_generate`` does.
    """

    class Meta:
        model = ReportingPeriod
        django_get_or_create = ("regime", "key")

    regime = factory.SubFactory(ReportingRegimeFactory)
    year = 2026
    kind = PeriodKind.H1
    key = factory.LazyAttribute(lambda p: _window(p)[0])
    starts_on = factory.LazyAttribute(lambda p: _window(p)[2])
    ends_on = factory.LazyAttribute(lambda p: _window(p)[3])
    due_on = factory.LazyAttribute(
        lambda p: p.ends_on + dt.timedelta(days=p.regime.due_days_after_end)
    )


def make_periods(regime: ReportingRegime | None = None) -> dict[str, ReportingPeriod]:
    """The periods of 2025 and 2026 by key (``2025``, ``2025-H1`` … ``2026-H2``), default regime."""
    regime = regime or ReportingRegimeFactory()
    return {p.key: p for year in (2025, 2026) for p in periods_generate(regime=regime, year=year)}


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.LazyAttribute(lambda i: i.computation.replace("_", "-"))
    name = factory.Sequence(lambda n: f"Chỉ tiêu thử {n}")
    unit = "%"
    computation = IndicatorComputation.MANUAL


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    document = factory.SubFactory(NationalStrategyFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    milestone_year = 2020
    comparison = Comparison.AT_LEAST
    value_min = Decimal(50)
    value_max = None


# --- enterprises ----------------------------------------------------------------------------

_serial = itertools.count(1)


def valid_tax_code(n: int | None = None, *, prefix: str = "16") -> str:
    """The n-th test tax code, with a correct check digit (An Giang codes start with 16).

    Uses serial 2n, or 2n+1 when 2n has no valid check digit: their weighted sums differ by 3
    (mod 11), so one of the two always works and different n never collide.
    """
    n = next(_serial) if n is None else n
    for serial in (2 * n, 2 * n + 1):
        body = f"{prefix}{serial:07d}"
        digit = tax_code_check_digit(body)
        if digit is not None:
            return body + digit
    raise AssertionError("unreachable: one of two consecutive serials has a check digit")


class LocalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{30000 + n}")
    name = factory.Sequence(lambda n: f"Xã Thử {n}")


class VsicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VsicCode
        django_get_or_create = ("code",)

    code = "C"
    name = "Công nghiệp chế biến, chế tạo"
    level = "section"
    section = "C"


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    tax_code = factory.LazyFunction(valid_tax_code)
    name = factory.Sequence(lambda n: f"Công ty TNHH Chế biến Thủy sản Số {n}")
    vsic = factory.LazyFunction(lambda: VsicCode.objects.filter(code="1020").first())
    employees = 80
    revenue_million_vnd = Decimal(40_000)
    search_text = factory.LazyAttribute(
        lambda o: build_search_text(name=o.name, tax_code=o.tax_code)
    )


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    enterprise = factory.SubFactory(EnterpriseFactory)
    assessed_on = dt.date(2025, 5, 10)
    kind = AssessmentKind.DETAILED
    consultant = "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp"
    baseline_energy_kwh = Decimal("250")
    baseline_water_m3 = Decimal("12")
    baseline_material_t = Decimal("1.5")


class OptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Option

    assessment = factory.SubFactory(AssessmentFactory)
    category = OptionCategory.GOOD_HOUSEKEEPING
    description = "Lắp đồng hồ nước từng khu vực, sửa rò rỉ đường ống"
    status = OptionStatus.PROPOSED
    investment_vnd = Decimal(60_000_000)
    annual_saving_vnd = Decimal(40_000_000)
    energy_saving_kwh = Decimal("20")
    water_saving_m3 = Decimal("1.2")


# --- assignments: tasks, progress, activities, evidence -------------------------------------

#: the smallest file the upload guard takes for a PDF
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task
        skip_postgeneration_save = True

    document = factory.SubFactory(LegalDocumentFactory)
    ref = factory.Sequence(lambda n: f"{n % 9 + 1}.{'abcdeg'[n % 6]}{n}")
    text = factory.Sequence(
        lambda n: f"Tổ chức tuyên truyền, phổ biến sản xuất sạch hơn (nhiệm vụ {n})."
    )
    lead_agency = factory.SubFactory(AgencyFactory)
    category = TaskCategory.AWARENESS
    recurrence = Recurrence.ONCE
    due_on = dt.date(2026, 12, 31)

    @factory.post_generation
    def coordinating(self, create, extracted, **kwargs):
        if create and extracted:
            self.coordinating_agencies.add(*extracted)


class ProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    task = factory.SubFactory(TaskFactory)
    agency = factory.SelfAttribute("task.lead_agency")
    period = factory.SubFactory(PeriodFactory)
    status = ProgressStatus.IN_PROGRESS
    percent = 50
    narrative = "Đã tổ chức 2 lớp tập huấn."
    author = factory.SubFactory(UserFactory, agency=factory.SelfAttribute("..agency"))


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    agency = factory.SubFactory(AgencyFactory)
    kind = ActivityKind.TRAINING
    title = factory.Sequence(lambda n: f"Lớp tập huấn sản xuất sạch hơn số {n}")
    held_on = dt.date(2026, 3, 10)
    participants = 40
    cost_vnd = Decimal(0)
    funding_source = FundingSource.KHUYEN_CONG
    author = factory.SubFactory(UserFactory, agency=factory.SelfAttribute("..agency"))

    @factory.post_generation
    def enterprises(self, create, extracted, **kwargs):
        if create and extracted:
            self.enterprises.add(*extracted)


class EvidenceFactory(factory.django.DjangoModelFactory):
    """A PDF attached to a progress update, or to an activity with ``activity=…, progress=None``;
    the file is stored under the name the model generates."""

    class Meta:
        model = Evidence

    progress = factory.SubFactory(ProgressFactory)
    activity = None
    agency = factory.LazyAttribute(lambda e: (e.progress or e.activity).agency)
    original_name = "bien-ban.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    file = factory.django.FileField(filename="bien-ban.pdf", data=PDF_BYTES)
    uploaded_by = factory.LazyAttribute(lambda e: (e.progress or e.activity).author)


# --- reports --------------------------------------------------------------------------------


class AgencyReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyReport

    agency = factory.SubFactory(AgencyFactory)
    period = factory.SubFactory(PeriodFactory)
    status = ReportStatus.DRAFT


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    period = factory.SubFactory(PeriodFactory)
    value = Decimal("42.5")
    entered_by = factory.SubFactory(UserFactory)


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SxshOfficer
        skip_postgeneration_save = True

    agency = factory.SubFactory(AgencyFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Cán Bộ {n}")
    position = "Chuyên viên"
    since = dt.date(2023, 1, 1)

    @factory.post_generation
    def trainings(self, create, extracted, **kwargs):
        if create and extracted:
            self.trainings.add(*extracted)


# --- one object of agency A for every kind of URL parameter -------------------------------


@dataclass
class World:
    period: ReportingPeriod
    document: LegalDocument
    task: Task
    progress: ProgressUpdate
    activity: Activity
    evidence: Evidence
    enterprise: Enterprise
    assessment: Assessment
    option: Option
    report: AgencyReport
    consolidated: ConsolidatedReport
    indicator: Indicator
    officer: SxshOfficer
    import_job: ImportJob


def build_world(*, agency_a, staff_a, doit) -> World:
    """One object of every kind a URL names, all owned by agency A (authorization matrix,
    exports, audit): staff of agency B must get 404 on each of them."""
    period = PeriodFactory(year=2026, kind=PeriodKind.H1)
    document = LegalDocumentFactory(
        number="11/2026/CT-UBND",
        title="Về việc đẩy mạnh sản xuất sạch hơn trong công nghiệp",
        issuer="UBND tỉnh",
        signed_on=dt.date(2026, 1, 5),
    )
    task = TaskFactory(
        document=document,
        ref="1.a",
        text="Tuyên truyền, phổ biến sản xuất sạch hơn cho cơ sở sản xuất.",
        lead_agency=agency_a,
    )
    progress = ProgressFactory(
        task=task,
        period=period,
        percent=40,
        narrative="Đã tổ chức 2 lớp tập huấn (ghi chú nội bộ của đơn vị A).",
        author=staff_a,
    )
    activity = ActivityFactory(
        agency=agency_a,
        task=task,
        title="Tập huấn sản xuất sạch hơn cho doanh nghiệp",
        author=staff_a,
    )
    evidence = EvidenceFactory(progress=progress)
    enterprise = EnterpriseFactory(name="Công ty TNHH Thủy sản Sạch Hơn", vsic=None)
    assessment = AssessmentFactory(
        enterprise=enterprise,
        assessed_on=dt.date(2026, 2, 1),
        kind=AssessmentKind.QUICK,
        baseline_energy_kwh=Decimal("100"),
    )
    option = OptionFactory(assessment=assessment, description="Sửa rò rỉ hơi nước")
    report = AgencyReportFactory(agency=agency_a, period=period)
    consolidated, _ = ConsolidatedReport.objects.get_or_create(period=period)
    indicator = Indicator.objects.order_by("order", "code").first() or IndicatorFactory(
        code="ty-le-pho-bien", name="Tỷ lệ cơ sở được phổ biến SXSH"
    )
    officer = OfficerFactory(agency=agency_a, full_name="Trần Văn Sạch", since=dt.date(2025, 1, 1))
    import_job = ImportJob.objects.create(
        created_by=doit, file_name="imports/khong-co.xlsx", original_name="danh-sach.xlsx"
    )
    return World(
        period=period,
        document=document,
        task=task,
        progress=progress,
        activity=activity,
        evidence=evidence,
        enterprise=enterprise,
        assessment=assessment,
        option=option,
        report=report,
        consolidated=consolidated,
        indicator=indicator,
        officer=officer,
        import_job=import_job,
    )


class CompanyAccessFactory(factory.django.DjangoModelFactory):
    """An enterprise user's access to a company (the user gets the enterprise_user role)."""

    class Meta:
        model = CompanyAccess

    user = factory.SubFactory(UserFactory, agency=None, roles=[Role.ENTERPRISE_USER])
    tax_code = factory.LazyFunction(valid_tax_code)


# --- public site content ----------------------------------------------------------------------


class _Publishable(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Doanh nghiệp chế biến thuỷ sản tiết kiệm điện, bài {n}")
    slug = factory.Sequence(lambda n: f"bai-{n}")
    summary = "Giảm 18 % điện năng nhờ thu hồi nhiệt và sửa rò rỉ khí nén."
    status = PublishStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(status=PublishStatus.DRAFT, published_at=None)


class NewsFactory(_Publishable):
    class Meta:
        model = NewsArticle

    body = "<p>Sau đánh giá SXSH, công ty đã thực hiện 12 giải pháp.</p>"


class GuideFactory(_Publishable):
    class Meta:
        model = TechnicalGuide

    title = factory.Sequence(lambda n: f"Hướng dẫn SXSH ngành chế biến thực phẩm, phần {n}")
    slug = factory.Sequence(lambda n: f"huong-dan-{n}")
    division = "10"
    body = "<h2>Giải pháp quản lý nội vi</h2><p>Sửa rò rỉ hơi, nước.</p>"


class ProviderFactory(_Publishable):
    class Meta:
        model = Provider

    title = factory.Sequence(lambda n: f"Công ty Tư vấn Môi trường Xanh {n}")
    slug = factory.Sequence(lambda n: f"don-vi-{n}")
    kind = ProviderKind.CONSULTANT
    divisions = "10, 13"
    phone = "0296 3 000 000"


# --- public events and case studies -----------------------------------------------------------


class PublicEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicEvent

    activity = factory.SubFactory(
        ActivityFactory,
        held_on=factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(30)),
    )
    is_public = True
    title = factory.LazyAttribute(lambda o: o.activity.title)
    summary = "Giới thiệu sản xuất sạch hơn cho doanh nghiệp chế biến thực phẩm."
    place = "Hội trường Sở Công Thương"
    starts_at = factory.LazyAttribute(
        lambda o: timezone.make_aware(dt.datetime.combine(o.activity.held_on, dt.time(8)))
    )
    registration_open = True
    created_by = factory.SubFactory(UserFactory)
    published_at = factory.LazyFunction(timezone.now)


class EventRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventRegistration

    event = factory.SubFactory(PublicEventFactory)
    enterprise_name = factory.Sequence(lambda n: f"Công ty TNHH Đăng Ký Số {n}")
    tax_code = factory.LazyFunction(valid_tax_code)
    contact_name = "Nguyễn Văn Bình"
    email = factory.Sequence(lambda n: f"lienhe{n}@doanhnghiep.example")
    phone = "0909 123 456"


class CaseStudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseStudy

    enterprise = factory.SubFactory(EnterpriseFactory)
    title = factory.Sequence(lambda n: f"Tiết kiệm nước trong chế biến thủy sản (mô hình {n})")
    summary = "Giảm 20 % lượng nước và hoàn vốn trong hai năm."
    problem = "Lượng nước dùng cho mỗi tấn sản phẩm cao gấp đôi mức của ngành."
    story = "<p>Công ty bắt đầu từ việc đo nước từng khu vực.</p>"
    created_by = factory.SubFactory(UserFactory)


# --- annual plan ------------------------------------------------------------------------------


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        django_get_or_create = ("year",)

    year = 2026


class PlanVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanVersion

    plan = factory.SubFactory(PlanFactory)
    number = 1
    created_by = factory.SubFactory(UserFactory)


class PlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanItem

    version = factory.SubFactory(PlanVersionFactory)
    task = factory.SubFactory(TaskFactory)
    lead_agency = factory.LazyAttribute(lambda o: o.task.lead_agency)
    title = factory.Sequence(lambda n: f"Tổ chức lớp tập huấn sản xuất sạch hơn đợt {n}")
    quarter = 2
    total_vnd = 100_000_000
    order = factory.Sequence(lambda n: n + 1)


class PlanBudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanBudgetLine

    item = factory.SubFactory(PlanItemFactory)
    funding_source = FundingSource.KHUYEN_CONG
    planned_vnd = 60_000_000


class PlanDeliverableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanDeliverable

    item = factory.SubFactory(PlanItemFactory)
    kind = DeliverableKind.TRAINING_COURSES
    planned_quantity = 3


def appraiser(username: str = "thu_stc"):
    """Sở Tài chính's appraiser (Role.FINANCE_APPRAISER)."""
    agency = AgencyFactory(name="Sở Tài chính", short_name="STC")
    return UserFactory(
        username=username,
        first_name="Thu",
        last_name="Ngô Thị",
        agency=agency,
        roles=[Role.FINANCE_APPRAISER],
    )


DECISION = {"decision_number": "512/QĐ-UBND", "decision_date": dt.date(2026, 2, 20)}
