"""Report pages: scoping (outsiders get 404), actions by role, stale forms, the admin lock,
the completeness matrix and its export."""

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pytest_django.asserts import assertRedirects

from accounts.roles import Role
from reports import selectors, workflow
from reports.models import AgencyReport, ConsolidatedReport
from tests.factories import PeriodFactory, TaskFactory, UserFactory
from tests.redirects import login_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def period():
    return PeriodFactory()


@pytest.fixture
def report_a(agency_a, period, staff_a):
    report = workflow.report_get_or_create(agency=agency_a, period=period, actor=staff_a)
    return workflow.report_update(
        report=report,
        actor=staff_a,
        version=report.version,
        results="Đã tổ chức lớp tập huấn.",
        difficulties="",
        proposals="",
    )


def _submit(report, lead):
    return workflow.report_submit(report=report, actor=lead, version=report.version)


def _url(name, report, *extra):
    return reverse(f"reports:{name}", args=[report.pk, *extra])


# --- scoping ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,extra",
    [
        ("report_detail", []),
        ("report_edit", []),
        ("report_pdf", []),
        ("report_action", ["submit"]),
        ("report_action", ["accept"]),
    ],
)
def test_agency_b_gets_404_on_agency_a_report_pages(client_for, staff_b, report_a, name, extra):
    response = client_for(staff_b).get(_url(name, report_a, *extra))
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["report_adjust", "report_refresh"])
def test_agency_b_gets_404_on_agency_a_report_posts(client_for, staff_b, report_a, name):
    response = client_for(staff_b).post(_url(name, report_a), {"version": report_a.version})
    assert response.status_code == 404


def test_anonymous_is_sent_to_login(client, report_a):
    url = _url("report_detail", report_a)
    assertRedirects(client.get(url), login_url(url))


def test_list_shows_only_own_agency_reports(
    client_for, staff_a, staff_b, report_a, agency_b, period
):
    workflow.report_get_or_create(agency=agency_b, period=period, actor=staff_b)
    body = client_for(staff_b).get(reverse("reports:index")).content.decode()
    assert "Sở Nông nghiệp và Môi trường" not in body
    assert "Đài Phát thanh và Truyền hình" in body
    body_doit = client_for(staff_a).get(reverse("reports:index")).content.decode()
    assert "Đài Phát thanh và Truyền hình" not in body_doit


def test_doit_list_filters_by_status(client_for, doit, report_a, lead_a, agency_b, staff_b, period):
    _submit(report_a, lead_a)
    workflow.report_get_or_create(agency=agency_b, period=period, actor=staff_b)
    body = client_for(doit).get(reverse("reports:index"), {"status": "submitted"}).content.decode()
    assert "Sở Nông nghiệp và Môi trường" in body
    assert "Đài Phát thanh và Truyền hình</td>" not in body


@pytest.mark.parametrize(
    "name,args",
    [
        ("completeness", []),
        ("consolidated_list", []),
        ("consolidated_detail", ["2026-H1"]),
        ("consolidated_pdf", ["2026-H1"]),
        ("consolidated_xlsx", ["2026-H1"]),
        ("consolidated_edit", ["2026-H1"]),
    ],
)
def test_agency_users_get_404_on_province_pages(client_for, staff_a, period, name, args):
    assert client_for(staff_a).get(reverse(f"reports:{name}", args=args)).status_code == 404


def test_agency_users_get_404_on_period_lock(client_for, lead_a, period):
    response = client_for(lead_a).post(reverse("reports:period_lock", args=[period.key]))
    assert response.status_code == 404
    period.refresh_from_db()
    assert period.closed_at is None


def test_leader_reads_consolidated_but_cannot_edit(client_for, leader, period):
    c = client_for(leader)
    assert c.get(reverse("reports:consolidated_detail", args=["2026-H1"])).status_code == 200
    assert c.get(reverse("reports:consolidated_edit", args=["2026-H1"])).status_code == 403
    response = c.post(reverse("reports:period_lock", args=["2026-H1"]))
    assertRedirects(response, reverse("reports:consolidated_detail", args=["2026-H1"]))
    period.refresh_from_db()
    assert period.closed_at is None


def test_unknown_period_is_404(client_for, doit):
    assert (
        client_for(doit).get(reverse("reports:consolidated_detail", args=["1999"])).status_code
        == 404
    )


# --- pages and actions -----------------------------------------------------------------------


def test_agency_user_starts_a_prefilled_report(client_for, staff_a, agency_a, period):
    TaskFactory(lead_agency=agency_a)
    response = client_for(staff_a).post(reverse("reports:report_start", args=[period.key]))
    report = AgencyReport.objects.get(agency=agency_a, period=period)
    assert response["Location"] == _url("report_detail", report)
    assert report.figures["tasks_total"] == 1


def test_staff_sees_edit_but_no_submit_button(client_for, staff_a, report_a):
    body = client_for(staff_a).get(_url("report_detail", report_a)).content.decode()
    assert _url("report_edit", report_a) in body
    assert _url("report_action", report_a, "submit") not in body


