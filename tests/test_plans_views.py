"""Plan pages: the years, a version with planned vs actual, item drafting, workflow steps,
the revision comparison, scoping (404 outside, 403 for a refused role) and exports."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse

from assignments.choices import ActivityKind, FundingSource
from plans import services
from plans.choices import DeliverableKind, PlanStatus
from plans.models import PlanItem
from tests.factories import DECISION, ActivityFactory, TaskFactory, appraiser

pytestmark = pytest.mark.django_db


def _draft(doit, task, **kw):
    version = services.plan_create(year=2026, actor=doit)
    item = services.item_save(
        version=version,
        actor=doit,
        task=task,
        title=kw.get("title", "Tập huấn SXSH cho doanh nghiệp chế biến thủy sản"),
        lead_agency=task.lead_agency,
        quarter=2,
        total_vnd=150_000_000,
        deliverables=[(DeliverableKind.TRAINING_COURSES, 3, "")],
        budget={FundingSource.KHUYEN_CONG: 100_000_000, FundingSource.LOCAL_BUDGET: 50_000_000},
    )
    return version, item


def _approve(version, doit, stc):
    services.plan_submit(version=version, actor=doit, row_version=version.row_version)
    services.plan_appraise(version=version, actor=stc, row_version=version.row_version)
    services.plan_approve(version=version, actor=doit, row_version=version.row_version, **DECISION)
    return version


def test_version_page_shows_items_and_totals(client_for, doit, agency_a):
    version, item = _draft(doit, TaskFactory(lead_agency=agency_a))
    page = client_for(doit).get(reverse("plans:version_detail", args=[version.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert item.title in body
    assert "150.000.000 đồng" in body
    assert "Gửi Sở Tài chính thẩm định" in body


def test_agency_b_does_not_see_agency_a_draft_item(client_for, doit, staff_b, agency_a):
    version, item = _draft(doit, TaskFactory(lead_agency=agency_a))
    page = client_for(staff_b).get(reverse("plans:version_detail", args=[version.pk]))
    assert page.status_code == 200
    assert item.title not in page.content.decode()
    edit = client_for(staff_b).get(reverse("plans:item_edit", args=[item.pk]))
    assert edit.status_code == 404
    export = client_for(staff_b).get(reverse("plans:version_export", args=[version.pk, "xlsx"]))
    assert export.status_code == 404


def test_agency_staff_adds_an_item_for_its_task(client_for, doit, staff_a, agency_a):
    version = services.plan_create(year=2026, actor=doit)
    task = TaskFactory(lead_agency=agency_a)
    url = reverse("plans:item_create", args=[version.pk])
    client = client_for(staff_a)
    assert client.get(url).status_code == 200
    data = {
        "task": task.pk,
        "title": "Hội thảo SXSH ngành dệt may",
        "lead_agency": agency_a.pk,
        "quarter": 3,
        "month": 8,
        "total_vnd": 40_000_000,
        f"src_{FundingSource.SCIENCE_TECH}": 40_000_000,
        f"out_{DeliverableKind.WORKSHOPS}": 1,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    item = PlanItem.objects.get(version=version)
    assert (item.title, item.month, item.lead_agency) == (
        "Hội thảo SXSH ngành dệt may",
        8,
        agency_a,
    )
    over = client.post(url, {**data, f"src_{FundingSource.SCIENCE_TECH}": 40_000_001})
    assert over.status_code == 400
    assert "vượt tổng kinh phí" in over.content.decode()


def test_workflow_steps_through_pages_and_refusals(client_for, doit, staff_a, agency_a):
    stc = appraiser()
    version, item = _draft(doit, TaskFactory(lead_agency=agency_a))
    url = reverse("plans:version_action", args=[version.pk, "submit"])
    assert client_for(staff_a).post(url, {"row_version": version.row_version}).status_code == 403
    response = client_for(doit).post(url, {"row_version": version.row_version})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == PlanStatus.SUBMITTED
    appraise = reverse("plans:version_action", args=[version.pk, "appraise"])
    page = client_for(stc).get(appraise)
    assert page.status_code == 200 and item.title in page.content.decode()
    line = item.budget_lines.get(funding_source=FundingSource.KHUYEN_CONG)
    other = item.budget_lines.get(funding_source=FundingSource.LOCAL_BUDGET)
    response = client_for(stc).post(
        appraise,
        {
            "row_version": version.row_version,
            f"line_{line.pk}": 90_000_000,
            f"line_{other.pk}": 50_000_000,
            "comment": "Giảm 10 triệu khuyến công",
        },
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == PlanStatus.APPRAISED
    approve = reverse("plans:version_action", args=[version.pk, "approve"])
    response = client_for(doit).post(
        approve,
        {
            "row_version": version.row_version,
            "decision_number": "512/QĐ-UBND",
            "decision_date": "2026-02-20",
        },
    )
    assert response.status_code == 302
    page = client_for(doit).get(reverse("plans:version_detail", args=[version.pk]))
    body = page.content.decode()
    assert "140.000.000 đồng" in body and "512/QĐ-UBND" in body
    assert "đã khóa" in body
    # a stale page: the old row version is refused with a message, nothing changes
    stale = client_for(doit).post(
        reverse("plans:version_action", args=[version.pk, "start"]), {"row_version": 1}
    )
    assert stale.status_code == 302
    version.refresh_from_db()
    assert version.status == PlanStatus.APPROVED


def test_revision_comparison_page(client_for, doit, agency_a):
    stc = appraiser()
    version, item = _draft(doit, TaskFactory(lead_agency=agency_a))
    _approve(version, doit, stc)
    response = client_for(doit).post(
        reverse("plans:version_action", args=[version.pk, "revise"]),
        {"row_version": version.row_version, "comment": "Bổ sung kinh phí tập huấn"},
    )
    assert response.status_code == 302
    revision = version.plan.versions.get(number=2)
    copy = revision.items.get()
    services.item_save(
        version=revision,
        actor=doit,
        item=copy,
        task=copy.task,
        title=copy.title,
        lead_agency=copy.lead_agency,
        quarter=2,
        total_vnd=170_000_000,
        budget={FundingSource.KHUYEN_CONG: 120_000_000, FundingSource.LOCAL_BUDGET: 50_000_000},
    )
    page = client_for(doit).get(reverse("plans:version_compare", args=[revision.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Bổ sung kinh phí tập huấn" in body
    assert "150.000.000 đồng" in body and "170.000.000 đồng" in body
    # the approved version is still readable as it was
    old = client_for(doit).get(reverse("plans:version_detail", args=[version.pk]))
    assert "150.000.000 đồng" in old.content.decode()


def test_activity_form_offers_the_plan_item_suggested_from_the_task(
    client_for, doit, staff_a, agency_a
):
    stc = appraiser()
    task = TaskFactory(lead_agency=agency_a)
    version, item = _draft(doit, task)
    _approve(version, doit, stc)
    client = client_for(staff_a)
    page = client.get(reverse("assignments:task_detail", args=[task.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="plan_item"' in body
    assert f'value="{item.pk}" selected' in body
    response = client.post(
        reverse("assignments:task_activity_create", args=[task.pk]),
        {
            "task": task.pk,
            "kind": ActivityKind.TRAINING,
            "title": "Lớp tập huấn SXSH tháng 5",
            "held_on": "2026-05-12",
            "quantity": 1,
            "participants": 50,
            "cost_vnd": 35_000_000,
            "funding_source": FundingSource.KHUYEN_CONG,
            "plan_item": item.pk,
        },
    )
    assert response.status_code == 302
    assert item.activity_links.get().activity.title == "Lớp tập huấn SXSH tháng 5"
    plan_page = client_for(doit).get(reverse("plans:version_detail", args=[version.pk]))
    assert "35.000.000" in plan_page.content.decode()


def _pdf_text(body: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def test_totals_agree_to_the_dong_in_page_xlsx_and_pdf(client_for, doit, staff_a, agency_a):
    from openpyxl import load_workbook

    stc = appraiser()
    task = TaskFactory(lead_agency=agency_a)
    version, item = _draft(doit, task)
    services.item_save(
        version=version,
        actor=doit,
        task=task,
        title="Xây dựng mô hình trình diễn SXSH",
        lead_agency=agency_a,
        quarter=3,
        total_vnd=123_456_789,
        budget={FundingSource.ENVIRONMENT: 100_000_000, FundingSource.ENTERPRISE: 23_456_789},
    )
    _approve(version, doit, stc)
    activity = ActivityFactory(
        agency=agency_a, task=task, held_on=dt.date(2026, 5, 2), cost_vnd=7_654_321, author=staff_a
    )
    services.activity_link(activity=activity, item=item, actor=staff_a)
    expected_planned = 150_000_000 + 123_456_789

    page = client_for(doit).get(reverse("plans:version_detail", args=[version.pk])).content.decode()
    assert f'data-total="planned">{expected_planned:,}'.replace(",", ".") in page
    assert 'data-total="actual">7.654.321' in page

    xlsx = client_for(doit).get(reverse("plans:version_export", args=[version.pk, "xlsx"]))
    assert xlsx.status_code == 200
    ws = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    source_rows = [
        r for r in ws.iter_rows(min_row=4, values_only=True) if r[5] not in ("Cộng nội dung", "")
    ][:-1]
    assert sum(r[8] for r in source_rows) == expected_planned  # approved column
    assert sum(r[9] for r in source_rows) == 7_654_321
    total_row = [r for r in ws.iter_rows(min_row=4, values_only=True) if r[1] == "TỔNG CỘNG"][0]
    assert total_row[8] == expected_planned and isinstance(total_row[8], int)

    pdf = client_for(doit).get(reverse("plans:version_export", args=[version.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = _pdf_text(pdf.content)
    assert "KẾ HOẠCH" in text and "Nơi nhận" in text
    assert "273.456.789" in text  # the budget table's total
    assert "150.000.000" in text and "123.456.789" in text


def test_progress_entry_can_report_on_a_plan_item(client_for, doit, staff_a, agency_a):
    from tests.factories import make_periods

    stc = appraiser()
    task = TaskFactory(lead_agency=agency_a)
    version, item = _draft(doit, task)
    _approve(version, doit, stc)
    period = make_periods()["2026-H2"]
    response = client_for(staff_a).post(
        reverse("assignments:progress_create", args=[task.pk]),
        {
            "period": period.pk,
            "status": "in_progress",
            "percent": 40,
            "narrative": "Đã tổ chức 1 lớp tập huấn.",
            "plan_item": item.pk,
        },
    )
    assert response.status_code == 302
    link = item.progress_links.get()
    assert (link.progress.narrative, link.linked_by) == ("Đã tổ chức 1 lớp tập huấn.", staff_a)


def test_plan_docx_follows_nd30(client_for, doit, agency_a):
    pytest.importorskip("config.nd30_docx")
    from tests.nd30 import assert_nd30

    stc = appraiser()
    version, item = _draft(doit, TaskFactory(lead_agency=agency_a))
    services.version_update_document(
        version=version,
        actor=doit,
        row_version=version.row_version,
        doc_number="25/KH-SCT",
        issued_on=dt.date(2026, 2, 20),
        recipients="UBND tỉnh (b/c);\nSở Tài chính;\nLưu: VT, QLCN.",
        signer_name="Nguyễn Văn Bình",
        signer_title="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
    )
    _approve(version, doit, stc)
    response = client_for(doit).get(reverse("plans:version_export", args=[version.pk, "docx"]))
    assert response.status_code == 200
    doc = assert_nd30(response.content, kind="KẾ HOẠCH", number="25/KH-SCT")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert item.title in text and "Nguyễn Văn Bình" in "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert "150.000.000" in cells  # the budget table's total, to the đồng
