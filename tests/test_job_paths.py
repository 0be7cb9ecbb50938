"""Background jobs live in ``jobs`` modules; jobs queued under the old ``tasks`` paths follow."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from assignments.jobs import reminders_send_job
from enterprises.importing.jobs import enterprise_import_job_run

migration = importlib.import_module("portal.migrations.0001_background_jobs_renamed")


def test_the_jobs_are_found_under_their_module_paths():
    assert enterprise_import_job_run.module_path == (
        "enterprises.importing.jobs.enterprise_import_job_run"
    )
    assert reminders_send_job.module_path == "assignments.jobs.reminders_send_job"
    assert set(migration.RENAMED.values()) == {
        enterprise_import_job_run.module_path,
        reminders_send_job.module_path,
    }


@pytest.mark.django_db
def test_a_job_queued_under_the_old_path_is_repointed_and_resolves():
    def queued(path):
        return DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path=path,
            backend_name="default",
            run_after=timezone.now(),
        )

    old_import = queued("enterprises.tasks.enterprise_import_job_run")
    old_reminder = queued("assignments.tasks.reminders_send_job")
    other = queued("somewhere.else.job")

    migration.forwards(apps, None)

    old_import.refresh_from_db()
    old_reminder.refresh_from_db()
    other.refresh_from_db()
    assert import_string(old_import.task_path) is enterprise_import_job_run
    assert import_string(old_reminder.task_path) is reminders_send_job
    assert other.task_path == "somewhere.else.job"

    migration.backwards(apps, None)
    old_import.refresh_from_db()
    assert old_import.task_path == "enterprises.tasks.enterprise_import_job_run"
