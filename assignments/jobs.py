"""Background jobs of the assignments app (Django's task API; the database backend runs in
``manage.py db_worker``)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from assignments.services import reminders_send


@task()
def reminders_send_job(date: str | None = None, days: int = 30) -> dict:
    """The daily reminder run, for a scheduler that enqueues rather than runs the command."""
    today = dt.date.fromisoformat(date) if date else None
    result = reminders_send(today=today, days=days)
    return {"sent": result.sent, "already_sent": result.already_sent, "agencies": result.agencies}
