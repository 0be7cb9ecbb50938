"""The one rule for what is frozen: progress, activities and evidence after a report is accepted.

A data window is *frozen* for an agency when

- the agency's report for a period is accepted by DOIT: that period's window is frozen for the
  agency (reopening the report, with a reason, thaws it), or
- DOIT closes a period (``ReportingPeriod.closed_at``, "khóa sổ"): its window is frozen for every
  agency (reopening the period thaws it).

What a frozen window freezes:

- **progress** of the agency for every period whose data window lies inside it — accepting the
  annual report also freezes the half-years of that year, whatever their own reports say;
- **activities** of the agency dated inside it (an activity has a date, not a period);
- **evidence** files follow the progress update or activity they back.

Frozen rows cannot be added, changed or deleted by anyone, on any path: the services check first
to give a message on the right form field, and the models (``save``/``delete``), their querysets
(``update``/``delete``/``bulk_create``/``bulk_update``) and the cascade from deleting a task call
the same functions, so the admin, the shell and management commands are refused too
(``LockedError``, ``ProtectedError`` for the cascade).

Every caller goes through the functions below; how a window comes to be frozen is private to this
module. It reads two facts kept in ``programs`` — ``PeriodClosure`` (the reporting workflow writes
one when an agency's report is accepted and removes it on reopening) and
``ReportingPeriod.closed_at`` — so the rule needs nothing from the reports app above it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext as _


class LockedError(ValidationError):
    """A write to a frozen progress update, activity or evidence file (the message says why)."""

    def __init__(self, message: str):
        super().__init__(message, code="locked")


@dataclass(frozen=True, slots=True)
class _Freeze:
    period: object  # programs.ReportingPeriod
    closed: bool  # True: closed for everyone; False: the agency's report was accepted

    def covers_window(self, starts_on: dt.date, ends_on: dt.date) -> bool:
        return self.period.starts_on <= starts_on and ends_on <= self.period.ends_on

    def covers_day(self, day: dt.date) -> bool:
        return self.period.starts_on <= day <= self.period.ends_on


class _Freezes:
    """The frozen windows of some agencies, read once (two queries)."""

    def __init__(self, agency_ids: Iterable[int | None]):
        from programs.models import PeriodClosure, ReportingPeriod

        ids = {pk for pk in agency_ids if pk is not None}
        self.closed = [
            _Freeze(period, True)
            for period in ReportingPeriod.objects.filter(closed_at__isnull=False)
        ]
        self.accepted: dict[int, list[_Freeze]] = defaultdict(list)
        if ids:
            closures = PeriodClosure.objects.filter(agency_id__in=ids).select_related("period")
            for closure in closures:
                self.accepted[closure.agency_id].append(_Freeze(closure.period, False))

    def _all(self, agency_id):
        return [*self.closed, *self.accepted.get(agency_id, ())]

    def progress(self, *, agency_id, period) -> str | None:
        found = [
            f for f in self._all(agency_id) if f.covers_window(period.starts_on, period.ends_on)
        ]
        if not found:
            return None
        # the period's own lock first, "closed for everyone" before "accepted", then the earliest
        freeze = min(
            found, key=lambda f: (f.period.pk != period.pk, not f.closed, f.period.starts_on)
        )
        return _progress_message(freeze, period)

    def activity(self, *, agency_id, day: dt.date) -> str | None:
        found = [f for f in self._all(agency_id) if f.covers_day(day)]
        if not found:
            return None
        freeze = min(found, key=lambda f: (not f.closed, f.period.starts_on))
        return _activity_message(freeze, day)


def _progress_message(freeze: _Freeze, period) -> str:
    same = freeze.period.pk == period.pk
    if freeze.closed and same:
        return _("Kỳ báo cáo %(period)s đã khóa sổ.") % {"period": period.label}
    if freeze.closed:
        return _("Kỳ báo cáo %(closed)s đã khóa sổ; kỳ %(period)s nằm trong kỳ đó.") % {
            "closed": freeze.period.label,
            "period": period.label,
        }
    if same:
        return _(
            "Báo cáo kỳ %(period)s của đơn vị đã được Sở Công Thương tiếp nhận; "
            "tiến độ của kỳ này không thể thêm, sửa hay xóa."
        ) % {"period": period.label}
    return _(
        "Báo cáo kỳ %(report)s của đơn vị đã được Sở Công Thương tiếp nhận; kỳ %(period)s "
        "nằm trong kỳ đó nên tiến độ không thể thêm, sửa hay xóa."
    ) % {"report": freeze.period.label, "period": period.label}


def _activity_message(freeze: _Freeze, day: dt.date) -> str:
    values = {"period": freeze.period.label, "date": date_format(day, "d/m/Y")}
    if freeze.closed:
        return (
            _(
                "Kỳ báo cáo %(period)s đã khóa sổ; hoạt động ngày %(date)s thuộc kỳ đó "
                "nên không thể thêm, sửa hay xóa."
            )
            % values
        )
    return (
        _(
            "Báo cáo kỳ %(period)s của đơn vị đã được Sở Công Thương tiếp nhận; hoạt động ngày "
            "%(date)s thuộc kỳ đó nên không thể thêm, sửa hay xóa."
        )
        % values
    )


def _pk(agency):
    return getattr(agency, "pk", agency)


# --- one row ---------------------------------------------------------------------------------


def progress_lock_reason(*, period, agency) -> str | None:
    """Why ``agency`` (an Agency or its pk) can no longer add, change or delete progress for
    ``period`` (None: it can)."""
    return _Freezes([_pk(agency)]).progress(agency_id=_pk(agency), period=period)


def activity_lock_reason(*, date: dt.date, agency) -> str | None:
    """Why an activity of ``agency`` dated ``date`` can no longer be added, changed or deleted."""
    return _Freezes([_pk(agency)]).activity(agency_id=_pk(agency), day=date)


def evidence_lock_reason(*, evidence) -> str | None:
    """An evidence file is frozen with the progress update or activity it backs."""
    if evidence.progress_id is not None:
        progress = evidence.progress
        return progress_lock_reason(period=progress.period, agency=progress.agency_id)
    if evidence.activity_id is not None:
        activity = evidence.activity
        return activity_lock_reason(date=activity.held_on, agency=activity.agency_id)
    return None


def period_is_open_for(*, period, agency) -> bool:
    """May ``agency`` still add progress to ``period``?"""
    return progress_lock_reason(period=period, agency=agency) is None


def progress_locked_periods(*, periods: Iterable, agency) -> dict[int, str]:
    """``{period pk: reason}`` for those of ``periods`` in which ``agency`` may not write progress
    (``agency=None``: the periods closed for everyone)."""
    freezes = _Freezes([_pk(agency)])
    reasons = {p.pk: freezes.progress(agency_id=_pk(agency), period=p) for p in periods}
    return {pk: reason for pk, reason in reasons.items() if reason}


# --- many rows (querysets, bulk writes, cascades, the admin) ---------------------------------


def progress_rows_lock_reasons(rows: Iterable[tuple[object, int, int]]) -> dict[object, str]:
    """``{key: reason}`` for the frozen ones of ``(key, agency_id, period_id)`` rows."""
    from programs.models import ReportingPeriod

    rows = list(rows)
    if not rows:
        return {}
    periods = ReportingPeriod.objects.in_bulk({p for _k, _a, p in rows if p is not None})
    freezes = _Freezes(agency_id for _k, agency_id, _p in rows)
    reasons = {}
    for key, agency_id, period_id in rows:
        period = periods.get(period_id)
        reason = period and freezes.progress(agency_id=agency_id, period=period)
        if reason:
            reasons[key] = reason
    return reasons


def activity_rows_lock_reasons(rows: Iterable[tuple[object, int, dt.date]]) -> dict[object, str]:
    """``{key: reason}`` for the frozen ones of ``(key, agency_id, held_on)`` rows."""
    rows = list(rows)
    if not rows:
        return {}
    freezes = _Freezes(agency_id for _k, agency_id, _d in rows)
    reasons = {}
    for key, agency_id, day in rows:
        reason = day and freezes.activity(agency_id=agency_id, day=day)
        if reason:
            reasons[key] = reason
    return reasons


def evidence_rows_lock_reasons(rows: Iterable[tuple[object, int | None, int | None]]) -> dict:
    """``{key: reason}`` for the frozen ones of ``(key, progress_id, activity_id)`` rows."""
    from assignments.models import Activity, ProgressUpdate

    rows = list(rows)
    progress_ids = {p for _k, p, _a in rows if p is not None}
    activity_ids = {a for _k, _p, a in rows if a is not None}
    locked_progress = progress_rows_lock_reasons(
        ProgressUpdate.objects.filter(pk__in=progress_ids).values_list(
            "pk", "agency_id", "period_id"
        )
    )
    locked_activities = activity_rows_lock_reasons(
        Activity.objects.filter(pk__in=activity_ids).values_list("pk", "agency_id", "held_on")
    )
    reasons = {}
    for key, progress_id, activity_id in rows:
        reason = locked_progress.get(progress_id) or locked_activities.get(activity_id)
        if reason:
            reasons[key] = reason
    return reasons


# --- guards for the models and their querysets -----------------------------------------------


def guard_save(instance, *, fields: tuple[str, ...], rows_reasons) -> None:
    """Refuse saving ``instance`` (``LockedError``) if its stored row or its new values are frozen.

    ``rows_reasons`` is one of the ``*_rows_lock_reasons`` functions; ``fields`` the attributes
    its rows take after the key.
    """
    rows = {"new": tuple(getattr(instance, name) for name in fields)}
    if not instance._state.adding and instance.pk is not None:
        stored = type(instance)._base_manager.filter(pk=instance.pk).values_list(*fields).first()
        if stored is not None:
            rows["stored"] = stored
    reasons = rows_reasons([(key, *values) for key, values in rows.items()])
    if reasons:
        # the stored row's reason first: "it is frozen" says more than "it would become frozen"
        raise LockedError(reasons.get("stored") or reasons["new"])


def guard_delete(instance, *, fields: tuple[str, ...], rows_reasons) -> None:
    """Refuse deleting ``instance`` (``LockedError``) if its stored row is frozen."""
    stored = type(instance)._base_manager.filter(pk=instance.pk).values_list(*fields).first()
    values = stored if stored is not None else tuple(getattr(instance, name) for name in fields)
    reason = rows_reasons([("row", *values)]).get("row")
    if reason:
        raise LockedError(reason)


class LockGuardedQuerySet(models.QuerySet):
    """``update``, ``delete``, ``bulk_create`` and ``bulk_update`` refuse frozen rows
    (``LockedError``).

    Subclasses name ``lock_fields`` (the row attributes their ``rows_reasons`` function takes
    after the key) and ``rows_reasons``. An ``update`` that sets one of those fields is checked
    again afterwards, inside its transaction, so it cannot move a row into a frozen window either.
    """

    lock_fields: tuple[str, ...] = ()
    #: the fields an update may name for the ``lock_fields`` (``period`` for ``period_id``)
    lock_update_fields: frozenset[str] = frozenset()

    @staticmethod
    def rows_reasons(rows):
        raise NotImplementedError

    def lock_reasons(self) -> dict[int, str]:
        """``{pk: reason}`` for the frozen rows of this queryset."""
        return type(self).rows_reasons(self.values_list("pk", *self.lock_fields))

    def _refuse_if_locked(self) -> None:
        reasons = self.lock_reasons()
        if reasons:
            raise LockedError(next(iter(reasons.values())))

    def update(self, **kwargs):
        from django.db import transaction

        with transaction.atomic(using=self.db):
            self._refuse_if_locked()
            if not self.lock_update_fields.intersection(kwargs):
                return super().update(**kwargs)
            pks = list(self.values_list("pk", flat=True))
            count = super().update(**kwargs)
            self.model._default_manager.filter(pk__in=pks)._refuse_if_locked()
            return count

    update.alters_data = True

    def delete(self):
        self._refuse_if_locked()
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True

    def _refuse_new_values(self, objs) -> None:
        rows = [(i, *(getattr(o, name) for name in self.lock_fields)) for i, o in enumerate(objs)]
        reasons = type(self).rows_reasons(rows)
        if reasons:
            raise LockedError(next(iter(reasons.values())))

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        self._refuse_new_values(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        # checked before Django's own transaction (savepoint=False), which a refusal raised
        # from the per-batch update() inside it would leave unusable
        objs = list(objs)
        self.model._default_manager.filter(pk__in=[o.pk for o in objs])._refuse_if_locked()
        if self.lock_update_fields.intersection(fields):
            self._refuse_new_values(objs)
        return super().bulk_update(objs, fields, *args, **kwargs)


# --- cascades: deleting a task must not delete or rewrite frozen rows ------------------------


def _refuse_locked_sub_objs(field, sub_objs) -> None:
    # iterating fills the queryset's cache, which the cascade below reuses
    objs = list(sub_objs)
    reasons = field.model._default_manager.filter(pk__in=[o.pk for o in objs]).lock_reasons()
    if reasons:
        raise models.ProtectedError(
            next(iter(reasons.values())), [o for o in objs if o.pk in reasons]
        )


def CASCADE_UNLESS_LOCKED(collector, field, sub_objs, using):  # noqa: N802 -- like models.CASCADE
    """``on_delete``: cascade, but refuse (``ProtectedError``) when a related row is frozen."""
    _refuse_locked_sub_objs(field, sub_objs)
    models.CASCADE(collector, field, sub_objs, using)


def SET_NULL_UNLESS_LOCKED(collector, field, sub_objs, using):  # noqa: N802 -- like models.SET_NULL
    """``on_delete``: set NULL, but refuse (``ProtectedError``) when a related row is frozen."""
    _refuse_locked_sub_objs(field, sub_objs)
    models.SET_NULL(collector, field, sub_objs, using)
