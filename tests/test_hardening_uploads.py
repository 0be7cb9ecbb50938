"""Uploads: size cap, type from content, generated storage names, downloads as attachments,
XLSX zip-bomb guard — on the evidence upload (tasks) and the registry import (enterprises)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assignments.models import Evidence
from enterprises.models import Enterprise
from tests.factories_bench import PDF_BYTES, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agency_a, staff_a, doit):
    return build_world(agency_a=agency_a, staff_a=staff_a, doit=doit)


def _attach(client, world, upload):
    url = reverse("assignments:activity_evidence_add", args=[world.activity.pk])
    return client.post(url, {"files": [upload]})


def test_evidence_over_the_size_cap_is_refused_and_nothing_stored(
    settings, client_for, staff_a, world
):
    settings.UPLOAD_MAX_BYTES = 1024
    before = Evidence.objects.count()
    big = SimpleUploadedFile("bao-cao.pdf", PDF_BYTES + b"0" * 2048, "application/pdf")
    response = _attach(client_for(staff_a), world, big)
    assert response.status_code == 400
    assert "vượt quá giới hạn" in response.content.decode()
    assert Evidence.objects.count() == before


def test_evidence_type_comes_from_content_not_name(client_for, staff_a, world):
    before = Evidence.objects.count()
    fake = SimpleUploadedFile("hop-dong.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")
    response = _attach(client_for(staff_a), world, fake)
    assert response.status_code == 400
    assert "không đúng định dạng" in response.content.decode()
    assert Evidence.objects.count() == before


def test_evidence_is_stored_under_a_generated_name_whatever_the_upload_is_called(
    client_for, staff_a, world
):
    hostile = SimpleUploadedFile("../../../etc/passwd.pdf", PDF_BYTES, "text/plain")
    response = _attach(client_for(staff_a), world, hostile)
    assert response.status_code == 302
    stored = Evidence.objects.filter(activity=world.activity).latest("pk")
    assert stored.file.name.startswith("evidence/")
    assert ".." not in stored.file.name and "passwd" not in stored.file.name
    assert stored.content_type == "application/pdf"  # sniffed, not the browser's claim
    assert "/" not in stored.original_name and ".." not in stored.original_name


def test_evidence_download_is_an_attachment_with_nosniff(client_for, staff_a, world):
    response = client_for(staff_a).get(
        reverse("assignments:evidence_download", args=[world.evidence.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "bien-ban.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def _zip_bomb() -> bytes:
    """A package that looks like an XLSX but inflates a sheet 1000× (10 MB of zeros)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * 10_000_000)
    return buffer.getvalue()


def test_registry_import_refuses_a_zip_bomb_before_inflating_it(client_for, doit):
    bomb = SimpleUploadedFile("danh-sach.xlsx", _zip_bomb())
    assert len(bomb) < 100_000
    response = client_for(doit).post(
        reverse("enterprises:import_upload"), {"file": bomb}, follow=True
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "giải nén bất thường" in html
    assert Enterprise.objects.count() == 0


def test_registry_import_over_the_size_cap_gets_one_clear_message(settings, client_for, doit):
    settings.UPLOAD_MAX_BYTES = 1024
    big = SimpleUploadedFile("danh-sach.csv", b"Ma so thue;Ten co so\n" + b"x" * 4096)
    response = client_for(doit).post(reverse("enterprises:import_upload"), {"file": big})
    assert "quá lớn" in response.content.decode() or "vượt quá" in response.content.decode()
    assert Enterprise.objects.count() == 0


def test_registry_import_refuses_a_file_that_is_not_a_spreadsheet(client_for, doit):
    junk = SimpleUploadedFile("danh-sach.xlsx", b"\x7fELF\x02\x01\x01 binary garbage")
    response = client_for(doit).post(
        reverse("enterprises:import_upload"), {"file": junk}, follow=True
    )
    assert response.status_code == 200
    assert Enterprise.objects.count() == 0


DOWNLOADS = [
    ("enterprises:export", {"fmt": "xlsx"}, "attachment"),
    ("enterprises:export", {"fmt": "csv"}, "attachment"),
    ("enterprises:import_template", {}, "attachment"),
    ("reports:consolidated_xlsx", "period", "attachment"),
    ("reports:consolidated_pdf", "period", None),
    ("reports:report_pdf", "report", None),
    ("dashboards:dashboard_export", {"table": "chi-tieu"}, "attachment"),
]


@pytest.mark.parametrize(("name", "kwargs", "disposition"), DOWNLOADS)
def test_every_generated_file_has_a_content_disposition_with_a_filename(
    client_for, doit, world, name, kwargs, disposition
):
    if kwargs == "period":
        kwargs = {"key": world.period.key}
    elif kwargs == "report":
        kwargs = {"pk": world.report.pk}
    response = client_for(doit).get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    header = response["Content-Disposition"]
    assert 'filename="' in header or "filename*=" in header
    if disposition:
        assert header.startswith(disposition)
    assert "/" not in header.split("filename", 1)[1].strip('="')
