"""``manage.py cleanup_files``: abandoned import uploads and orphaned files are removed; files a row
still needs, and files too young to judge, are kept."""

import datetime as dt
import os
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from assignments.models import Evidence
from enterprises.choices import ImportJobStatus
from enterprises.models import ImportJob
from tests.factories import ProgressFactory


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _store(name: str, *, hours_old: float) -> str:
    name = default_storage.save(name, ContentFile(b"%PDF-1.4 test"))
    stamp = (timezone.now() - dt.timedelta(hours=hours_old)).timestamp()
    os.utime(default_storage.path(name), (stamp, stamp))
    return name


def _job(user, status, *, days_old: float, hours_old: float = 48) -> ImportJob:
    job = ImportJob.objects.create(
        created_by=user,
        file_name=_store(f"imports/enterprises/{user.pk}/x.xlsx", hours_old=hours_old),
        original_name="danh-sach.xlsx",
        status=status,
    )
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - dt.timedelta(days=days_old)
    )
    return job


def _run(*args) -> str:
    out = StringIO()
    call_command("cleanup_files", *args, stdout=out)
    return out.getvalue()


def test_orphans_and_abandoned_imports_are_removed(db, staff_a, doit):
    progress = ProgressFactory(agency=staff_a.agency, author=staff_a)
    kept_evidence = Evidence.objects.create(
        agency=staff_a.agency,
        progress=progress,
        file=_store("evidence/2026/05/kept.pdf", hours_old=500),
        original_name="bien-ban.pdf",
        content_type="application/pdf",
        size=13,
        uploaded_by=staff_a,
    )
    orphan = _store("evidence/2026/05/rolled-back.pdf", hours_old=30)
    young_orphan = _store("evidence/2026/11/being-written.pdf", hours_old=1)
    outside = _store("documents/2026/attachment.pdf", hours_old=500)  # not an upload folder
    abandoned = _job(doit, ImportJobStatus.READY, days_old=10)
    recent = _job(doit, ImportJobStatus.READY, days_old=2)
    failed = _job(doit, ImportJobStatus.FAILED, days_old=1)

    preview = _run("--dry-run")
    assert "rolled-back.pdf" in preview and f"#{abandoned.pk}" in preview
    assert failed.file_name in preview
    assert all(
        default_storage.exists(n)
        for n in (orphan, abandoned.file_name, failed.file_name, kept_evidence.file.name)
    ), "a dry run deletes nothing"
    abandoned.refresh_from_db()
    assert abandoned.status == ImportJobStatus.READY

    report = _run()
    assert "1 lượt nhập bỏ dở và 2 tệp mồ côi" in report
    assert not default_storage.exists(orphan)
    assert not default_storage.exists(abandoned.file_name)
    assert not default_storage.exists(failed.file_name)
    abandoned.refresh_from_db()
    assert abandoned.status == ImportJobStatus.CANCELLED
    for name in (kept_evidence.file.name, young_orphan, outside, recent.file_name):
        assert default_storage.exists(name), name

    assert "0 lượt nhập bỏ dở và 0 tệp mồ côi" in _run(), "a second run finds nothing"


def test_an_empty_storage_is_fine(db):
    assert "0 lượt nhập bỏ dở và 0 tệp mồ côi" in _run()


@pytest.mark.parametrize("args", [["--days", "0"], ["--hours", "-3"]])
def test_an_age_below_one_is_refused(db, doit, args):
    from django.core.management.base import CommandError

    job = _job(doit, ImportJobStatus.READY, days_old=0, hours_old=0)
    with pytest.raises(CommandError):
        _run(*args)
    job.refresh_from_db()
    assert job.status == ImportJobStatus.READY and default_storage.exists(job.file_name)


def test_form_tokens_older_than_a_day_are_deleted(db, staff_a):
    from accounts.models import FormToken

    old = FormToken.objects.create(token="o" * 32, user=staff_a, location="/nhiem-vu/1/")
    young = FormToken.objects.create(token="y" * 32, user=staff_a, location="/nhiem-vu/1/")
    FormToken.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(hours=25))
    FormToken.objects.filter(pk=young.pk).update(created_at=timezone.now() - dt.timedelta(hours=23))

    assert "Sẽ xóa 1 mã biểu mẫu" in _run("--dry-run")
    assert FormToken.objects.count() == 2
    assert "Đã xóa 1 mã biểu mẫu" in _run()
    assert list(FormToken.objects.values_list("token", flat=True)) == ["y" * 32]


def test_case_study_files_are_kept_and_replaced_ones_removed(db):
    from tests.factories import CaseStudyFactory

    cover = _store("case_studies/2026/11/cover.png", hours_old=100)
    letter = _store("case_studies/2026/11/consent.pdf", hours_old=100)
    replaced = _store("case_studies/2026/10/old-cover.png", hours_old=100)
    CaseStudyFactory(cover_image=cover, consent_document=letter)
    assert "0 lượt nhập bỏ dở và 1 tệp mồ côi" in _run()
    assert default_storage.exists(cover) and default_storage.exists(letter)
    assert not default_storage.exists(replaced)


def test_enterprise_option_evidence_is_kept(db, firm, firm_company):
    """An enterprise's evidence (under evidence/options/) is a referenced file, not an orphan."""
    import time

    from django.core.files.uploadedfile import SimpleUploadedFile

    from reports import firm_workflow as wf
    from tests.factories import OptionFactory

    option = OptionFactory(assessment__enterprise=firm_company)
    evidence = wf.option_evidence_add(
        option=option,
        upload=SimpleUploadedFile("hoa-don.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"),
        actor=firm,
    )
    old = time.time() - 3 * 86400
    os.utime(default_storage.path(evidence.file.name), (old, old))
    call_command("cleanup_files", stdout=StringIO())
    assert default_storage.exists(evidence.file.name)
