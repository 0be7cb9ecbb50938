"""Queued background jobs follow their functions to the ``jobs`` modules.

The database task backend stores each job's dotted path; a job enqueued before the rename would
otherwise fail to import when the worker picks it up.
"""

from django.db import migrations

RENAMED = {
    "enterprises.tasks.enterprise_import_job_run": (
        "enterprises.importing.jobs.enterprise_import_job_run"
    ),
    "assignments.tasks.reminders_send_job": "assignments.jobs.reminders_send_job",
}


def forwards(apps, schema_editor):
    results = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in RENAMED.items():
        results.objects.filter(task_path=old).update(task_path=new)


def backwards(apps, schema_editor):
    results = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in RENAMED.items():
        results.objects.filter(task_path=new).update(task_path=old)


class Migration(migrations.Migration):
    dependencies = [("django_tasks_database", "0021_conditional_partial_index_ordering")]

    operations = [migrations.RunPython(forwards, backwards)]
