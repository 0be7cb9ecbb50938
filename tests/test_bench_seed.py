"""``seed_bench --reset`` on a database it has seeded before (``make bench`` run twice): the
reset empties every table the seeding wrote, the plan's included."""

from __future__ import annotations

import pytest

from assignments.models import Activity, Task
from bench import synthetic
from enterprises.models import Enterprise
from plans.models import ActivityPlanLink, PlanItem

pytestmark = pytest.mark.django_db


def test_reseeding_replaces_everything_including_the_plan():
    synthetic.seed(enterprises=100)
    first = (Enterprise.objects.count(), Task.objects.count(), PlanItem.objects.count())
    assert first[0] == 100 and first[1] > 0 and first[2] > 0
    assert ActivityPlanLink.objects.exists()

    assert synthetic.has_data()
    synthetic.reset()
    assert not PlanItem.objects.exists() and not Activity.objects.exists()
    synthetic.seed(enterprises=100)

    assert (Enterprise.objects.count(), Task.objects.count(), PlanItem.objects.count()) == first
    linked = ActivityPlanLink.objects.values_list("activity_id", flat=True)
    assert set(linked) <= set(Activity.objects.values_list("pk", flat=True))
