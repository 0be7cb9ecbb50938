"""Shared office computers and proxies keep no portal page: ``Cache-Control: private, no-store``
on every signed-in page, PDF, export and file download, and on anonymous responses unless the
view marked itself public (``accounts.middleware.PrivateCacheMiddleware``)."""

from __future__ import annotations

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.urls import include, path, reverse
from django.views.decorators.cache import cache_control

from assignments.models import Evidence
from assignments.services import evidence_attach
from reports import workflow
from tests.factories_reports import ReportingPeriodFactory
from tests.factories_tasks import ActivityFactory, TaskFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@login_not_required
@cache_control(public=True, max_age=600)
def public_page(request):
    """Stands for a page of the future public site, which marks itself cacheable."""
    return HttpResponse("Trang công khai")


urlpatterns = [path("cong-khai/", public_page), path("", include("config.urls"))]


def no_store(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives and "public" not in directives


@pytest.fixture
def period(db):
    return ReportingPeriodFactory()


@pytest.fixture
def report_a(agency_a, period, staff_a):
    return workflow.report_get_or_create(agency=agency_a, period=period, actor=staff_a)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/nhiem-vu/",
        "/doanh-nghiep/",
        "/bao-cao/",
        "/tai-khoan/ho-so/",
        "/nhiem-vu/999999/",  # a 404 page
    ],
)
def test_signed_in_pages_are_private_and_not_stored(client_for, staff_a, period, url):
    response = client_for(staff_a).get(url)
    assert response.status_code in (200, 404)
    assert no_store(response), response.get("Cache-Control")


def test_report_pdf_is_private_and_not_stored(client_for, staff_a, report_a):
    response = client_for(staff_a).get(reverse("reports:report_pdf", args=[report_a.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert no_store(response)


@pytest.mark.parametrize(
    "name,kwargs,query",
    [
        ("enterprises:export", {"fmt": "xlsx"}, {}),
        ("enterprises:export", {"fmt": "csv"}, {}),
        ("enterprises:import_template", {}, {}),
        ("reports:completeness", {}, {"format": "xlsx"}),
        ("reports:consolidated_xlsx", {"key": "2026-H1"}, {}),
        ("dashboards:dashboard_export", {"table": "nhiem-vu"}, {}),
    ],
)
def test_spreadsheet_exports_are_private_and_not_stored(
    client_for, doit, period, name, kwargs, query
):
    response = client_for(doit).get(reverse(name, kwargs=kwargs), query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(("application/vnd.openxml", "text/csv"))
    assert no_store(response), response.get("Cache-Control")


def test_evidence_download_is_private_and_not_stored(
    client_for, staff_a, period, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    activity = ActivityFactory(
        agency=staff_a.agency, task=TaskFactory(lead_agency=staff_a.agency), author=staff_a
    )
    evidence_attach(
        actor=staff_a,
        uploads=[SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")],
        activity=activity,
    )
    evidence = Evidence.objects.get()
    response = client_for(staff_a).get(reverse("assignments:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert no_store(response)


def test_anonymous_login_page_and_redirects_are_not_stored(client):
    assert no_store(client.get(reverse("accounts:login")))
    redirect = client.get("/nhiem-vu/")
    assert redirect.status_code == 302
    assert no_store(redirect)


@pytest.mark.urls("tests.test_hardening_cache_control")
def test_a_page_marked_public_stays_cacheable_for_anonymous_visitors_only(client_for, staff_a):
    anonymous = client_for(None).get("/cong-khai/")
    assert anonymous.status_code == 200
    assert anonymous["Cache-Control"] == "public, max-age=600"

    signed_in = client_for(staff_a).get("/cong-khai/")
    assert signed_in.status_code == 200
    assert no_store(signed_in), signed_in["Cache-Control"]


def test_static_files_keep_their_own_cache_headers(client):
    response = client.get("/static/css/portal.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
