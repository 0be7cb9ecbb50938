"""The plan's part of the one lock rule (``assignments.locks``): an approved version is frozen.

A plan version approved by UBND tỉnh — and every state after it (in execution, superseded by a
revision, closed) — cannot be changed or deleted by anyone on any path: its items, their
deliverables, budget lines and coordinating agencies included. Changing the plan after approval
is a *revision* (``plans.services.plan_revise``): a new version, with reasons, that goes through
appraisal and approval again while the approved one stays as it was.

These functions are the ``rows_reasons`` that ``assignments.locks``' guards take
(``LockGuardedQuerySet``, ``guard_save``, ``guard_delete``, ``CASCADE_UNLESS_LOCKED``), and the
admin base (``config.admin_base.PortalHistoryAdmin``) reads them through the querysets'
``lock_reasons`` — one mechanism, one ``LockedError``. The only writes a frozen version still
takes are its own workflow steps after approval (approved → in execution → closed, or
superseded), which never make it writable again (``PlanVersionQuerySet.update``).

Links from activities and progress to plan items are execution data, not the plan: they follow
the activity's or progress update's own lock.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from plans.choices import LOCKED_STATUSES


def _message(status_label: str, year: int, number: int) -> str:
    return _(
        "Kế hoạch năm %(year)s (phiên bản %(number)s) %(status)s nên không thể sửa hay xóa; "
        "muốn thay đổi, hãy lập bản điều chỉnh."
    ) % {"year": year, "number": number, "status": status_label.lower()}


def version_lock_reason(version) -> str | None:
    if version is None or version.status not in LOCKED_STATUSES:
        return None
    return _message(version.get_status_display(), version.plan.year, version.number)


def _versions_reasons(version_ids: Iterable[int]) -> dict[int, str]:
    from plans.models import PlanVersion

    ids = {v for v in version_ids if v is not None}
    if not ids:
        return {}
    rows = PlanVersion._base_manager.filter(pk__in=ids, status__in=LOCKED_STATUSES).select_related(
        "plan"
    )
    return {v.pk: version_lock_reason(v) for v in rows}


def version_rows_lock_reasons(rows: Iterable[tuple[object, str]]) -> dict[object, str]:
    """``{key: reason}`` for the frozen ones of ``(key, status)`` version rows."""
    rows = list(rows)
    keys = [k for k, status in rows if status in LOCKED_STATUSES and isinstance(k, int)]
    reasons = _versions_reasons(keys)
    result = {}
    for key, status in rows:
        if status in LOCKED_STATUSES:
            result[key] = reasons.get(key) or _(
                "Kế hoạch đã được phê duyệt nên không thể sửa hay xóa."
            )
    return result


def item_rows_lock_reasons(rows: Iterable[tuple[object, int]]) -> dict[object, str]:
    """``{key: reason}`` for the frozen ones of ``(key, version_id)`` item rows."""
    rows = list(rows)
    reasons = _versions_reasons(v for _k, v in rows)
    return {key: reasons[v] for key, v in rows if v in reasons}


def item_part_rows_lock_reasons(rows: Iterable[tuple[object, int]]) -> dict[object, str]:
    """``{key: reason}`` for the frozen ones of ``(key, item_id)`` rows (deliverables, budget
    lines): frozen with their item's version."""
    from plans.models import PlanItem

    rows = list(rows)
    item_ids = {i for _k, i in rows if i is not None}
    versions = dict(PlanItem._base_manager.filter(pk__in=item_ids).values_list("pk", "version_id"))
    reasons = _versions_reasons(versions.values())
    return {
        key: reasons[versions[i]] for key, i in rows if i in versions and versions[i] in reasons
    }


def activity_link_rows_lock_reasons(rows: Iterable[tuple[object, int]]) -> dict[object, str]:
    """``{key: reason}`` for ``(key, activity_id)`` links whose activity is frozen."""
    from assignments.locks import activity_rows_lock_reasons
    from assignments.models import Activity

    rows = list(rows)
    activities = Activity.objects.filter(pk__in={a for _k, a in rows}).values_list(
        "pk", "agency_id", "held_on"
    )
    frozen = activity_rows_lock_reasons(activities)
    return {key: frozen[a] for key, a in rows if a in frozen}


def progress_link_rows_lock_reasons(rows: Iterable[tuple[object, int]]) -> dict[object, str]:
    """``{key: reason}`` for ``(key, progress_id)`` links whose progress update is frozen."""
    from assignments.locks import progress_rows_lock_reasons
    from assignments.models import ProgressUpdate

    rows = list(rows)
    updates = ProgressUpdate.objects.filter(pk__in={p for _k, p in rows}).values_list(
        "pk", "agency_id", "period_id"
    )
    frozen = progress_rows_lock_reasons(updates)
    return {key: frozen[p] for key, p in rows if p in frozen}
