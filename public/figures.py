"""The programme's figures for the public home: the dashboard's own functions
(``reports.indicators``), cached, and reduced to what may be published — totals and shares,
never a name, a note typed by an officer or who entered a value.

Cached per (day, language, registry data version — ``dashboards.selectors.data_version``), so a
new assessment or implemented option shows on the next page build; the page cache holds the
rendered home for at most ``public.caching.PUBLIC_CACHE_SECONDS`` on top.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from dashboards import selectors as dash
from reports import indicators

FIGURES_CACHE_SECONDS = 900


def _compute(as_of: dt.date) -> dict:
    stage = indicators.sum_counts(indicators.enterprise_stage_counts(as_of))  # q
    options = indicators.option_aggregates(as_of)  # q
    rows = indicators.indicator_rows(  # q: indicators, targets (+ officers, activities, manual)
        as_of=as_of, enterprise_totals=stage, option_stats=options
    )
    totals = options["totals"]
    kpis = []
    for row in rows:
        if not row.targets:
            continue  # only indicators a document in force sets a target for
        fig = row.figure
        kpis.append(
            {
                "name": str(row.indicator.name),
                "unit": row.indicator.unit,
                "value": fig.value,
                "targets": [
                    {
                        "document": t.target.document.number or t.target.document.title[:60],
                        "year": t.target.milestone_year,
                        "text": t.value_text,
                        "status": str(t.status_label),
                        "badge": t.badge,
                    }
                    for t in row.headline
                ],
            }
        )
    return {
        "as_of": as_of,
        "informed": stage["informed"],
        "potential": stage["potential"],
        "assessed": stage["assessed"],
        "applying": stage["applying_all"],
        "options": totals["options"],
        "saving_vnd": totals["saving_vnd"],
        "investment_vnd": totals["investment_vnd"],
        "energy_kwh": totals["energy_kwh"],
        "water_m3": totals["water_m3"],
        "co2_t": totals["co2_t"],
        "saving_bn": indicators.money_in_unit(totals["saving_vnd"], "tỷ đồng"),
        "investment_bn": indicators.money_in_unit(totals["investment_vnd"], "tỷ đồng"),
        "indicators": kpis,
    }


def programme_figures(as_of: dt.date | None = None) -> dict:
    """Facilities informed / assessed / applying, savings, indicators vs targets, as of today."""
    as_of = as_of or timezone.localdate()
    version = dash.data_version()  # q
    raw = f"{as_of}|{get_language()}|{version}"
    key = "public:figures:" + hashlib.sha256(raw.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = _compute(as_of)
        cache.set(key, found, FIGURES_CACHE_SECONDS)
    return found
