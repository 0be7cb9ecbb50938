"""Savings figures that mean something (issue 15.4).

An option's saving is recorded per unit of product (kWh, m³, t per "tấn sản phẩm", per "1.000
viên gạch"…). Per-unit savings of different products cannot be added together, so:

- **per unit**, a saving is a percentage of the facility's own baseline (``saving ÷ baseline``,
  what the programme's indicator asks: "giảm 5–8 % … trên một đơn vị sản phẩm");
- **absolute yearly figures** add up: per-unit saving × the facility's annual output
  (``Assessment.annual_output``, in its ``product_unit``, reported by the enterprise) = kWh/year,
  m³/year, t/year; t CO₂e/year is the option's own reported reduction when it has one, else the
  electricity saved × Vietnam's grid emission factor (``GridEmissionFactor``, data with its year
  and source) of the year the option was implemented (the latest published before it when that
  year has none yet); VND/year is the option's annual benefit.

Options of a facility without an annual output count in the percentages and VND but not in
kWh/m³/t/year; ``options_without_output`` says how many, so a reader knows the coverage.

Everything here is aggregate expressions over ``Option`` querysets, so a caller adds them to a
query it already makes (the dashboard's pinned query count does not grow).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear

from enterprises.models import GridEmissionFactor

AMOUNT = DecimalField(max_digits=28, decimal_places=6)
HUNDRED = Decimal(100)
THOUSAND = Decimal(1000)

#: key → (the option's per-unit saving, the assessment's baseline)
PER_UNIT = {
    "energy_kwh": ("energy_saving_kwh", "baseline_energy_kwh"),
    "water_m3": ("water_saving_m3", "baseline_water_m3"),
    "material_t": ("material_saving_t", "baseline_material_t"),
}

#: the keys of :func:`annual_aggregates` (all additive: sums and counts)
ANNUAL_KEYS = (
    "energy_kwh_year",
    "water_m3_year",
    "material_t_year",
    "co2e_t_year",
    "co2e_estimated_t_year",
    "saving_vnd_year",
    "options_counted",
    "options_without_output",
)


def grid_factor():
    """The factor (tCO₂/MWh) for an option row: its implementation year's, else the latest
    published before it, else the earliest published (for options older than the series)."""
    before = (
        GridEmissionFactor.objects.filter(year__lte=ExtractYear(OuterRef("implemented_on")))
        .order_by("-year")
        .values("tco2_per_mwh")[:1]
    )
    earliest = GridEmissionFactor.objects.order_by("year").values("tco2_per_mwh")[:1]
    return Coalesce(Subquery(before), Subquery(earliest), output_field=AMOUNT)


def _times_output(field: str):
    return ExpressionWrapper(F(field) * F("assessment__annual_output"), output_field=AMOUNT)


def _estimated_co2e():
    """t CO₂e/year from electricity: kWh/year × tCO₂/MWh ÷ 1000."""
    return ExpressionWrapper(
        _times_output("energy_saving_kwh") * grid_factor() / Value(THOUSAND), output_field=AMOUNT
    )


def annual_aggregates() -> dict:
    """Aggregates over implemented options: the yearly absolute savings and their coverage."""
    has_output = Q(assessment__annual_output__isnull=False)
    per_unit_any = Q(energy_saving_kwh__isnull=False) | Q(water_saving_m3__isnull=False)
    per_unit_any |= Q(material_saving_t__isnull=False)
    return {
        "energy_kwh_year": Sum(_times_output("energy_saving_kwh")),
        "water_m3_year": Sum(_times_output("water_saving_m3")),
        "material_t_year": Sum(_times_output("material_saving_t")),
        "co2e_t_year": Sum(
            Case(
                When(co2_reduction_t__isnull=False, then=F("co2_reduction_t")),
                default=_estimated_co2e(),
                output_field=AMOUNT,
            )
        ),
        "co2e_estimated_t_year": Sum(
            Case(When(co2_reduction_t__isnull=True, then=_estimated_co2e()), output_field=AMOUNT)
        ),
        "saving_vnd_year": Sum("annual_saving_vnd"),
        "options_counted": Count("pk"),
        "options_without_output": Count("pk", filter=per_unit_any & ~has_output),
    }


def percent_aggregates() -> dict:
    """Per key, the sum of the options' percentages of their facility's baseline and how many
    options carry it (for a facility: its saving in % of its own baseline)."""
    out = {}
    for key, (saving, baseline) in PER_UNIT.items():
        has = Q(**{f"{saving}__isnull": False, f"assessment__{baseline}__gt": 0})
        out[f"pct_{key}"] = Sum(
            ExpressionWrapper(
                F(saving) * Value(HUNDRED) / F(f"assessment__{baseline}"), output_field=AMOUNT
            ),
            filter=has,
        )
        out[f"n_pct_{key}"] = Count("pk", filter=has)
    return out


def _dec(value, places: int) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places))


def clean_annual(row: dict) -> dict:
    """The yearly figures rounded for display (0 for none), counts as int."""
    # rounded half-even to what the pages print (the ``num`` filter cuts extra decimals)
    out = {
        "energy_kwh_year": _dec(row.get("energy_kwh_year") or 0, 0),
        "water_m3_year": _dec(row.get("water_m3_year") or 0, 0),
        "material_t_year": _dec(row.get("material_t_year") or 0, 1),
        "co2e_t_year": _dec(row.get("co2e_t_year") or 0, 1),
        "co2e_estimated_t_year": _dec(row.get("co2e_estimated_t_year") or 0, 1),
        "saving_vnd_year": _dec(row.get("saving_vnd_year") or 0, 0),
        "options_counted": int(row.get("options_counted") or 0),
        "options_without_output": int(row.get("options_without_output") or 0),
    }
    return out


def capped_percent(row: dict, key: str) -> Decimal | None:
    """A facility's saving in % of its own baseline (options' percentages added, ≤ 100 %)."""
    total = row.get(f"pct_{key}")
    if total is None or not row.get(f"n_pct_{key}"):
        return None
    return min(_dec(total, 1), HUNDRED)


def annual_totals(options) -> dict:
    """One query: the yearly figures of ``options`` (implemented options)."""
    return clean_annual(options.order_by().aggregate(**annual_aggregates()))


def by_enterprise(options, key: str = "assessment__enterprise_id") -> dict:
    """One query: per enterprise (``key``: its id, or e.g. ``assessment__enterprise__tax_code``),
    its yearly figures and its per-unit savings in % of its own baseline."""
    rows = options.order_by().values(key).annotate(**annual_aggregates(), **percent_aggregates())
    out = {}
    for row in rows:
        figures = clean_annual(row)
        for name in PER_UNIT:
            figures[f"pct_{name}"] = capped_percent(row, name)
        out[row[key]] = figures
    return out


def mean_percent(per_enterprise: dict[int, dict], key: str) -> tuple[Decimal | None, int]:
    """The mean over facilities of their saving in % of their own baseline, and how many."""
    values = [r[f"pct_{key}"] for r in per_enterprise.values() if r.get(f"pct_{key}") is not None]
    if not values:
        return None, 0
    return (sum(values) / len(values)).quantize(Decimal("0.1")), len(values)


def factors_used(options) -> list[GridEmissionFactor]:
    """The factors the CO₂e estimate of ``options`` uses (one per implementation year): for the
    reports' note citing each factor and its source."""
    years = sorted(
        {d.year for d in options.order_by().values_list("implemented_on", flat=True) if d}
    )
    factors = list(GridEmissionFactor.objects.order_by("year"))
    used = {}
    for year in years:
        chosen = None
        for factor in factors:
            if factor.year <= year:
                chosen = factor
        chosen = chosen or (factors[0] if factors else None)
        if chosen is not None:
            used[chosen.year] = chosen
    return [used[year] for year in sorted(used)]
