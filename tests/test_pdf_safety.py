"""PDF rendering: user text is escaped, and the renderer fetches nothing outside the app."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from reports import pdf
from tests.factories import build_world

pytestmark = pytest.mark.django_db

HOSTILE = '<img src="file:///etc/passwd"><script>alert(1)</script><b>đậm</b> & <a href="http://evil.example/">x</a>'


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def hostile_report(agency_a, staff_a, doit):
    world = build_world(agency_a=agency_a, staff_a=staff_a, doit=doit)
    world.consolidated.summary = HOSTILE
    world.consolidated.difficulties = "root:x:0:0 " + HOSTILE
    world.consolidated.save()
    world.report.results = HOSTILE
    world.report.save()
    return world


def test_consolidated_pdf_prints_user_markup_as_text(hostile_report):
    text = _text(pdf.consolidated_pdf(report=hostile_report.consolidated))
    assert "<img" in text and "file:///etc/passwd" in text
    assert "<script>" in text
    assert "root:x:0:0:" not in text.replace(" ", "")  # /etc/passwd content never embedded


def test_agency_report_pdf_prints_user_markup_as_text(hostile_report):
    text = _text(pdf.agency_report_pdf(report=hostile_report.report))
    assert "<img" in text and "<script>" in text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.com/logo.png",
        "http://portal.invalid/static/../../../etc/passwd",
        "http://portal.invalid/static/khong-co.css",
        "ftp://example.com/x",
    ],
)
def test_url_fetcher_refuses_files_and_network_hosts(url):
    with pytest.raises(pdf.FetchRefused):
        pdf.url_fetcher().fetch(url)


def test_url_fetcher_serves_the_apps_own_static_files():
    response = pdf.url_fetcher().fetch(pdf.STATIC_BASE + "static/css/pdf.css")
    assert response is not None
