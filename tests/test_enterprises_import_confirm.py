"""Confirming an enterprise import writes it once: a second confirm is told it is done.

Two confirms posted at once both read the job as "ready" before either wrote. The tests replay
that deterministically: a second request holds a job instance loaded before the first confirm
finished (``stale``). Before the claim, that second request ran the importer again, found the
stored file gone and marked the written job "failed — no row saved".
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enterprises.choices import ImportJobStatus
from enterprises.importing import jobs
from enterprises.models import Enterprise, ImportJob
from enterprises.reference import reference_data_load
from tests.factories_enterprises import valid_tax_code


@pytest.fixture
def reference(db):
    return reference_data_load()


def _xlsx(count: int) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Mã số thuế", "Tên cơ sở", "Mã ngành VSIC", "Xã/phường"])
    for n in range(1, count + 1):
        ws.append([valid_tax_code(n), f"Cơ sở {n}", "1020", "Phường Long Xuyên"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def ready_job(client_for, doit, reference):
    c = client_for(doit)
    c.post(
        reverse("enterprises:import_upload"),
        {"file": SimpleUploadedFile("ds.xlsx", _xlsx(3))},
    )
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.READY
    return c, job


def _confirm(c, job):
    return c.post(reverse("enterprises:import_confirm", args=[job.pk]), follow=True)


@pytest.mark.parametrize("inline_max_rows", [2000, 1], ids=["inline", "background"])
def test_a_confirm_racing_a_finished_one_is_told_it_is_done_and_the_job_stays_done(
    ready_job, monkeypatch, inline_max_rows
):
    monkeypatch.setattr(jobs, "INLINE_MAX_ROWS", inline_max_rows)
    c, job = ready_job
    stale = ImportJob.objects.get(pk=job.pk)  # the second request read the job as ready
    _confirm(c, job)

    with pytest.raises(ValidationError) as refused:
        jobs.import_job_start(job=stale, write=True)

    assert refused.value.code == "done"
    assert "đã được ghi xong trước đó (3 cơ sở mới, 0 cơ sở cập nhật)" in refused.value.messages[0]
    job.refresh_from_db()
    assert (job.status, job.created_count, job.file_error) == (ImportJobStatus.DONE, 3, "")
    assert Enterprise.objects.count() == 3


def test_a_second_confirm_post_shows_done_not_a_failure(ready_job):
    c, job = ready_job
    first = _confirm(c, job)
    assert "Đã nhập xong: 3 cơ sở mới" in first.content.decode()

    second = _confirm(c, job)

    assert second.redirect_chain == [(reverse("enterprises:import_job", args=[job.pk]), 302)]
    page = second.content.decode()
    assert "Lượt nhập này đã được ghi xong trước đó (3 cơ sở mới, 0 cơ sở cập nhật)" in page
    assert "không dòng nào được lưu" not in page
    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE
    assert Enterprise.objects.count() == 3


def test_a_confirm_while_the_job_is_being_written_is_told_to_wait(ready_job):
    c, job = ready_job
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.RUNNING)

    response = _confirm(c, job)

    assert "Lượt nhập này đang được ghi" in response.content.decode()
    assert Enterprise.objects.count() == 0


def test_a_cancel_racing_a_finished_confirm_leaves_the_job_done(ready_job):
    c, job = ready_job
    stale = ImportJob.objects.get(pk=job.pk)
    _confirm(c, job)

    with pytest.raises(ValidationError, match="Không thể hủy"):
        jobs.import_job_cancel(job=stale)

    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE


def test_a_ready_job_can_still_be_cancelled(ready_job):
    c, job = ready_job
    response = c.post(reverse("enterprises:import_cancel", args=[job.pk]), follow=True)
    assert "Đã hủy lượt nhập" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportJobStatus.CANCELLED
    assert Enterprise.objects.count() == 0