def test_lead_submits_through_the_confirmation_page(client_for, lead_a, report_a):
    c = client_for(lead_a)
    assert c.get(_url("report_action", report_a, "submit")).status_code == 200
    c.post(_url("report_action", report_a, "submit"), {"version": report_a.version})
    assert AgencyReport.objects.get(pk=report_a.pk).status == "submitted"


def test_staff_post_to_submit_is_refused(client_for, staff_a, report_a):
    response = client_for(staff_a).post(
        _url("report_action", report_a, "submit"), {"version": report_a.version}, follow=True
    )
    assert AgencyReport.objects.get(pk=report_a.pk).status == "draft"
    assert "Chỉ lãnh đạo đơn vị" in response.content.decode()


def test_reviewer_returns_with_comment_shown_to_agency(client_for, doit, lead_a, staff_a, report_a):
    report = _submit(report_a, lead_a)
    c = client_for(doit)
    c.post(_url("report_action", report, "return"), {"version": report.version, "comment": ""})
    assert AgencyReport.objects.get(pk=report.pk).status == "submitted"  # comment required
    c.post(
        _url("report_action", report, "return"),
        {"version": report.version, "comment": "Thiếu số liệu <b>kinh phí</b>"},
    )
    assert AgencyReport.objects.get(pk=report.pk).status == "returned"
    body = client_for(staff_a).get(_url("report_detail", report)).content.decode()
    assert "Thiếu số liệu &lt;b&gt;kinh phí&lt;/b&gt;" in body


def test_stale_form_post_gets_a_clear_message(client_for, staff_a, report_a):
    c = client_for(staff_a)
    old = report_a.version
    c.post(
        _url("report_edit", report_a),
        {"version": old, "results": "Mới", "difficulties": "", "proposals": ""},
    )
    response = c.post(
        _url("report_edit", report_a),
        {"version": old, "results": "Cũ", "difficulties": "", "proposals": ""},
        follow=True,
    )
    assert "Báo cáo đã được người khác cập nhật" in response.content.decode()
    assert AgencyReport.objects.get(pk=report_a.pk).results == "Mới"


def test_two_reviewers_posting_the_same_page(client_for, doit, lead_a, report_a):
    report = _submit(report_a, lead_a)
    other = UserFactory(username="reviewer2", agency=doit.agency, roles=[Role.DOIT_REVIEWER])
    client_for(doit).post(_url("report_action", report, "accept"), {"version": report.version})
    response = client_for(other).post(
        _url("report_action", report, "return"),
        {"version": report.version, "comment": "Trả lại"},
        follow=True,
    )
    assert "người khác cập nhật" in response.content.decode()
    assert AgencyReport.objects.get(pk=report.pk).status == "accepted"


def test_adjust_form_requires_reason(client_for, staff_a, report_a):
    c = client_for(staff_a)
    c.post(
        _url("report_adjust", report_a),
        {"version": report_a.version, "key": "trainings", "value": 4, "reason": ""},
    )
    assert AgencyReport.objects.get(pk=report_a.pk).adjustments == {}
    c.post(
        _url("report_adjust", report_a),
        {
            "version": report_a.version,
            "key": "trainings",
            "value": 4,
            "reason": "Lớp do huyện tổ chức",
        },
    )
    assert AgencyReport.objects.get(pk=report_a.pk).adjustments["trainings"]["value"] == 4


def test_accepted_report_page_offers_no_edit_and_edit_post_changes_nothing(
    client_for, doit, staff_a, lead_a, report_a
):
    report = _submit(report_a, lead_a)
    report = workflow.report_accept(report=report, actor=doit, version=report.version)
    c = client_for(staff_a)
    body = c.get(_url("report_detail", report)).content.decode()
    assert _url("report_edit", report) not in body
    c.post(
        _url("report_edit", report),
        {"version": report.version, "results": "Sửa lén", "difficulties": "", "proposals": ""},
    )
    c.post(
        _url("report_adjust", report),
        {"version": report.version, "key": "trainings", "value": 9, "reason": "x"},
    )
    fresh = AgencyReport.objects.get(pk=report.pk)
    assert fresh.results == report.results and fresh.adjustments == {}


def test_admin_cannot_change_an_accepted_report(client_for, admin_user, doit, lead_a, report_a):
    report = _submit(report_a, lead_a)
    report = workflow.report_accept(report=report, actor=doit, version=report.version)
    c = client_for(admin_user)
    url = reverse("admin:reports_agencyreport_change", args=[report.pk])
    page = c.get(url)
    assert page.status_code == 200  # viewable
    assert 'name="results"' not in page.content.decode()  # but no editable field
    c.post(url, {"results": "Ghi đè qua admin", "status": "draft", "version": report.version})
    delete = c.post(reverse("admin:reports_agencyreport_delete", args=[report.pk]), {"post": "yes"})
    assert delete.status_code == 403
    fresh = AgencyReport.objects.get(pk=report.pk)
    assert (fresh.status, fresh.results) == ("accepted", report.results)


