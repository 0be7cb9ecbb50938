"""Factories for the dashboard and indicator tests (built on the models, not on other services)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from assignments.choices import ActivityKind, FundingSource, ProgressStatus, Recurrence
from assignments.models import Activity, ProgressUpdate, Task
from enterprises.choices import AssessmentKind, AssessmentStatus, OptionCategory, OptionStatus
from enterprises.models import Assessment, Enterprise, Locality, Option, VsicCode
from programs.choices import Comparison, DocumentKind, IndicatorComputation, PeriodKind
from programs.models import Indicator, ReportingPeriod, Target
from reports.choices import ReportStatus
from reports.models import AgencyReport, IndicatorValue, SxshOfficer
from tests.factories import (
    AgencyFactory,
    LegalDocumentFactory,
    ReportingRegimeFactory,
    UserFactory,
)


class PeriodFactory(factory.django.DjangoModelFactory):
    """Calendar half-years by default: ``PeriodFactory(year=2025, kind="h1")``."""

    class Meta:
        model = ReportingPeriod
        django_get_or_create = ("regime", "key")

    regime = factory.SubFactory(ReportingRegimeFactory)
    year = 2025
    kind = PeriodKind.H1
    key = factory.LazyAttribute(
        lambda p: str(p.year) if p.kind == PeriodKind.YEAR else f"{p.year}-{p.kind.upper()}"
    )
    starts_on = factory.LazyAttribute(
        lambda p: dt.date(p.year, 7, 1) if p.kind == PeriodKind.H2 else dt.date(p.year, 1, 1)
    )
    ends_on = factory.LazyAttribute(
        lambda p: dt.date(p.year, 6, 30) if p.kind == PeriodKind.H1 else dt.date(p.year, 12, 31)
    )
    due_on = factory.LazyAttribute(lambda p: p.ends_on + dt.timedelta(days=15))


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.LazyAttribute(lambda i: i.computation.replace("_", "-"))
    name = factory.Sequence(lambda n: f"Chỉ tiêu thử {n}")
    unit = "%"
    computation = IndicatorComputation.MANUAL


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


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    document = factory.SubFactory(NationalStrategyFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    milestone_year = 2020
    comparison = Comparison.AT_LEAST
    value_min = Decimal(50)
    value_max = None


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

    tax_code = factory.Sequence(lambda n: f"{1000000000 + n}")
    name = factory.Sequence(lambda n: f"Công ty TNHH Thử nghiệm {n:04d}")
    has_sxsh_potential = True


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    enterprise = factory.SubFactory(EnterpriseFactory)
    assessed_on = dt.date(2024, 3, 1)
    kind = AssessmentKind.DETAILED
    status = AssessmentStatus.COMPLETED
    baseline_energy_kwh = Decimal(100)
    baseline_material_t = Decimal(2)


class OptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Option

    assessment = factory.SubFactory(AssessmentFactory)
    category = OptionCategory.GOOD_HOUSEKEEPING
    description = "Sửa rò rỉ hơi, cách nhiệt đường ống"
    status = OptionStatus.IMPLEMENTED
    implemented_on = dt.date(2024, 6, 1)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    agency = factory.SubFactory(AgencyFactory)
    kind = ActivityKind.TRAINING
    title = factory.Sequence(lambda n: f"Lớp tập huấn SXSH số {n}")
    held_on = dt.date(2024, 5, 10)
    cost_vnd = Decimal(0)
    funding_source = FundingSource.KHUYEN_CONG
    author = factory.SubFactory(UserFactory, agency=factory.SelfAttribute("..agency"))

    @factory.post_generation
    def enterprises(self, create, extracted, **kwargs):
        if create and extracted:
            self.enterprises.add(*extracted)


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


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    document = factory.SubFactory(LegalDocumentFactory)
    ref = factory.Sequence(lambda n: f"{n}.a")
    text = "Tuyên truyền, phổ biến về sản xuất sạch hơn"
    lead_agency = factory.SubFactory(AgencyFactory)
    recurrence = Recurrence.ONCE
    due_on = dt.date(2025, 12, 31)


class ProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    task = factory.SubFactory(TaskFactory)
    agency = factory.SelfAttribute("task.lead_agency")
    period = factory.SubFactory(PeriodFactory)
    status = ProgressStatus.IN_PROGRESS
    percent = 50
    narrative = "Đã triển khai"
    author = factory.SubFactory(UserFactory, agency=factory.SelfAttribute("..agency"))


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
