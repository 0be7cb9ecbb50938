"""Writes behind the dashboard pages: the SXSH officer roster and hand-entered indicator values."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.roles import is_doit
from programs.choices import IndicatorComputation
from programs.models import Indicator, ReportingPeriod
from reports.models import IndicatorValue, SxshOfficer


def _require_doit(actor) -> None:
    if not is_doit(actor):
        raise PermissionDenied


@transaction.atomic
def officer_save(
    *, actor, officer: SxshOfficer | None = None, data: dict, trainings
) -> SxshOfficer:
    """Create or update a roster entry and its trainings (DOIT keeps the roster)."""
    _require_doit(actor)
    officer = officer or SxshOfficer()
    for name, value in data.items():
        setattr(officer, name, value)
    officer._change_reason = f"roster edit by {actor.username}"
    officer.full_clean()
    officer.save()
    officer.trainings.set(trainings)
    return officer


@transaction.atomic
def indicator_value_set(
    *,
    actor,
    indicator: Indicator,
    period: ReportingPeriod,
    value: Decimal,
    note: str = "",
) -> IndicatorValue:
    """Record (or correct) the hand-entered value of a manual indicator for a period."""
    _require_doit(actor)
    if indicator.computation != IndicatorComputation.MANUAL:
        raise ValueError("computed indicators are not entered by hand")
    obj, _created = IndicatorValue.objects.update_or_create(
        indicator=indicator,
        period=period,
        defaults={"value": value, "note": note, "entered_by": actor},
    )
    return obj
