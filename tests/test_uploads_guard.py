"""Uploads: size cap, type from content, generated storage names, downloads as attachments,
and the refusal of zip bombs, oversized files and polyglots on every path that takes a file:
evidence (progress, activities), the registry import (portal, admin, ``import_enterprises``) and
the directive import (admin, ``import_directive``)."""

from __future__ import annotations

import io
import tracemalloc

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from assignments.models import Activity, Evidence, ProgressUpdate
from enterprises.models import Enterprise, ImportJob
from programs.models import LegalDocument
from tests import zipcraft
from tests.directive_docs import docx_bytes
from tests.factories import PDF_BYTES, build_world

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
    assertRedirects(response, reverse("assignments:activity_detail", args=[world.activity.pk]))
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


# --- Bombs, oversized files and polyglots on every upload path ---------------------------------

BOMB_MIB = 512  # a ~530 KB file; the 2 GiB one is in test_archives and the evidence test below
THIRTY_MB = 30 * 1024 * 1024


def _import_xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Mã số thuế", "Tên cơ sở"])
    book.active.append(["0100233488", "Công ty TNHH Thủy sản Mẫu"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


#: what each family of paths takes, as (file name, bytes) per hostile kind
PAYLOADS = {
    "evidence": {
        "bomb": ("so-lieu.xlsx", lambda: zipcraft.content_types_bomb(BOMB_MIB)),
        "30mb": ("scan.pdf", lambda: PDF_BYTES + bytes(THIRTY_MB)),
        # a PDF that is also a spreadsheet package
        "polyglot": ("bien-ban.pdf", lambda: PDF_BYTES + _import_xlsx()),
    },
    "registry": {
        "bomb": ("danh-sach.xlsx", lambda: zipcraft.xlsx_bomb(BOMB_MIB)),
        "30mb": ("danh-sach.csv", lambda: b"Ma so thue;Ten co so\n" + b"x" * THIRTY_MB),
        "polyglot": ("danh-sach.xlsx", lambda: PDF_BYTES + _import_xlsx()),
    },
    "directive": {
        "bomb": ("chi-thi.docx", lambda: zipcraft.docx_bomb(BOMB_MIB)),
        "30mb": ("chi-thi.docx", lambda: b"PK\x03\x04" + bytes(THIRTY_MB)),
        "polyglot": ("chi-thi.docx", lambda: PDF_BYTES + docx_bytes()),
    },
}
MESSAGES = {
    "bomb": "giải nén bất thường",
    "30mb": "quá",  # "vượt quá giới hạn" / "Tệp quá lớn"
    "polyglot": "đa định dạng",
}


def _evidence_on_progress(ctx, name, data):
    response = ctx.client_for(ctx.staff_a).post(
        reverse("assignments:progress_create", args=[ctx.world.task.pk]),
        {
            "period": ctx.world.period.pk,
            "status": "in_progress",
            "percent": 50,
            "narrative": "Đã in tờ rơi.",
            "files": [SimpleUploadedFile(name, data)],
        },
    )
    assert response.status_code == 400
    return response.content.decode()


def _evidence_with_new_activity(ctx, name, data):
    response = ctx.client_for(ctx.staff_a).post(
        reverse("assignments:task_activity_create", args=[ctx.world.task.pk]),
        {
            "kind": "media",
            "title": "Phóng sự SXSH",
            "held_on": "2026-04-02",
            "quantity": 1,
            "participants": 0,
            "cost_vnd": 0,
            "funding_source": "local_budget",
            "files": [SimpleUploadedFile(name, data)],
        },
    )
    assert response.status_code == 400
    return response.content.decode()


def _evidence_added_to_activity(ctx, name, data):
    response = _attach(ctx.client_for(ctx.staff_a), ctx.world, SimpleUploadedFile(name, data))
    assert response.status_code == 400
    return response.content.decode()


def _registry_portal(ctx, name, data):
    response = ctx.client_for(ctx.doit).post(
        reverse("enterprises:import_upload"), {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 200  # the form again, with the reason on the file field
    assert response.context["form"].errors["file"]
    return response.content.decode()


def _registry_admin(ctx, name, data):
    response = ctx.client_for(ctx.admin_user).post(
        reverse("admin:enterprises_enterprise_import"),
        {"format": "0", "resource": "0", "import_file": SimpleUploadedFile(name, data)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["import_file"]
    assert not response.context.get("confirm_form")
    return response.content.decode()


def _registry_command(ctx, name, data):
    path = ctx.tmp_path / name
    path.write_bytes(data)
    stderr = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("import_enterprises", str(path), stderr=stderr)
    assert exited.value.code == 1
    return stderr.getvalue()


def _directive_admin(ctx, name, data):
    response = ctx.client_for(ctx.admin_user).post(
        reverse("admin:programs_legaldocument_import"),
        {"step": "parse", "file": SimpleUploadedFile(name, data)},
    )
    assert response.status_code == 200
    assert "payload" not in response.context["form"].fields  # no preview was built
    return response.content.decode()


def _directive_command(ctx, name, data):
    path = ctx.tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError) as refused:
        call_command("import_directive", str(path))
    return str(refused.value)


PATHS = {
    "evidence-progress": ("evidence", _evidence_on_progress),
    "evidence-new-activity": ("evidence", _evidence_with_new_activity),
    "evidence-activity": ("evidence", _evidence_added_to_activity),
    "registry-portal": ("registry", _registry_portal),
    "registry-admin": ("registry", _registry_admin),
    "registry-command": ("registry", _registry_command),
    "directive-admin": ("directive", _directive_admin),
    "directive-command": ("directive", _directive_command),
}


class _Ctx:
    def __init__(self, **kwargs):
        self.__dict__.update(kwargs)


def _stored_files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def ctx(settings, tmp_path, client_for, staff_a, doit, admin_user, agency_a):
    settings.MEDIA_ROOT = tmp_path / "media"
    # the admin's between-steps copy of an import goes to MEDIA_ROOT too, so it is counted
    settings.IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"
    world = build_world(agency_a=agency_a, staff_a=staff_a, doit=doit)
    return _Ctx(
        client_for=client_for,
        staff_a=staff_a,
        doit=doit,
        admin_user=admin_user,
        world=world,
        tmp_path=tmp_path,
        media=settings.MEDIA_ROOT,
    )


def _counts():
    return (
        Evidence.objects.count(),
        ProgressUpdate.objects.count(),
        Activity.objects.count(),
        ImportJob.objects.count(),
        Enterprise.objects.count(),
        LegalDocument.objects.count(),
    )


@pytest.mark.parametrize("hostile", ["bomb", "30mb", "polyglot"])
@pytest.mark.parametrize("path", list(PATHS))
def test_every_upload_path_refuses_it_in_vietnamese_and_stores_nothing(ctx, path, hostile):
    family, send = PATHS[path]
    name, make = PAYLOADS[family][hostile]
    data = make()
    counts, files = _counts(), _stored_files(ctx.media)
    text = send(ctx, name, data)
    assert MESSAGES[hostile] in text
    assert _counts() == counts  # no Evidence, update, activity, import job, enterprise, document
    assert _stored_files(ctx.media) == files


@pytest.mark.parametrize("path", list(PATHS))
def test_a_bomb_is_refused_with_flat_memory_on_every_path(ctx, path):
    family, send = PATHS[path]
    name, make = PAYLOADS[family]["bomb"]
    data = make()
    tracemalloc.start()
    try:
        text = send(ctx, name, data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert MESSAGES["bomb"] in text
    # the request, its upload and the page: a few MB; the bomb would be 512 MiB
    assert peak < 32 * 1024 * 1024, f"peak {peak / 1048576:.1f} MiB"


def test_the_2_gib_evidence_bomb_of_the_issue_is_refused_fast(ctx):
    import time

    bomb = zipcraft.content_types_bomb(2048)
    assert len(bomb) < 2.5 * 1024 * 1024
    started = time.perf_counter()
    text = _evidence_on_progress(ctx, "so-lieu.xlsx", bomb)
    assert time.perf_counter() - started < 1.0
    assert "so-lieu.xlsx" in text and MESSAGES["bomb"] in text
    assert Evidence.objects.count() == 1  # build_world's own
