"""Evidence files: type from content, size limit, generated names, served only through access checks."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from assignments.models import Evidence, ProgressUpdate
from assignments.uploads import detect_kind
from tests.factories import PDF_BYTES as PDF
from tests.factories import ActivityFactory, TaskFactory, make_periods
from tests.redirects import login_url

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def docx_bytes():
    import docx

    buf = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Biên bản tập huấn sản xuất sạch hơn")
    document.save(buf)
    return buf.getvalue()


def xlsx_bytes():
    import openpyxl

    buf = io.BytesIO()
    book = openpyxl.Workbook()
    book.active["A1"] = "Danh sách học viên"
    book.save(buf)
    return buf.getvalue()


@pytest.fixture
def periods(db):
    return make_periods()


@pytest.fixture
def task_a(periods, agency_a):
    return TaskFactory(lead_agency=agency_a)


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def post_progress(client, task, period, *files):
    return client.post(
        reverse("assignments:progress_create", args=[task.pk]),
        {
            "period": period.pk,
            "status": "in_progress",
            "percent": 30,
            "narrative": "Đã in 2.000 tờ rơi.",
            "files": list(files),
        },
    )


def test_content_detection_tells_office_formats_apart():
    assert detect_kind(PDF) == "pdf"
    assert detect_kind(PNG) == "png"
    assert detect_kind(docx_bytes()) == "docx"
    assert detect_kind(xlsx_bytes()) == "xlsx"
    assert detect_kind(EXE) is None
    assert detect_kind(b"just some text") is None
    # a zip that is not an Office package
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/readme.txt", "not a document")
    assert detect_kind(buf.getvalue()) is None


def test_valid_files_are_stored_under_generated_names(
    client_for, staff_a, task_a, periods, media_root
):
    files = [
        SimpleUploadedFile("../../etc/Biên bản tập huấn.pdf", PDF),
        SimpleUploadedFile("anh-lop-hoc.png", PNG),
        SimpleUploadedFile("danh-sach.docx", docx_bytes()),
        SimpleUploadedFile("so-lieu.xlsx", xlsx_bytes()),
    ]
    response = post_progress(client_for(staff_a), task_a, periods["2026-H1"], *files)
    task_page = reverse("assignments:task_detail", args=[task_a.pk])
    assertRedirects(response, f"{task_page}#tien-do")
    stored = list(Evidence.objects.order_by("pk"))
    assert [e.original_name for e in stored] == [
        "Biên bản tập huấn.pdf",
        "anh-lop-hoc.png",
        "danh-sach.docx",
        "so-lieu.xlsx",
    ]
    assert [e.content_type.split("/")[0] for e in stored][:2] == ["application", "image"]
    for evidence in stored:
        assert evidence.file.name.startswith("evidence/")
        assert "Biên" not in evidence.file.name and ".." not in evidence.file.name
        assert (media_root / evidence.file.name).exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("bao-cao.pdf", EXE), ("bien-ban.docx", b"Day la van ban thuong, khong phai Word.\n")],
)
def test_wrong_type_is_refused_by_content_and_nothing_saved(
    client_for, staff_a, task_a, periods, name, content
):
    good = SimpleUploadedFile("anh.png", PNG)
    response = post_progress(
        client_for(staff_a), task_a, periods["2026-H1"], good, SimpleUploadedFile(name, content)
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert name in body and "không đúng định dạng" in body
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()


def test_oversize_file_is_refused_with_a_clear_message(
    client_for, staff_a, task_a, periods, settings
):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("scan.pdf", PDF + b"0" * (1024 * 1024 + 1))
    response = post_progress(client_for(staff_a), task_a, periods["2026-H1"], big)
    assert response.status_code == 400
    assert "vượt quá giới hạn 1 MB" in response.content.decode()
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()


def test_activity_evidence_is_checked_too(client_for, staff_a, task_a):
    response = client_for(staff_a).post(
        reverse("assignments:task_activity_create", args=[task_a.pk]),
        {
            "kind": "media",
            "title": "Phóng sự SXSH",
            "held_on": "2026-04-02",
            "quantity": 1,
            "participants": 0,
            "cost_vnd": 0,
            "funding_source": "local_budget",
            "files": [SimpleUploadedFile("phong-su.pdf", EXE)],
        },
    )
    assert response.status_code == 400
    assert "không đúng định dạng" in response.content.decode()


def _evidence(client, task, period):
    post_progress(client, task, period, SimpleUploadedFile("Biên bản.pdf", PDF))
    return Evidence.objects.get()


def test_download_is_an_attachment_with_the_original_name(client_for, staff_a, task_a, periods):
    c = client_for(staff_a)
    evidence = _evidence(c, task_a, periods["2026-H1"])
    response = c.get(reverse("assignments:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert "filename*=utf-8''Bi%C3%AAn%20b%E1%BA%A3n.pdf" in disposition
    assert b"".join(response.streaming_content) == PDF


def test_agency_b_gets_404_on_agency_a_file(client_for, staff_a, staff_b, task_a, periods):
    evidence = _evidence(client_for(staff_a), task_a, periods["2026-H1"])
    url = reverse("assignments:evidence_download", args=[evidence.pk])
    assert client_for(staff_b).get(url).status_code == 404


def test_coordinator_and_doit_and_leader_may_download(
    client_for, staff_a, staff_b, doit, leader, task_a, periods
):
    task_a.coordinating_agencies.add(staff_b.agency)
    evidence = _evidence(client_for(staff_a), task_a, periods["2026-H1"])
    url = reverse("assignments:evidence_download", args=[evidence.pk])
    for user in (staff_b, doit, leader):
        assert client_for(user).get(url).status_code == 200


def test_anonymous_cannot_download(client, client_for, staff_a, task_a, periods):
    evidence = _evidence(client_for(staff_a), task_a, periods["2026-H1"])
    url = reverse("assignments:evidence_download", args=[evidence.pk])
    assertRedirects(client.get(url), login_url(url))


def test_activity_file_hidden_from_other_agency(client_for, staff_a, staff_b, agency_a):
    from assignments.services import evidence_attach

    activity = ActivityFactory(agency=agency_a, author=staff_a)
    (evidence,) = evidence_attach(
        actor=staff_a, activity=activity, uploads=[SimpleUploadedFile("anh.png", PNG)]
    )
    url = reverse("assignments:evidence_download", args=[evidence.pk])
    assert client_for(staff_b).get(url).status_code == 404
    assert client_for(staff_a).get(url).status_code == 200


def test_agency_adds_evidence_to_its_own_activity(client_for, staff_a, agency_a):
    activity = ActivityFactory(agency=agency_a, author=staff_a)
    url = reverse("assignments:activity_evidence_add", args=[activity.pk])
    response = client_for(staff_a).post(url, {"files": [SimpleUploadedFile("a.png", PNG)]})
    assertRedirects(response, reverse("assignments:activity_detail", args=[activity.pk]))
    assert activity.evidence.count() == 1


def test_bad_file_on_activity_evidence_saves_nothing(client_for, staff_a, agency_a):
    activity = ActivityFactory(agency=agency_a, author=staff_a)
    url = reverse("assignments:activity_evidence_add", args=[activity.pk])
    files = [SimpleUploadedFile("a.png", PNG), SimpleUploadedFile("b.pdf", EXE)]
    response = client_for(staff_a).post(url, {"files": files})
    assert response.status_code == 400
    assert "b.pdf" in response.content.decode()
    assert not Evidence.objects.exists()


def test_activity_evidence_add_is_refused_to_others(client_for, staff_a, staff_b, leader, doit):
    activity = ActivityFactory(agency=staff_a.agency, author=staff_a)
    url = reverse("assignments:activity_evidence_add", args=[activity.pk])
    payload = {"files": [SimpleUploadedFile("a.png", PNG)]}
    assert client_for(staff_b).post(url, payload).status_code == 404
    assert (
        client_for(leader).post(url, {"files": [SimpleUploadedFile("a.png", PNG)]}).status_code
        == 403
    )
    assert (
        client_for(doit).post(url, {"files": [SimpleUploadedFile("a.png", PNG)]}).status_code == 403
    )
    assert not Evidence.objects.exists()


def test_legacy_office_files_are_told_apart_by_their_streams():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1200
    assert detect_kind(ole + "WordDocument".encode("utf-16-le")) == "doc"
    assert detect_kind(ole + "Workbook".encode("utf-16-le")) == "xls"
    # a compound file that is neither (e.g. an .msi installer) is refused
    assert detect_kind(ole + "SummaryInformation".encode("utf-16-le")) is None


def test_activity_evidence_without_a_file_asks_for_one(client_for, staff_a, agency_a):
    activity = ActivityFactory(agency=agency_a, author=staff_a)
    url = reverse("assignments:activity_evidence_add", args=[activity.pk])
    response = client_for(staff_a).post(url, {}, follow=True)
    assert "Hãy chọn ít nhất một tệp minh chứng." in response.content.decode()
    assert not Evidence.objects.exists()
