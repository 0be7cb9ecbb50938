"""Factories for tasks, periods, progress and activities (issue 3, assignments)."""

from __future__ import annotations

import datetime as dt

import factory

from assignments.choices import ActivityKind, ProgressStatus, Recurrence, TaskCategory
from assignments.models import Activity, ProgressUpdate, Task
from programs.choices import PeriodKind
from programs.models import ReportingPeriod, ReportingRegime
from tests.factories import AgencyFactory, LegalDocumentFactory, UserFactory


def default_regime():
    regime = ReportingRegime.objects.filter(is_default=True).first()
    if regime is None:
        regime = ReportingRegime.objects.create(
            code="nd09-2019", name="Nghị định 09/2019", frequency="semiannual", is_default=True
        )
    return regime


def make_periods():
    """The ND 09/2019 periods around the demo dates: 2025, 2025-H1, 2025-H2, 2026-H1, 2026."""
    regime = default_regime()
    rows = [
        ("2025-H1", PeriodKind.H1, 2025, dt.date(2024, 12, 15), dt.date(2025, 6, 14)),
        ("2025-H2", PeriodKind.H2, 2025, dt.date(2025, 6, 15), dt.date(2025, 12, 14)),
        ("2025", PeriodKind.YEAR, 2025, dt.date(2024, 12, 15), dt.date(2025, 12, 14)),
        ("2026-H1", PeriodKind.H1, 2026, dt.date(2025, 12, 15), dt.date(2026, 6, 14)),
        ("2026-H2", PeriodKind.H2, 2026, dt.date(2026, 6, 15), dt.date(2026, 12, 14)),
        ("2026", PeriodKind.YEAR, 2026, dt.date(2025, 12, 15), dt.date(2026, 12, 14)),
    ]
    periods = {}
    for key, kind, year, start, end in rows:
        periods[key], _ = ReportingPeriod.objects.get_or_create(
            regime=regime,
            key=key,
            defaults={
                "kind": kind,
                "year": year,
                "starts_on": start,
                "ends_on": end,
                "due_on": end + dt.timedelta(days=5),
            },
        )
    return periods


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
    agency = factory.LazyAttribute(lambda o: o.task.lead_agency)
    period = factory.LazyFunction(lambda: make_periods()["2026-H1"])
    status = ProgressStatus.IN_PROGRESS
    percent = 50
    narrative = "Đã tổ chức 2 lớp tập huấn."
    author = factory.SubFactory(UserFactory, agency=factory.SelfAttribute("..agency"))


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    agency = factory.SubFactory(AgencyFactory)
    kind = ActivityKind.TRAINING
    title = factory.Sequence(lambda n: f"Lớp tập huấn sản xuất sạch hơn số {n}")
    held_on = dt.date(2026, 3, 10)
    participants = 40
    author = factory.SubFactory(UserFactory, agency=factory.SelfAttribute("..agency"))
