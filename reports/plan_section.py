"""The consolidated report's section "Tình hình thực hiện kế hoạch và kinh phí": the year's
approved plan against the activities linked to it up to the period's end — the figures of
``plans.selectors.plan_execution_in_force``, the same the plan page and the dashboard show."""

from __future__ import annotations

from django.utils import timezone

from plans.selectors import plan_execution_in_force


def plan_section_context(*, period, today=None) -> dict:
    today = today or timezone.localdate()
    as_of = min(period.ends_on, today)
    return {"plan_figures": plan_execution_in_force(period.year, until=as_of, today=as_of)}
