"""Writes on tasks: progress updates, activities, evidence files, reminders.

Views, admin actions, management commands and the demo seed all go through these functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments import extensions
from assignments.access import agency_role_on, may_write
from assignments.choices import FundingSource, ProgressStatus
from assignments.locks import activity_lock_reason, progress_lock_reason
from assignments.models import (
    DUE_SOON_DAYS,
    Activity,
    Evidence,
    ProgressUpdate,
    ReminderLog,
    Task,
)
from assignments.uploads import sniff_upload


def _check_writer(actor, task: Task | None, agency) -> None:
    if not may_write(actor) or actor.agency_id != agency.pk:
        raise PermissionDenied(_("Bạn không có quyền ghi nhận công việc cho đơn vị này."))
    if task is not None and agency_role_on(task, agency.pk) is None:
        raise PermissionDenied(
            _("Đơn vị của bạn không chủ trì, phối hợp hay thuộc nhóm được giao nhiệm vụ này.")
        )


def _validate_files(files: Sequence) -> list:
    """Sniff every file before anything is written: one bad file means nothing is saved."""
    checked, errors = [], []
    for upload in files:
        try:
            checked.append((upload, sniff_upload(upload)))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"files": errors})
    return checked


def _store(checked, *, actor, agency, progress=None, activity=None) -> list[Evidence]:
    stored = []
    for upload, info in checked:
        evidence = Evidence(
            agency=agency,
            progress=progress,
            activity=activity,
            original_name=info.original_name,
            content_type=info.content_type,
            size=info.size,
            uploaded_by=actor,
        )
        upload.seek(0)
        # the storage name comes from evidence_upload_to (random), only the extension is ours
        evidence.file.save(f"x.{info.extension}", upload, save=False)
        evidence._history_user = actor
        evidence.save()
        stored.append(evidence)
    return stored


@transaction.atomic
def progress_add(
    *,
    task: Task,
    period,
    actor,
    status: str,
    percent: int,
    narrative: str,
    files: Iterable = (),
    extra: dict | None = None,
) -> ProgressUpdate:
    """Append the actor's agency's progress on a task for a period (entries are never edited).

    Coordinating agencies add their contribution the same way. Refused once the period is frozen
    for the agency (``assignments.locks``: closed, or inside a period whose report was accepted).
    """
    agency = actor.agency
    _check_writer(actor, task, agency)
    errors: dict[str, list[str]] = {}
    reason = progress_lock_reason(period=period, agency=agency)
    if reason:
        errors["period"] = [reason]
    if status not in ProgressStatus.values:
        errors["status"] = [_("Tình trạng không hợp lệ.")]
    if percent is None or not 0 <= int(percent) <= 100:
        errors["percent"] = [_("Tỷ lệ hoàn thành phải từ 0 đến 100.")]
    elif status == ProgressStatus.DONE and int(percent) != 100:
        errors["percent"] = [_("Nhiệm vụ hoàn thành thì tỷ lệ phải là 100%.")]
    if not (narrative or "").strip():
        errors["narrative"] = [_("Hãy mô tả nội dung đã thực hiện.")]
    if errors:
        raise ValidationError(errors)
    checked = _validate_files(list(files))
    update = ProgressUpdate(
        task=task,
        agency=agency,
        period=period,
        status=status,
        percent=int(percent),
        narrative=narrative.strip(),
        author=actor,
    )
    update._history_user = actor
    update.save()
    _store(checked, actor=actor, agency=agency, progress=update)
    extensions.save_all(extensions.progress_extensions(), obj=update, data=extra, actor=actor)
    return update


@transaction.atomic
def activity_record(
    *,
    agency,
    actor,
    kind: str,
    title: str,
    held_on: dt.date,
    task: Task | None = None,
    location: str = "",
    quantity: int = 1,
    participants: int = 0,
    cost_vnd: Decimal | int = 0,
    funding_source: str = FundingSource.LOCAL_BUDGET,
    description: str = "",
    enterprises: Iterable = (),
    files: Iterable = (),
    extra: dict | None = None,
) -> Activity:
    """Record something the agency did (a training, a workshop, a media piece…).

    Refused when ``held_on`` lies in a window frozen for the agency (``Activity.clean``).
    ``extra``: the values of the fields higher apps add to the form (``assignments.extensions``),
    saved by them in this transaction.
    """
    _check_writer(actor, task, agency)
    if not (title or "").strip():
        raise ValidationError({"title": [_("Hãy nhập tên hoạt động.")]})
    if cost_vnd is not None and Decimal(cost_vnd) < 0:
        raise ValidationError({"cost_vnd": [_("Kinh phí không được âm.")]})
    checked = _validate_files(list(files))
    activity = Activity(
        agency=agency,
        task=task,
        kind=kind,
        title=title.strip(),
        held_on=held_on,
        location=location,
        quantity=quantity or 0,
        participants=participants or 0,
        cost_vnd=cost_vnd or 0,
        funding_source=funding_source,
        description=description,
        author=actor,
    )
    activity.full_clean(exclude=["enterprises"])
    activity._history_user = actor
    activity.save()
    enterprises = list(enterprises)
    if enterprises:
        activity.enterprises.set(enterprises)
    _store(checked, actor=actor, agency=agency, activity=activity)
    extensions.save_all(extensions.activity_extensions(), obj=activity, data=extra, actor=actor)
    return activity


@transaction.atomic
def evidence_attach(*, actor, uploads: Sequence, progress=None, activity=None) -> list[Evidence]:
    """Attach more files to the actor's own progress update or activity (all or nothing)."""
    parent = progress or activity
    if parent is None or (progress is not None and activity is not None):
        raise ValueError("evidence_attach needs exactly one of progress/activity")
    if not may_write(actor) or parent.agency_id != actor.agency_id:
        raise PermissionDenied(_("Bạn chỉ có thể bổ sung minh chứng cho mục của đơn vị mình."))
    if progress is not None:
        reason = progress_lock_reason(period=progress.period, agency=progress.agency_id)
    else:
        reason = activity_lock_reason(date=activity.held_on, agency=activity.agency_id)
    if reason:
        raise ValidationError({"files": [reason]})
    checked = _validate_files(list(uploads))
    return _store(checked, actor=actor, agency=parent.agency, progress=progress, activity=activity)


