"""Background jobs (Django's task API; the database backend runs in ``manage.py db_worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def reminders_send_job(date: str | None = None, days: int = 30) -> dict:
    """The daily reminder run, for a scheduler that enqueues rather than runs the command."""
    import datetime as dt

    from assignments.services import reminders_send

    today = dt.date.fromisoformat(date) if date else None
    result = reminders_send(today=today, days=days)
    return {"sent": result.sent, "already_sent": result.already_sent, "agencies": result.agencies}
