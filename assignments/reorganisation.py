"""The 2025 reorganisation: merging an agency into its successor.

The old agency is kept (history, reports and progress stay under its old name); its open work and
its people move to the successor. ``Agency.current()`` then rolls the old agency up into the
successor for figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import Agency


@dataclass
class MergeResult:
    tasks_moved: int = 0
    coordinations_moved: int = 0
    users_moved: int = 0
    #: tasks the successor already leads under the same document and number; left in place
    duplicates: list = field(default_factory=list)
    agency_changed: bool = False

    @property
    def changed(self) -> bool:
        return bool(
            self.agency_changed or self.tasks_moved or self.coordinations_moved or self.users_moved
        )


def _reason(agency: Agency, into: Agency) -> str:
    return _("Sáp nhập %(old)s vào %(new)s") % {"old": agency.name, "new": into.name}


@transaction.atomic
def agency_merge(*, agency: Agency, into: Agency, actor, on: dt.date | None = None) -> MergeResult:
    """Merge ``agency`` into ``into`` as of ``on`` (its last day is the day before).

    Moves the agency's open tasks (as lead and as coordinator) and its users to ``into``; done
    one-off tasks, progress updates, activities and reports stay with the old agency. Every change
    is recorded in the change history with the actor and a reason. Running it again is harmless.
    """
    from accounts.models import User
    from assignments.models import Task

    on = on or timezone.localdate()
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    into = Agency.objects.get(pk=into.pk)
    if agency.pk == into.pk:
        raise ValidationError(_("Không thể sáp nhập một cơ quan vào chính nó."))
    if into.current().pk == agency.pk:
        raise ValidationError(
            _("%(new)s đang được sáp nhập vào %(old)s; không thể sáp nhập ngược lại.")
            % {"new": into.name, "old": agency.name}
        )
    if agency.successor_id and agency.successor_id != into.pk:
        raise ValidationError(
            _("%(old)s đã có cơ quan kế thừa là %(succ)s.")
            % {"old": agency.name, "succ": agency.successor}
        )
    if into.active_until is not None and into.active_until < on:
        raise ValidationError(
            _("%(new)s không còn hoạt động vào ngày %(day)s.")
            % {"new": into.name, "day": on.strftime("%d/%m/%Y")}
        )
    reason = _reason(agency, into)
    result = MergeResult()

    last_day = on - dt.timedelta(days=1)
    if agency.successor_id != into.pk or agency.active_until is None:
        agency.successor = into
        if agency.active_until is None:
            agency.active_until = max(last_day, agency.active_from or last_day)
        agency._history_user = actor
        agency._change_reason = reason
        agency.save()
        result.agency_changed = True

    open_tasks = Task.objects.open()
    for task in open_tasks.filter(lead_agency=agency).prefetch_related("coordinating_agencies"):
        task._history_user = actor
        task._change_reason = reason
        if Task.objects.filter(
            document_id=task.document_id, ref=task.ref, lead_agency=into
        ).exists():
            # the same item was assigned to both agencies: the successor already carries it
            result.duplicates.append(task)
            continue
        task.lead_agency = into
        task.save()
        if any(a.pk == into.pk for a in task.coordinating_agencies.all()):
            task.coordinating_agencies.remove(into)
        result.tasks_moved += 1

    for task in open_tasks.filter(coordinating_agencies=agency).distinct():
        task._history_user = actor
        task._change_reason = reason
        task.coordinating_agencies.remove(agency)
        if task.lead_agency_id != into.pk:
            task.coordinating_agencies.add(into)
        result.coordinations_moved += 1

    for user in User.objects.filter(agency=agency):
        user.agency = into
        user._history_user = actor
        user._change_reason = reason
        user.save(update_fields=["agency"])
        result.users_moved += 1
    return result


@admin.action(description=_lazy("Sáp nhập vào cơ quan kế thừa"), permissions=["change"])
def merge_into_successor(modeladmin, request, queryset):
    """Admin action on Agency: merge each selected agency into its recorded successor."""
    for agency in queryset.select_related("successor"):
        if agency.successor is None:
            modeladmin.message_user(
                request,
                _("%(old)s chưa có cơ quan kế thừa: hãy chọn cơ quan kế thừa rồi thực hiện lại.")
                % {"old": agency.name},
                messages.ERROR,
            )
            continue
        on = agency.active_until + dt.timedelta(days=1) if agency.active_until else None
        try:
            result = agency_merge(agency=agency, into=agency.successor, actor=request.user, on=on)
        except ValidationError as exc:
            modeladmin.message_user(request, "; ".join(exc.messages), messages.ERROR)
            continue
        modeladmin.message_user(
            request,
            _(
                "Đã sáp nhập %(old)s vào %(new)s: chuyển %(tasks)s nhiệm vụ chủ trì, "
                "%(coord)s nhiệm vụ phối hợp, %(users)s tài khoản."
            )
            % {
                "old": agency.name,
                "new": agency.successor.name,
                "tasks": result.tasks_moved,
                "coord": result.coordinations_moved,
                "users": result.users_moved,
            },
            messages.SUCCESS,
        )
