"""Who may do what on a task (reads are scoped by ``visible_to``; this answers the writes)."""

from __future__ import annotations

from accounts.roles import Role, has_role, is_leadership, sees_everything
from accounts.scoping import get_visible_or_404
from assignments.models import AssigneeGroup, Task

#: roles that write progress and activities for their own agency
WRITER_ROLES = (Role.AGENCY_STAFF, Role.AGENCY_LEAD, Role.DOIT_REVIEWER)


def may_write(user) -> bool:
    """Agency staff/leads (and DOIT for its own tasks) write; leadership is read-only."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.agency_id is None:
        return False
    if is_leadership(user) and not has_role(user, Role.AGENCY_STAFF, Role.AGENCY_LEAD):
        return False
    return bool(user.is_superuser) or has_role(user, *WRITER_ROLES)


def agency_role_on(task: Task, agency_id: int | None, member_of=None) -> str | None:
    """ "lead", "coordinating", "member" (of the group the task is given to) or None for an
    agency on a task (uses prefetched agencies). ``member_of``: the pks of the groups the
    agency belongs to, when the caller has them (a list of tasks); else one query for a group
    task."""
    if agency_id is None:
        return None
    if task.lead_agency_id == agency_id:
        return "lead"
    if any(a.pk == agency_id for a in task.coordinating_agencies.all()):
        return "coordinating"
    coordinating_groups = [g.pk for g in task.coordinating_groups.all()]
    if task.assignee_group_id or coordinating_groups:
        if member_of is None:
            member_of = set(member_groups(agency_id))
        if task.assignee_group_id in member_of:
            return "member"
        if any(pk in member_of for pk in coordinating_groups):
            return "coordinating"
    return None


def member_groups(agency_id: int | None) -> list[int]:
    """The pks of the assignee groups the agency is a member of today (one query)."""
    if agency_id is None:
        return []
    return list(AssigneeGroup.objects.with_agency_member(agency_id).values_list("pk", flat=True))


def status_agency(user):
    """Whose progress a group task's status is read from for this user: their own agency's,
    unless they see everything (then the members' together)."""
    if sees_everything(user):
        return None
    return user.agency_id


def can_work_on(user, task: Task) -> bool:
    """The user's agency leads, coordinates or is a group member of the task, and the user may
    write."""
    return may_write(user) and agency_role_on(task, user.agency_id) is not None


def get_task_for_user(user, pk) -> tuple[Task, bool]:
    """The task if the user may see it (else 404), and whether they may log work on it."""
    qs = Task.objects.select_related(
        "document", "lead_agency", "lead_agency__successor", "assignee_group"
    )
    task = get_visible_or_404(
        qs.prefetch_related("coordinating_agencies", "coordinating_groups"), user, pk=pk
    )
    return task, can_work_on(user, task)
