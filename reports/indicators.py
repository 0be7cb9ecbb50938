"""Indicator engine (indicators and dashboards issue). Stub until that issue lands.

Contract used by the consolidated report: ``indicator_context(*, period)`` returns the context
for ``templates/reports/pdf/_indicators.html``.
"""

from __future__ import annotations


def indicator_context(*, period) -> dict:
    return {"indicator_rows": [], "indicator_chart_svg": ""}