def test_report_pdf_is_served_to_own_agency(client_for, staff_a, report_a):
    response = client_for(staff_a).get(_url("report_pdf", report_a))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


# --- completeness matrix ---------------------------------------------------------------------


def test_matrix_states(client_for, doit, agency_a, agency_b, staff_a, lead_a, staff_b, period):
    from accounts.models import Agency

    TaskFactory(lead_agency=agency_a)
    TaskFactory(lead_agency=agency_b)
    silent = Agency.objects.create(name="Sở Xây dựng", short_name="SXD", kind="department")
    TaskFactory(lead_agency=silent)
    TaskFactory(lead_agency=doit.agency)  # DOIT is not expected: it writes the consolidated one
    report_a = workflow.report_get_or_create(agency=agency_a, period=period, actor=staff_a)
    report_a = workflow.report_update(
        report=report_a,
        actor=staff_a,
        version=report_a.version,
        results="x",
        difficulties="",
        proposals="",
    )
    with time_machine.travel(timezone.make_aware(dt.datetime(2026, 6, 18, 10)), tick=False):
        _submit(report_a, lead_a)
    workflow.report_get_or_create(agency=agency_b, period=period, actor=staff_b)

    matrix = selectors.completeness_matrix(periods=[period])
    states = {row["agency"].name: row["cells"][0].state for row in matrix["rows"]}
    assert states == {
        "Sở Nông nghiệp và Môi trường": "on_time",
        "Đài Phát thanh và Truyền hình": "draft",
        "Sở Xây dựng": "missing",
    }
    body = client_for(doit).get(reverse("reports:completeness")).content.decode()
    assert "Chưa báo cáo" in body and "Sở Xây dựng" in body


def test_matrix_exports_xlsx(client_for, doit, agency_a, period):
    TaskFactory(lead_agency=agency_a)
    response = client_for(doit).get(reverse("reports:completeness"), {"format": "xlsx"})
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb.active
    assert ws["A3"].value == "TT" and ws["B3"].value == "Cơ quan, đơn vị"
    assert ws["B4"].value == "Sở Nông nghiệp và Môi trường"
    assert ws["C4"].value == "Chưa báo cáo"


def test_matrix_query_count_does_not_grow_with_agencies(
    client_for, doit, period, django_assert_max_num_queries
):
    from accounts.models import Agency

    for i in range(15):
        TaskFactory(
            lead_agency=Agency.objects.create(name=f"UBND xã số {i}", kind="commune_committee")
        )
    c = client_for(doit)
    with django_assert_max_num_queries(12):
        # session read + update, user, groups, user's agency (header), periods (matrix + two
        # filter selects), reports, task agencies (+ distinct check): 10–12, never per agency
        response = c.get(reverse("reports:completeness"))
    assert response.status_code == 200
    page = response.content.decode()
    assert all(f"UBND xã số {i}</" in page for i in range(15))


# --- consolidated ----------------------------------------------------------------------------


def test_doit_edits_consolidated_report(client_for, doit, period):
    c = client_for(doit)
    response = c.post(
        reverse("reports:consolidated_edit", args=[period.key]),
        {
            "number": "125/BC-SCT",
            "issued_on": "2026-06-25",
            "summary": "Tình hình chung",
            "difficulties": "",
            "proposals": "",
            "recipients": "UBND tỉnh (b/c);\nLưu: VT.",
            "signer_title": "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
            "signer_name": "Nguyễn Văn Bình",
        },
    )
    assertRedirects(response, reverse("reports:consolidated_detail", args=[period.key]))
    doc = ConsolidatedReport.objects.get(period=period)
    assert (doc.number, doc.updated_by) == ("125/BC-SCT", doit)
    body = c.get(reverse("reports:consolidated_detail", args=[period.key])).content.decode()
    assert "125/BC-SCT" in body


def test_doit_and_leader_cannot_open_an_agency_report(client_for, doit, leader, period):
    for user in (doit, leader):
        response = client_for(user).post(reverse("reports:report_start", args=[period.key]))
        assert response.status_code == 404
    assert not AgencyReport.objects.exists()


def test_report_list_query_count_does_not_grow_with_reports(
    client_for, doit, period, django_assert_max_num_queries
):
    from accounts.models import Agency

    for i in range(20):
        agency = Agency.objects.create(name=f"UBND xã số {i}", kind="commune_committee")
        AgencyReport.objects.create(agency=agency, period=period, figures={})
    c = client_for(doit)
    with django_assert_max_num_queries(12):
        # session ×2, user, groups, user's agency, count, page of reports (with agency, period,
        # submitted_by joined), filter selects (periods, agencies)
        response = c.get(reverse("reports:index"))
    assert response.status_code == 200
    assert response.content.decode().count("UBND xã số") >= 20


def test_report_detail_query_count(client_for, staff_a, report_a, django_assert_max_num_queries):
    c = client_for(staff_a)
    with django_assert_max_num_queries(10):
        response = c.get(_url("report_detail", report_a))
    assert response.status_code == 200
    assert "Đã tổ chức lớp tập huấn." in response.content.decode()
