"""An uploaded registry file as an ``ImportJob``: stored once checked, validated, then written on
confirmation — inline when small, by the background job ``enterprise_import_job_run`` when large
(Django's task API; the database backend runs in ``manage.py db_worker``)."""

from __future__ import annotations

import logging
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from enterprises.choices import ImportJobStatus
from enterprises.importing.reading import FileRejected, inspect_upload
from enterprises.importing.writing import enterprises_import
from enterprises.models import ImportJob

logger = logging.getLogger(__name__)


#: above this many rows the check and the write run as a background task with a progress page
INLINE_MAX_ROWS = 2000


MAX_STORED_ERRORS = 2000


def import_job_create(*, upload, actor) -> ImportJob:
    """Keep the upload in the default storage under a generated name tied to the user.

    A file the importer would refuse outright (too big, a zip bomb, a polyglot, not a
    spreadsheet…) raises ValidationError before anything is stored or any job exists.
    """
    try:
        checked = inspect_upload(upload)
    except FileRejected as exc:
        raise ValidationError(str(exc), code="rejected") from None
    name = default_storage.save(
        f"imports/enterprises/{actor.pk}/{uuid.uuid4().hex}.{checked.kind}",
        ContentFile(checked.data),  # exactly the bytes that were checked
    )
    return ImportJob.objects.create(
        created_by=actor,
        file_name=name,
        original_name=(upload.name or "")[:255],
        size=len(checked.data),
        total_rows=checked.estimated_rows,
    )


def _job_claim(job: ImportJob, *, from_statuses, to_status: str, **fields) -> bool:
    """Move the job to ``to_status`` only if it is still in one of ``from_statuses``.

    A conditional UPDATE (compare-and-set on ``status``), so of two requests that both read the
    job as ready — a double-clicked confirm, a form posted twice — exactly one wins; ``job`` is
    refreshed either way.
    """
    claimed = ImportJob.objects.filter(pk=job.pk, status__in=from_statuses).update(
        status=to_status, **fields
    )
    job.refresh_from_db()
    return bool(claimed)


def _not_writable(job: ImportJob) -> ValidationError:
    if job.status == ImportJobStatus.DONE:
        return ValidationError(
            _(
                "Lượt nhập này đã được ghi xong trước đó (%(c)s cơ sở mới, %(u)s cơ sở cập "
                "nhật); không ghi lại lần nữa."
            )
            % {"c": job.created_count, "u": job.updated_count},
            code="done",
        )
    if job.status == ImportJobStatus.RUNNING:
        return ValidationError(
            _("Lượt nhập này đang được ghi; trang sẽ tự cập nhật khi xong."), code="running"
        )
    return ValidationError(_("Chỉ ghi được tệp đã kiểm tra không có lỗi."), code="not_ready")


def import_job_start(*, job: ImportJob, write: bool) -> bool:
    """Check (or write) now when the file is small; queue it when large. True when queued.

    Writing first claims the job (ready → running); a second confirm of the same job is told
    it is running or done, and never runs the importer again.
    """
    if write and not _job_claim(
        job,
        from_statuses=[ImportJobStatus.READY],
        to_status=ImportJobStatus.RUNNING,
        processed_rows=0,
    ):
        raise _not_writable(job)
    if job.total_rows > INLINE_MAX_ROWS:
        if not write:
            job.status = ImportJobStatus.VALIDATING
            job.processed_rows = 0
            job.save(update_fields=["status", "processed_rows"])
        enterprise_import_job_run.enqueue(job_id=job.pk, write=write)
        return True
    import_job_execute(job=job, write=write)
    return False


def import_job_execute(*, job: ImportJob, write: bool) -> ImportJob:
    """Run the importer on the stored file and record the outcome on the job.

    Deliberately not one transaction: progress must be visible to the polling page while the
    importer runs; the importer itself writes all rows in one transaction or none.
    """
    job.status = ImportJobStatus.RUNNING if write else ImportJobStatus.VALIDATING
    job.processed_rows = 0
    job.save(update_fields=["status", "processed_rows"])

    def progress(phase: str, done: int, total: int) -> None:
        fields = {"processed_rows": done}
        if total:
            fields["total_rows"] = total
        ImportJob.objects.filter(pk=job.pk).update(**fields)

    try:
        with default_storage.open(job.file_name, "rb") as stored:
            data = stored.read()
        result = enterprises_import(
            file=data, actor=job.created_by, dry_run=not write, progress=progress
        )
    except Exception:
        logger.exception("import job %s failed", job.pk)
        job.status = ImportJobStatus.FAILED
        job.file_error = _("Lỗi hệ thống khi xử lý tệp; không dòng nào được lưu.")
        job.finished_at = timezone.now()
        job.save()
        return job

    job.refresh_from_db(fields=["total_rows", "processed_rows"])
    job.file_error = result.file_error
    job.errors = [e.as_dict() for e in result.errors[:MAX_STORED_ERRORS]]
    job.sample = result.sample
    job.total_rows = result.total_rows
    job.processed_rows = result.total_rows
    job.finished_at = timezone.now()
    if not result.ok:
        job.status = ImportJobStatus.INVALID
        default_storage.delete(job.file_name)  # a corrected file will be uploaded anew
    elif write:
        job.status = ImportJobStatus.DONE
        job.created_count, job.updated_count = result.created, result.updated
        default_storage.delete(job.file_name)  # the data now lives in the registry
    else:
        job.status = ImportJobStatus.READY
        job.to_create, job.to_update = result.created, result.updated
    job.save()
    return job


def import_job_cancel(*, job: ImportJob) -> ImportJob:
    # claimed like a confirm, so a cancel racing a confirm cannot delete the file being written
    cancellable = [
        status
        for status in ImportJobStatus.values
        if status not in (ImportJobStatus.RUNNING, ImportJobStatus.DONE)
    ]
    if not _job_claim(job, from_statuses=cancellable, to_status=ImportJobStatus.CANCELLED):
        raise ValidationError(_("Không thể hủy lượt nhập đang ghi hoặc đã hoàn thành."))
    if default_storage.exists(job.file_name):
        default_storage.delete(job.file_name)
    return job


@task()
def enterprise_import_job_run(job_id: int, write: bool) -> str:
    """Check (``write=False``) or check-and-write an uploaded registry file."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    import_job_execute(job=job, write=write)
    job.refresh_from_db()
    return job.status
