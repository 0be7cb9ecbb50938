"""``manage.py cleanup_files``: stored files nobody will read again (run daily, from cron).

- **Abandoned imports**: an enterprise spreadsheet checked but never confirmed (or never checked)
  for ``--days`` days is cancelled, which deletes its stored copy.
- **Orphans**: files under ``evidence/`` and ``imports/`` that no row still needs, older than
  ``--hours`` — an upload stored just before its transaction rolled back, or the copy a failed
  import left behind. The age guard leaves alone a file whose row is still being written.
- **Form tokens** older than a day (``accounts.formtokens.KEEP``): a form posted again after
  that is treated as new.

Works through Django's storage API, so the local folder and S3-compatible storage alike.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

#: folders the app writes uploads into (assignments.models.evidence_upload_to,
#: enterprises.importing.jobs.import_job_create)
UPLOAD_FOLDERS = ("evidence", "imports")


def stored_files(folder: str):
    """Every file name under ``folder`` in the default storage (recursive)."""
    try:
        dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in dirs:
        yield from stored_files(f"{folder}/{sub}")


class Command(BaseCommand):
    help = "Xóa tệp không còn dùng: lượt nhập bỏ dở và tệp không gắn với dữ liệu nào."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=7, help="lượt nhập bỏ dở quá số ngày này thì hủy (7)"
        )
        parser.add_argument(
            "--hours", type=int, default=24, help="chỉ xóa tệp mồ côi cũ hơn số giờ này (24)"
        )
        parser.add_argument("--dry-run", action="store_true", help="chỉ liệt kê, không xóa")

    def handle(self, *args, days, hours, dry_run, **options):
        from accounts.formtokens import KEEP
        from accounts.models import FormToken
        from assignments.models import Evidence
        from enterprises.choices import ImportJobStatus
        from enterprises.importing.jobs import import_job_cancel
        from enterprises.models import ImportJob

        if days < 1 or hours < 1:
            # a zero or negative age would cancel imports being checked right now
            raise CommandError("--days và --hours phải từ 1 trở lên.")
        now = timezone.now()
        verb = "Sẽ xóa" if dry_run else "Đã xóa"

        abandoned = ImportJob.objects.filter(
            status__in=[ImportJobStatus.UPLOADED, ImportJobStatus.READY],
            created_at__lt=now - dt.timedelta(days=days),
        )
        cancelled = 0
        for job in abandoned:
            self.stdout.write(f"{verb} lượt nhập bỏ dở #{job.pk}: {job.original_name}")
            if not dry_run:
                import_job_cancel(job=job)
            cancelled += 1

        referenced = set(Evidence.objects.values_list("file", flat=True))
        live_jobs = ImportJob.objects.exclude(
            status__in=[
                ImportJobStatus.DONE,
                ImportJobStatus.INVALID,
                ImportJobStatus.CANCELLED,
                ImportJobStatus.FAILED,
            ]
        )
        referenced.update(live_jobs.values_list("file_name", flat=True))
        cutoff = now - dt.timedelta(hours=hours)
        orphans = 0
        for folder in UPLOAD_FOLDERS:
            for name in stored_files(folder):
                if name in referenced or default_storage.get_modified_time(name) >= cutoff:
                    continue
                self.stdout.write(f"{verb} tệp mồ côi: {name}")
                if not dry_run:
                    default_storage.delete(name)
                orphans += 1
        old_tokens = FormToken.objects.filter(created_at__lt=now - KEEP)
        tokens = old_tokens.count() if dry_run else old_tokens.delete()[0]
        self.stdout.write(f"{verb} {tokens} mã biểu mẫu đã gửi quá 1 ngày.")
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {cancelled} lượt nhập bỏ dở và {orphans} tệp mồ côi"
                + (" (chạy thử, chưa xóa gì)." if dry_run else ".")
            )
        )
