"""Public documents (in force / replaced, searchable, task counts only) and the home's programme
figures, which are the dashboard's own (reports.indicators)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assignments.choices import ProgressStatus
from enterprises.choices import OptionStatus
from programs.choices import IndicatorComputation
from reports import indicators
from tests.factories import (
    ActivityFactory,
    EnterpriseFactory,
    IndicatorFactory,
    LegalDocumentFactory,
    OptionFactory,
    ProgressFactory,
    TargetFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db


def test_documents_in_force_and_replaced_and_search(client):
    new = LegalDocumentFactory(number="15/2026/QĐ-UBND", title="Kế hoạch SXSH giai đoạn mới")
    old = LegalDocumentFactory(
        number="86/QĐ-UBND", title="Chương trình hành động SXSH cũ", replaced_by=new
    )
    LegalDocumentFactory(number="99/CT", title="Chỉ thị khác", original_text="tiết kiệm nước")
    page = client.get(reverse("public:document_list")).content.decode()
    assert "15/2026/QĐ-UBND" in page and "86/QĐ-UBND" in page
    in_force = client.get(reverse("public:document_list") + "?hieu-luc=con").content.decode()
    assert "15/2026/QĐ-UBND" in in_force and "86/QĐ-UBND" not in in_force
    replaced = client.get(reverse("public:document_list") + "?hieu-luc=het").content.decode()
    assert "86/QĐ-UBND" in replaced and "15/2026/QĐ-UBND" not in replaced
    found = client.get(reverse("public:document_list") + "?q=tiết kiệm nước").content.decode()
    assert "99/CT" in found and "86/QĐ-UBND" not in found
    detail = client.get(reverse("public:document_detail", args=[old.pk])).content.decode()
    assert "Đã được thay thế" in detail
    assert reverse("public:document_detail", args=[new.pk]) in detail


def test_document_tasks_in_aggregate_never_narratives(client):
    doc = LegalDocumentFactory(original_text="Điều 1. Toàn văn của chỉ thị.")
    a = TaskFactory(document=doc, ref="2.a", due_on=dt.date(2020, 1, 1))  # overdue
    b = TaskFactory(document=doc, ref="2.a", text=a.text, due_on=dt.date(2099, 1, 1))
    c = TaskFactory(document=doc, ref="3", text="Bố trí kinh phí", due_on=dt.date(2099, 1, 1))
    ProgressFactory(task=b, status=ProgressStatus.IN_PROGRESS, narrative="NOI-BO-B")
    ProgressFactory(task=c, status=ProgressStatus.DONE, percent=100, narrative="NOI-BO-C")
    response = client.get(reverse("public:document_detail", args=[doc.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Điều 1. Toàn văn của chỉ thị." in page
    assert "NOI-BO" not in page
    assert a.lead_agency.name not in page and b.lead_agency.name not in page
    row_2a = page.split('<td class="ref">2.a</td>', 1)[1].split("</tr>", 1)[0]
    # done, in progress, overdue, not started
    assert [c.split("<")[0] for c in row_2a.split('<td class="num">')[1:]] == ["0", "1", "1", "0"]
    row_3 = page.split('<td class="ref">3</td>', 1)[1].split("</tr>", 1)[0]
    assert [c.split("<")[0] for c in row_3.split('<td class="num">')[1:]] == ["1", "0", "0", "0"]


def test_document_page_queries_do_not_grow_with_tasks(client):
    doc = LegalDocumentFactory()
    TaskFactory(document=doc)

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("public:document_detail", args=[doc.pk])).status_code == 200
        return len(queries)

    small = count()
    for task in TaskFactory.create_batch(25, document=doc):
        ProgressFactory(task=task)
    assert count() == small <= 8


def test_home_figures_are_the_dashboards(client):
    for _ in range(3):
        EnterpriseFactory(has_sxsh_potential=True)
    informed = EnterpriseFactory(has_sxsh_potential=True)
    ActivityFactory(held_on=dt.date(2025, 1, 10)).enterprises.add(informed)
    OptionFactory(
        annual_saving_vnd=2_500_000_000,
        assessment__enterprise=informed,
        status=OptionStatus.IMPLEMENTED,
        implemented_on=dt.date(2024, 6, 1),
    )
    indicator = IndicatorFactory(
        computation=IndicatorComputation.SHARE_INFORMED, name="Tỷ lệ cơ sở được phổ biến"
    )
    TargetFactory(indicator=indicator, milestone_year=2030)
    today = dt.date.today()
    stage = indicators.sum_counts(indicators.enterprise_stage_counts(today))
    page = client.get("/").content.decode()
    assert stage["informed"] == 1 and stage["potential"] == 4
    assert "trên 4 cơ sở có tiềm năng" in page
    assert "2,5 tỷ đồng" in page
    assert "Tỷ lệ cơ sở được phổ biến" in page and "25,0 %" in page


def test_home_queries_do_not_grow_with_the_registry(client):
    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/")
        assert response.status_code == 200
        assert "Kết quả chương trình" in response.content.decode()
        return len(queries)

    OptionFactory()
    small = count()
    for _ in range(20):
        OptionFactory(annual_saving_vnd=1_000_000)
    EnterpriseFactory.create_batch(30)
    assert count() == small <= 16
