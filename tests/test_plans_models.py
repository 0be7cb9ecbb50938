"""The plan's invariants below the services: money splits, constraints, the lock on every path."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assignments.choices import FundingSource
from assignments.locks import LockedError
from config.money import format_vnd
from plans.choices import PlanStatus
from plans.models import PlanBudgetLine, PlanItem, PlanVersion
from tests.factories import (
    DECISION,
    AgencyFactory,
    PlanBudgetLineFactory,
    PlanItemFactory,
    PlanVersionFactory,
)

pytestmark = pytest.mark.django_db


def _approve_in_db(version):
    """Move a version to APPROVED the way plan_approve leaves it (lines appraised = approved)."""
    for line in PlanBudgetLine.objects.filter(item__version=version):
        PlanBudgetLine.objects.filter(pk=line.pk).update(
            appraised_vnd=line.planned_vnd, approved_vnd=line.planned_vnd
        )
    PlanVersion.objects.filter(pk=version.pk).update(status=PlanStatus.APPROVED, **DECISION)
    version.refresh_from_db()
    return version


def test_money_is_formatted_with_dots_and_dong():
    assert format_vnd(1234567) == "1.234.567 đồng"
    assert format_vnd(0) == "0 đồng"
    assert format_vnd(None) == "—"


def test_budget_split_cannot_exceed_the_items_total_on_any_path():
    item = PlanItemFactory(total_vnd=100_000_000)
    PlanBudgetLineFactory(
        item=item, funding_source=FundingSource.KHUYEN_CONG, planned_vnd=60_000_000
    )
    with pytest.raises(ValidationError, match="vượt tổng kinh phí"):
        PlanBudgetLineFactory(
            item=item, funding_source=FundingSource.LOCAL_BUDGET, planned_vnd=40_000_001
        )
    with pytest.raises(ValidationError, match="100.000.000 đồng"):
        PlanBudgetLine.objects.bulk_create(
            [PlanBudgetLine(item=item, funding_source=FundingSource.DONOR, planned_vnd=50_000_000)]
        )
    with pytest.raises(ValidationError):
        PlanBudgetLine.objects.filter(item=item).update(planned_vnd=100_000_001)
    item.total_vnd = 50_000_000
    with pytest.raises(ValidationError):
        item.save()
    # exactly the total is fine
    PlanBudgetLineFactory(
        item=item, funding_source=FundingSource.LOCAL_BUDGET, planned_vnd=40_000_000
    )
    assert sum(PlanBudgetLine.objects.filter(item=item).values_list("planned_vnd", flat=True)) == (
        100_000_000
    )


def test_appraised_amount_cannot_exceed_planned_in_the_database():
    line = PlanBudgetLineFactory(planned_vnd=10_000_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanBudgetLine.objects.filter(pk=line.pk).update(appraised_vnd=10_000_001)


def test_month_must_lie_in_the_quarter():
    item = PlanItemFactory(quarter=2, month=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanItem.objects.filter(pk=item.pk).update(month=7)


def test_one_open_version_per_plan():
    version = PlanVersionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanVersionFactory(plan=version.plan, number=2, based_on=version, revision_reason="x")


def test_an_approved_version_needs_its_decision():
    version = PlanVersionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanVersion.objects.filter(pk=version.pk).update(status=PlanStatus.APPROVED)


def test_approved_version_is_frozen_on_every_path():
    item = PlanItemFactory()
    line = PlanBudgetLineFactory(item=item)
    version = _approve_in_db(item.version)

    version.signer_name = "Nguyễn Văn B"
    with pytest.raises(LockedError, match="phê duyệt"):
        version.save()
    with pytest.raises(LockedError):
        version.delete()
    # a workflow-only update may not make it writable again
    with pytest.raises(LockedError):
        PlanVersion.objects.filter(pk=version.pk).update(status=PlanStatus.DRAFT)
    item.title = "Sửa sau phê duyệt"
    with pytest.raises(LockedError):
        item.save()
    with pytest.raises(LockedError):
        PlanItem.objects.filter(pk=item.pk).update(title="x")
    with pytest.raises(LockedError):
        PlanItem.objects.filter(pk=item.pk).delete()
    with pytest.raises(LockedError):
        PlanBudgetLine.objects.filter(pk=line.pk).update(planned_vnd=1)
    with pytest.raises(LockedError):
        line.delete()
    with pytest.raises(LockedError):
        PlanBudgetLineFactory(item=item, funding_source=FundingSource.DONOR, planned_vnd=1)
    with pytest.raises(LockedError), transaction.atomic():
        item.coordinating_agencies.add(AgencyFactory())
    item.refresh_from_db()
    assert item.title != "Sửa sau phê duyệt"
    # its own later steps are allowed (status only, to another frozen state)
    assert PlanVersion.objects.filter(pk=version.pk).update(status=PlanStatus.EXECUTING) == 1


def test_draft_items_stay_editable():
    item = PlanItemFactory()
    item.title = "Đổi tên khi còn dự thảo"
    item.save()
    item.coordinating_agencies.add(AgencyFactory())
    assert PlanItem.objects.get(pk=item.pk).title == "Đổi tên khi còn dự thảo"


def test_admin_refuses_to_change_an_approved_item(client, admin_user):
    item = PlanItemFactory(title="Nội dung đã duyệt")
    PlanBudgetLineFactory(item=item)
    _approve_in_db(item.version)
    client.force_login(admin_user)
    url = f"/quan-tri/plans/planitem/{item.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Nội dung đã duyệt" in page.content.decode()
    assert 'name="title"' not in page.content.decode()  # read-only
    response = client.post(url, {"title": "Đổi"})
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.title == "Nội dung đã duyệt"
    delete = client.post(f"/quan-tri/plans/planitem/{item.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    assert PlanItem.objects.filter(pk=item.pk).exists()


def test_admin_shows_an_over_total_split_as_a_form_error(client, admin_user):
    item = PlanItemFactory(total_vnd=10_000_000)
    client.force_login(admin_user)
    url = f"/quan-tri/plans/planitem/{item.pk}/change/"
    data = {
        "task": item.task_id,
        "title": item.title,
        "lead_agency": item.lead_agency_id,
        "quarter": 2,
        "month": "",
        "total_vnd": 10_000_000,
        "order": 1,
        "note": "",
        "deliverables-TOTAL_FORMS": 0,
        "deliverables-INITIAL_FORMS": 0,
        "budget_lines-TOTAL_FORMS": 1,
        "budget_lines-INITIAL_FORMS": 0,
        "budget_lines-0-funding_source": FundingSource.KHUYEN_CONG,
        "budget_lines-0-planned_vnd": 10_000_001,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "vượt tổng kinh phí" in response.content.decode()
    assert not PlanBudgetLine.objects.filter(item=item).exists()
