"""What a case study shows in figures, computed from the implemented options it presents — never
typed in, so the story and the registry cannot disagree.

The rules are the registry's own: payback is ``simple_payback`` on the totals (as for one
option, ``Option.payback_years``); a resource saving in % is each option's saving against its
own assessment's baseline, summed for the facility and capped at 100 % (as
``reports.indicators`` counts a facility's saving).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from enterprises.choices import OptionCategory
from enterprises.models import CaseStudy, Option, simple_payback

HUNDRED = Decimal(100)

#: resource → (absolute saving field, percent property, unit per product unit)
RESOURCES = {
    "energy": ("energy_saving_kwh", "energy_saving_percent", "kWh"),
    "water": ("water_saving_m3", "water_saving_percent", "m³"),
    "material": ("material_saving_t", "material_saving_percent", "tấn"),
}
#: yearly reductions, summed as they are
REDUCTIONS = {
    "co2_t": "co2_reduction_t",
    "wastewater_m3": "wastewater_reduction_m3",
    "solid_waste_t": "solid_waste_reduction_t",
}


@dataclass
class ResourceSaving:
    key: str
    percent: Decimal | None  # summed over options, capped at 100
    per_unit: Decimal | None  # absolute per product unit, when every option shares one unit
    unit: str


@dataclass
class CaseFigures:
    options: list
    categories: list = field(default_factory=list)  # [(label, [options])] in the standard order
    investment_vnd: Decimal = Decimal(0)
    annual_saving_vnd: Decimal = Decimal(0)
    payback_years: Decimal | None = None
    resources: list[ResourceSaving] = field(default_factory=list)
    reductions: dict = field(default_factory=dict)
    product_unit: str = ""

    @property
    def has_resources(self) -> bool:
        return any(r.percent is not None or r.per_unit is not None for r in self.resources)


def presented_options(case: CaseStudy):
    """The options a case study presents, with their assessments (for the baselines)."""
    return case.options.select_related("assessment").order_by("category", "implemented_on", "pk")


def case_study_figures(options) -> CaseFigures:
    options = list(options)
    figures = CaseFigures(options=options)
    order = {value: i for i, value in enumerate(OptionCategory.values)}
    labels = dict(OptionCategory.choices)
    grouped: dict[str, list[Option]] = {}
    for option in sorted(options, key=lambda o: order.get(o.category, 99)):
        grouped.setdefault(option.category, []).append(option)
    figures.categories = [(labels.get(k, k), v) for k, v in grouped.items()]
    figures.investment_vnd = sum((o.investment_vnd for o in options), Decimal(0))
    figures.annual_saving_vnd = sum((o.annual_saving_vnd for o in options), Decimal(0))
    figures.payback_years = simple_payback(figures.investment_vnd, figures.annual_saving_vnd)
    units = {o.assessment.product_unit for o in options}
    figures.product_unit = units.pop() if len(units) == 1 else ""
    for key, (column, percent_of, unit) in RESOURCES.items():
        percents = [p for o in options if (p := getattr(o, percent_of)) is not None]
        values = [v for o in options if (v := getattr(o, column)) is not None]
        percent = min(sum(percents, Decimal(0)), HUNDRED) if percents else None
        per_unit = sum(values, Decimal(0)) if values and figures.product_unit else None
        figures.resources.append(ResourceSaving(key, percent, per_unit, unit))
    for key, column in REDUCTIONS.items():
        values = [v for o in options if (v := getattr(o, column)) is not None]
        figures.reductions[key] = sum(values, Decimal(0)) if values else None
    return figures
