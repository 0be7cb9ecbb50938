"""Factories for the reporting cycle (periods, agency reports)."""

from __future__ import annotations

import datetime as dt

import factory

from programs.choices import PeriodKind, ReportingFrequency
from programs.models import ReportingPeriod, ReportingRegime
from reports.models import AgencyReport


def nd09_regime() -> ReportingRegime:
    """The default regime created by the programs migration (ND 09/2019)."""
    return ReportingRegime.objects.get(code="nd09-2019")


class CalendarRegimeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingRegime
        django_get_or_create = ("code",)

    code = "calendar"
    name = "Báo cáo theo năm dương lịch"
    frequency = ReportingFrequency.SEMIANNUAL
    year_start_month = 1
    year_start_day = 1
    half_split_month = 7
    half_split_day = 1
    due_days_after_end = 10


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod
        django_get_or_create = ("regime", "key")

    regime = factory.LazyFunction(nd09_regime)
    key = "2026-H1"
    kind = PeriodKind.H1
    year = 2026
    starts_on = dt.date(2025, 12, 15)
    ends_on = dt.date(2026, 6, 14)
    due_on = dt.date(2026, 6, 19)


class AgencyReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyReport

    period = factory.SubFactory(ReportingPeriodFactory)


# --- the data a report is pre-filled from (kept here so these tests do not depend on the
# --- other issues' factories, which are being written in parallel)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "assignments.Task"

    document = factory.SubFactory("tests.factories.LegalDocumentFactory")
    ref = factory.Sequence(lambda n: f"{n}.a")
    text = "Tuyên truyền, phổ biến về sản xuất sạch hơn"
    lead_agency = factory.SubFactory("tests.factories.AgencyFactory")


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "assignments.ProgressUpdate"

    task = factory.SubFactory(TaskFactory)
    agency = factory.LazyAttribute(lambda o: o.task.lead_agency)
    period = factory.SubFactory(ReportingPeriodFactory)
    status = "in_progress"
    percent = 50
    narrative = "Đang triển khai"
    author = factory.SubFactory("tests.factories.UserFactory")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "assignments.Activity"

    agency = factory.SubFactory("tests.factories.AgencyFactory")
    kind = "training"
    title = "Lớp tập huấn sản xuất sạch hơn"
    held_on = dt.date(2026, 3, 10)
    quantity = 1
    participants = 0
    cost_vnd = 0
    funding_source = "khuyen_cong"
    author = factory.SubFactory("tests.factories.UserFactory")


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "enterprises.Enterprise"

    tax_code = factory.Sequence(lambda n: f"{1600000000 + n}")
    name = factory.Sequence(lambda n: f"Công ty TNHH Thủy sản số {n}")
