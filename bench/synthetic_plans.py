"""The annual plan at benchmark scale: 300 items, 5 funding sources, 2,000 linked activities.

Written in bulk (the plan workflow's services would take minutes at this size): the version is
filled while a draft and then moved to "in execution" with its decision, which is the state the
services leave it in; activities are dated in the year's second half, which no accepted report
freezes, and each is linked to an item its agency leads.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from assignments.choices import ActivityKind, FundingSource
from assignments.models import Activity, Task
from plans.choices import DeliverableKind, PlanStatus
from plans.models import (
    ActivityPlanLink,
    Plan,
    PlanBudgetLine,
    PlanDeliverable,
    PlanItem,
    PlanVersion,
)

ITEMS = 300
ACTIVITIES = 2000
SOURCES = [
    FundingSource.KHUYEN_CONG,
    FundingSource.SCIENCE_TECH,
    FundingSource.ENVIRONMENT,
    FundingSource.LOCAL_BUDGET,
    FundingSource.DONOR,
]
KINDS = {
    ActivityKind.TRAINING: DeliverableKind.TRAINING_COURSES,
    ActivityKind.WORKSHOP: DeliverableKind.WORKSHOPS,
    ActivityKind.CONSULTING: DeliverableKind.ASSESSMENTS,
    ActivityKind.MEDIA: DeliverableKind.MEDIA,
    ActivityKind.DEMONSTRATION: DeliverableKind.DEMONSTRATION_MODELS,
}


def seed_plan(
    *, year: int, doit_user, staff: dict, rng: random.Random, items=ITEMS, activities=ACTIVITIES
):
    """The year's plan in execution; returns ``{"items": n, "links": n}``."""
    tasks = list(Task.objects.filter(lead_agency_id__in=staff).order_by("pk")[: items * 2])
    if not tasks:
        return {"items": 0, "links": 0}
    plan, _created = Plan.objects.get_or_create(year=year)
    version = PlanVersion.objects.create(plan=plan, number=1, created_by=doit_user)
    kinds = list(KINDS)
    rows = []
    for i in range(items):
        task = tasks[i % len(tasks)]
        quarter = 1 + i % 4
        rows.append(
            PlanItem(
                version=version,
                order=i + 1,
                task=task,
                lead_agency_id=task.lead_agency_id,
                title=f"{ActivityKind(kinds[i % len(kinds)]).label} về sản xuất sạch hơn (nội dung {i + 1})",
                quarter=quarter,
                month=quarter * 3 - 2 + i % 3,
                total_vnd=0,
            )
        )
    PlanItem.objects.bulk_create(rows)
    created = list(PlanItem.objects.filter(version=version).order_by("order"))
    lines, outputs, totals = [], [], {}
    for i, item in enumerate(created):
        sources = rng.sample(SOURCES, 1 + i % 3)
        for source in sources:
            amount = rng.randint(5, 120) * 1_000_000
            lines.append(
                PlanBudgetLine(
                    item=item,
                    funding_source=source,
                    planned_vnd=amount,
                    appraised_vnd=amount,
                    approved_vnd=amount,
                )
            )
            totals[item.pk] = totals.get(item.pk, 0) + amount
        outputs.append(
            PlanDeliverable(
                item=item, kind=KINDS[kinds[i % len(kinds)]], planned_quantity=rng.randint(1, 8)
            )
        )
        outputs.append(
            PlanDeliverable(
                item=item, kind=DeliverableKind.PARTICIPANTS, planned_quantity=rng.randint(30, 300)
            )
        )
    for item in created:
        item.total_vnd = totals[item.pk]
    PlanItem.objects.bulk_update(created, ["total_vnd"])
    PlanBudgetLine.objects.bulk_create(lines)
    PlanDeliverable.objects.bulk_create(outputs)
    PlanVersion.objects.filter(pk=version.pk).update(
        status=PlanStatus.EXECUTING,
        decision_number=f"{year % 100 + 300}/QĐ-UBND",
        decision_date=dt.date(year, 2, 10),
    )
    start = dt.date(year, 6, 20)
    span = max(1, (min(dt.date(year, 12, 10), dt.date.today()) - start).days)
    acts = []
    for i in range(activities):
        item = created[i % len(created)]
        kind = kinds[item.order % len(kinds) - 1]
        acts.append(
            Activity(
                agency_id=item.lead_agency_id,
                task_id=item.task_id,
                kind=kind,
                title=f"Hoạt động thực hiện kế hoạch số {i + 1}",
                held_on=start + dt.timedelta(days=rng.randrange(span)),
                quantity=rng.randint(1, 3),
                participants=rng.randint(0, 80),
                cost_vnd=Decimal(rng.randint(1, 40) * 500_000),
                funding_source=rng.choice(SOURCES),
                author=staff[item.lead_agency_id],
            )
        )
    Activity.objects.bulk_create(acts)
    ActivityPlanLink.objects.bulk_create(
        ActivityPlanLink(activity=a, item=created[i % len(created)], linked_by=doit_user)
        for i, a in enumerate(acts)
    )
    return {"items": len(created), "links": len(acts), "version": version.pk}
