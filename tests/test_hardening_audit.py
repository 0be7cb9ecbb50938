"""Audit: every create/update/delete of domain data and every workflow step names its actor;
DOIT browses the history on one page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.audit import audited_models
from reports.models import ReportTransition
from tests.factories_bench import build_world

pytestmark = pytest.mark.django_db


def test_every_domain_model_but_the_transition_log_keeps_history():
    labels = set(audited_models())
    for expected in (
        "accounts.agency",
        "programs.legaldocument",
        "assignments.task",
        "assignments.progressupdate",
        "assignments.activity",
        "assignments.evidence",
        "enterprises.enterprise",
        "enterprises.assessment",
        "enterprises.option",
        "reports.agencyreport",
        "reports.consolidatedreport",
        "programs.reportingperiod",
        "accounts.user",
    ):
        assert expected in labels


def test_create_update_delete_through_a_page_records_the_actor(client_for, doit):
    from enterprises.models import Enterprise

    client = client_for(doit)
    response = client.post(
        reverse("enterprises:enterprise_new"),
        {"tax_code": "0100233488", "name": "Công ty Lịch Sử", "employees": "12"},
    )
    assert response.status_code in (200, 302)
    enterprise = Enterprise.objects.get(tax_code="0100233488")
    created = enterprise.history.earliest()
    assert created.history_type == "+"
    assert created.history_user == doit
    client.post(
        reverse("enterprises:enterprise_edit", args=[enterprise.pk]),
        {"tax_code": "0100233488", "name": "Công ty Lịch Sử Mới", "employees": "15"},
    )
    updated = enterprise.history.latest()
    assert updated.history_type == "~" and updated.history_user == doit
    assert updated.name == "Công ty Lịch Sử Mới"


def test_workflow_transition_records_who_and_when(lead_a, doit, agency_a, staff_a):
    from reports.workflow import report_submit

    world = build_world(agency_a=agency_a, staff_a=staff_a, doit=doit)
    report = world.report
    report.results = "Đã tổ chức tập huấn."
    report.save()
    report_submit(report=report, actor=lead_a, version=report.version)
    step = ReportTransition.objects.get(report=report)
    assert (step.from_status, step.to_status, step.actor) == ("draft", "submitted", lead_a)
    assert step.at is not None
    assert report.history.latest().history_user == lead_a


def test_doit_browses_the_history_with_filters(client_for, doit, agency_a, staff_a):
    build_world(agency_a=agency_a, staff_a=staff_a, doit=doit)
    client = client_for(doit)
    response = client.get(reverse("accounts:audit"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lịch sử thay đổi dữ liệu" in html
    assert "Tạo mới" in html
    response = client.get(reverse("accounts:audit"), {"model": "assignments.task"})
    assert response.status_code == 200
    assert (
        "Tuyên truyền, phổ biến" in response.content.decode() or "1.a" in response.content.decode()
    )
    response = client.get(reverse("accounts:audit"), {"user": "nobody-here"})
    assert "Không có thay đổi nào khớp bộ lọc" in response.content.decode()


def test_history_page_query_count_does_not_grow_with_rows(client_for, doit, agency_a, staff_a):
    from programs.models import LegalDocument

    build_world(agency_a=agency_a, staff_a=staff_a, doit=doit)
    client = client_for(doit)
    url = reverse("accounts:audit")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"model": "programs.legaldocument"})
    for i in range(30):
        LegalDocument.objects.create(kind="chi_thi", title=f"Văn bản {i}")
    with CaptureQueriesContext(connection) as many:
        client.get(url, {"model": "programs.legaldocument"})
    assert len(many) == len(few)


@pytest.mark.parametrize("persona", ["staff_a", "lead_a", "staff_b", "leader"])
def test_history_page_is_refused_to_everyone_but_doit_and_admins(request, client_for, persona):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(reverse("accounts:audit")).status_code == 403


def test_admin_sees_the_history_page(client_for, admin_user):
    assert client_for(admin_user).get(reverse("accounts:audit")).status_code == 200


def test_a_delete_through_the_admin_records_the_actor(client_for, admin_user):
    from programs.models import LegalDocument

    document = LegalDocument.objects.create(kind="chi_thi", title="Văn bản nhập nhầm")
    response = client_for(admin_user).post(
        reverse("admin:programs_legaldocument_delete", args=[document.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not LegalDocument.objects.filter(pk=document.pk).exists()
    deleted = LegalDocument.history.filter(id=document.pk).latest()
    assert deleted.history_type == "-"
    assert deleted.history_user == admin_user
