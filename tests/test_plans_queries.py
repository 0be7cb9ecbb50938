"""The plan page issues a fixed number of queries whatever the size of the plan.

Queries of ``plans:version_detail`` for DOIT:
  1 session   2 user with its agency   3 user's groups
  4 the version (with plan and the version it revises)
  5–9 plan_execution: items (lead agency, task, document), coordinating agencies, budget lines,
      deliverables, linked activities grouped by item lineage × source × kind × quarter
  10 the items the user may see   11 the plan's versions   12 the transitions (with actors)
"""

from __future__ import annotations

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.synthetic_plans import seed_plan
from tests.factories import TaskFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

EXPECTED_QUERIES = 12


def _plan(n_items, n_activities, agency_a, staff_a, doit):
    for _ in range(4):
        TaskFactory(lead_agency=agency_a)
    result = seed_plan(
        year=2026,
        doit_user=doit,
        staff={agency_a.pk: staff_a},
        rng=random.Random(1),  # noqa: S311
        items=n_items,
        activities=n_activities,
    )
    return result["version"]


@pytest.mark.parametrize(("items", "activities"), [(3, 10), (60, 400)])
def test_plan_page_query_count_is_fixed(client_for, doit, agency_a, staff_a, items, activities):
    version = _plan(items, activities, agency_a, staff_a, doit)
    client = client_for(doit)
    url = reverse("plans:version_detail", args=[version])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert f"(nội dung {min(items, 50)})" in body  # the page's last item (50 a page)
    assert f"(nội dung {min(items, 50) + 1})" not in body
    assert "Đang thực hiện" in body
    assert len(queries.captured_queries) == EXPECTED_QUERIES, [
        q["sql"][:120] for q in queries.captured_queries
    ]
    if items > 50:  # the next page: the same queries, the remaining items
        with CaptureQueriesContext(connection) as second:
            page2 = client.get(url + "?page=2")
        assert f"(nội dung {items})" in page2.content.decode()
        assert len(second.captured_queries) == EXPECTED_QUERIES


def test_agency_user_page_has_the_same_count(client_for, doit, agency_a, staff_a):
    version = _plan(20, 50, agency_a, staff_a, doit)
    client = client_for(UserFactory(agency=agency_a, roles=["agency_staff"]))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("plans:version_detail", args=[version]))
    assert response.status_code == 200 and "(nội dung 20)" in response.content.decode()
    assert len(queries.captured_queries) == EXPECTED_QUERIES, "\n".join(
        q["sql"][:150] for q in queries.captured_queries
    )