# --- reminders -----------------------------------------------------------------------------


@dataclass
class ReminderResult:
    sent: int = 0
    already_sent: int = 0
    agencies: int = 0


def _reminder_message(*, user, agency, overdue, due_soon, today, days):
    context = {
        "user": user,
        "agency": agency,
        "overdue": overdue,
        "due_soon": due_soon,
        "today": today,
        "days": days,
        "base_url": settings.PORTAL_BASE_URL.rstrip("/"),
    }
    subject = _("[SXSH] %(agency)s: %(overdue)s nhiệm vụ quá hạn, %(soon)s sắp đến hạn") % {
        "agency": agency.short_name or agency.name,
        "overdue": len(overdue),
        "soon": len(due_soon),
    }
    text = render_to_string("assignments/email/reminder.txt", context)
    html = render_to_string("assignments/email/reminder.html", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


def reminders_send(*, today: dt.date | None = None, days: int = DUE_SOON_DAYS) -> ReminderResult:
    """Email each agency's active users one message listing their overdue and due-soon tasks.

    Each (user, day) is logged in ReminderLog in the same transaction as the send, so running
    the job twice on a day sends nothing twice, and a failed send can be retried.
    """
    from accounts.models import Agency, User

    today = today or timezone.localdate()
    result = ReminderResult()
    users_by_agency: dict[int, list] = {}
    for user in (
        User.objects.filter(is_active=True, agency__isnull=False)
        .exclude(email="")
        .order_by("agency_id", "username")
    ):
        users_by_agency.setdefault(user.agency_id, []).append(user)
    for agency in Agency.objects.filter(pk__in=users_by_agency).order_by("name"):
        tasks = list(
            Task.objects.for_agency(agency)
            # a group task reminds each member of its own part
            .with_status(today, days=days, agency=agency)
            .filter(urgency__lte=1)
            .select_related("document")
            .by_urgency()
        )
        if not tasks:
            continue
        result.agencies += 1
        overdue = [t for t in tasks if t.is_overdue]
        due_soon = [t for t in tasks if t.is_due_soon]
        for user in users_by_agency[agency.pk]:
            with transaction.atomic():
                _log, created = ReminderLog.objects.get_or_create(
                    user=user,
                    sent_on=today,
                    defaults={
                        "agency": agency,
                        "overdue_count": len(overdue),
                        "due_soon_count": len(due_soon),
                    },
                )
                if not created:
                    result.already_sent += 1
                    continue
                _reminder_message(
                    user=user,
                    agency=agency,
                    overdue=overdue,
                    due_soon=due_soon,
                    today=today,
                    days=days,
                ).send()
                result.sent += 1
    return result
