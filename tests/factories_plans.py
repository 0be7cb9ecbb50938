"""Factories for the annual plan (issue 16): plans, versions, items, budget lines."""

from __future__ import annotations

import datetime as dt

import factory

from accounts.roles import Role
from assignments.choices import FundingSource
from plans.choices import DeliverableKind
from plans.models import Plan, PlanBudgetLine, PlanDeliverable, PlanItem, PlanVersion
from tests.factories import AgencyFactory, TaskFactory, UserFactory


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
