"""Reporting periods generated from a reporting regime (data, not code).

The regime says where the reporting year starts (15/12 per Nghị định 09/2019/NĐ-CP, or 1/1 for
calendar years) and where the half-years split (15/6, or 1/7). A start date later in the year
than the split means the reporting year ``Y`` begins in ``Y-1`` (ND 09: 15/12/2025 – 14/12/2026
is "2026"). The due date is ``due_days_after_end`` days after the window's last day.

Closing a period for new progress ("khóa sổ"): a period is closed for an agency as soon as that
agency's report for it is accepted (a ``PeriodClosure`` row, kept by the reporting workflow), and
for everyone when DOIT closes it explicitly (``period_close`` sets ``closed_at``); either also
freezes the periods inside its window and the activities dated in it (the rule is
``assignments.locks``). We do not close automatically when "all" reports are
accepted because the set of expected agencies changes as directives are loaded; an explicit
action is predictable and recorded (simple-history keeps who/when).
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.roles import is_doit
from programs.choices import PeriodKind, ReportingFrequency
from programs.models import ReportingPeriod, ReportingRegime


def _safe_date(year: int, month: int, day: int) -> dt.date:
    """A date, clamping the day to the month's length (a regime may say 31 for every month)."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def default_regime() -> ReportingRegime:
    regime = ReportingRegime.objects.filter(is_default=True).first()
    if regime is None:
        raise ReportingRegime.DoesNotExist("Chưa có chế độ báo cáo mặc định.")
    return regime


def period_windows(
    *, regime: ReportingRegime, year: int
) -> list[tuple[str, str, dt.date, dt.date]]:
    """``[(key, kind, starts_on, ends_on), …]`` for ``year`` under ``regime`` (no database)."""
    starts_prev_year = (regime.year_start_month, regime.year_start_day) > (
        regime.half_split_month,
        regime.half_split_day,
    )
    year_start = _safe_date(
        year - 1 if starts_prev_year else year, regime.year_start_month, regime.year_start_day
    )
    next_year_start = _safe_date(
        year if starts_prev_year else year + 1, regime.year_start_month, regime.year_start_day
    )
    split = _safe_date(year, regime.half_split_month, regime.half_split_day)
    one_day = dt.timedelta(days=1)
    windows = []
    if regime.frequency == ReportingFrequency.SEMIANNUAL:
        windows.append((f"{year}-H1", PeriodKind.H1, year_start, split - one_day))
        windows.append((f"{year}-H2", PeriodKind.H2, split, next_year_start - one_day))
    windows.append((str(year), PeriodKind.YEAR, year_start, next_year_start - one_day))
    return windows


@transaction.atomic
def periods_generate(*, regime: ReportingRegime | None = None, year: int) -> list[ReportingPeriod]:
    """Create (or return the existing) periods of ``year``: ``YYYY-H1``, ``YYYY-H2``, ``YYYY``.

    Idempotent: existing periods are returned unchanged (their windows may have been corrected
    by hand in the admin, and reports may already point at them).
    """
    regime = regime or default_regime()
    periods = []
    for key, kind, starts_on, ends_on in period_windows(regime=regime, year=year):
        period, _created = ReportingPeriod.objects.get_or_create(
            regime=regime,
            key=key,
            defaults={
                "kind": kind,
                "year": year,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "due_on": ends_on + dt.timedelta(days=regime.due_days_after_end),
            },
        )
        periods.append(period)
    return periods


def period_by_key(key: str, regime: ReportingRegime | None = None) -> ReportingPeriod | None:
    """The period ``key`` (``2025`` or ``2026-H1``) of ``regime`` (default regime when None)."""
    qs = ReportingPeriod.objects.select_related("regime").filter(key=key.strip().upper())
    if regime is not None:
        return qs.filter(regime=regime).first()
    return qs.filter(regime__is_default=True).first() or qs.first()


def period_current(
    *, day: dt.date | None = None, regime: ReportingRegime | None = None, half_year: bool = True
) -> ReportingPeriod | None:
    """The period of ``regime`` (the default one) containing ``day`` (today): the half-year by
    default, or the year — ``current_period`` over the periods containing the day."""
    day = day or timezone.localdate()
    regime = regime or default_regime()
    containing = ReportingPeriod.objects.filter(regime=regime).containing(day).order_by("starts_on")
    return current_period(list(containing), day, year=not half_year)


def period_previous(period: ReportingPeriod) -> ReportingPeriod | None:
    """The period of the same kind family just before ``period`` (H1 → last H2; year → last year)."""
    return previous_period(list(ReportingPeriod.objects.filter(regime_id=period.regime_id)), period)


@transaction.atomic
def period_close(*, period: ReportingPeriod, actor) -> ReportingPeriod:
    """DOIT's explicit "khóa sổ": no more progress for this period from anyone."""
    if not is_doit(actor):
        raise PermissionDenied("Chỉ chuyên viên Sở Công Thương được khóa sổ kỳ báo cáo.")
    if period.closed_at is None:
        period.closed_at = timezone.now()
        period._history_user = actor
        period.save(update_fields=["closed_at"])
    return period


@transaction.atomic
def period_reopen(*, period: ReportingPeriod, actor) -> ReportingPeriod:
    if not is_doit(actor):
        raise PermissionDenied("Chỉ chuyên viên Sở Công Thương được mở lại kỳ báo cáo.")
    if period.closed_at is not None:
        period.closed_at = None
        period._history_user = actor
        period.save(update_fields=["closed_at"])
    return period


# ---- the period a page shows ------------------------------------------------------------


def all_periods() -> list[ReportingPeriod]:
    return list(ReportingPeriod.objects.order_by("-ends_on", "kind"))


def current_period(
    periods: list[ReportingPeriod], today: dt.date, *, year: bool = False
) -> ReportingPeriod | None:
    """The current period among ``periods`` (in their order): the half-year containing today —
    or with ``year``, the year containing it — else any period containing today, else the first
    that has started, else the last. The one rule for "the current period" of every page, form
    and dashboard."""
    containing = [p for p in periods if p.starts_on <= today <= p.ends_on]
    for p in containing:
        if (p.kind == PeriodKind.YEAR) == year:
            return p
    if containing:
        return containing[0]
    started = [p for p in periods if p.starts_on <= today]
    return started[0] if started else (periods[-1] if periods else None)


def previous_period(periods: list[ReportingPeriod], period) -> ReportingPeriod | None:
    """The period of the same family (half-years / years) that ended just before ``period``."""
    if period is None:
        return None
    halves = period.kind != PeriodKind.YEAR
    earlier = [
        p
        for p in periods
        if p.regime_id == period.regime_id
        and (p.kind != PeriodKind.YEAR) == halves
        and p.ends_on < period.ends_on
    ]
    return max(earlier, key=lambda p: p.ends_on) if earlier else None


def period_from_query(raw: str | None, periods: list[ReportingPeriod], today: dt.date):
    """The period a page's ``?period=<id>`` names (404 for an unknown one), else the current."""
    from django.http import Http404

    if raw and raw.isdigit():
        for p in periods:
            if p.pk == int(raw):
                return p
        raise Http404
    return current_period(periods, today)
