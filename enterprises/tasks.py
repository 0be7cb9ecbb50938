"""Background jobs (Django's task API; the database backend runs in ``manage.py db_worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def enterprise_import_job_run(job_id: int, write: bool) -> str:
    """Check (``write=False``) or check-and-write an uploaded registry file."""
    from enterprises.models import ImportJob
    from enterprises.services import import_job_execute

    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    import_job_execute(job=job, write=write)
    job.refresh_from_db()
    return job.status
