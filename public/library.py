"""The solution library (thư viện giải pháp): what facilities in each industry achieved with each
category of cleaner-production option, computed from the registry.

The figures come from the release (``public.aggregates``): per cell (VSIC division × option
category × size class, each also "all"), the number of facilities that applied the category and,
over those facilities (each facility's options in the category summed first), the median
investment, annual saving and payback, and the typical saving per unit of product (median, in the
product unit most facilities of the cell use). A cell of fewer than the minimum group, or hidden so
that no pair of filters differs by a small group, is shown as hidden — never its figures.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from enterprises.choices import OptionCategory
from public.aggregates import ALL


def library_table(rel: dict, *, division=None, category=None, size=None) -> dict:
    """The page's content for the filters.

    Without an industry: the "every industry" table (one row per option category) and an
    overview matrix — facilities per industry and category — whose numbers lead to the
    industry's own table. With one: that industry's table, then "every industry" to compare.
    """
    size = size or ALL
    cells = rel["library"]
    categories = [c for c in OptionCategory if category in (None, c.value)]

    def group(d):
        rows = [
            {"category": c.value, "label": c.label, "cell": _shown(cells[d, c.value, size])}
            for c in categories
            if (d, c.value, size) in cells  # absent: no facility applied it
        ]
        name = _("Mọi ngành") if d == ALL else rel["divisions"].get(d, "")
        return {"division": d, "name": name, "all": d == ALL, "rows": rows}

    groups = [group(division), group(ALL)] if division else [group(ALL)]
    matrix = []
    if not division:
        for d in sorted(rel["divisions"]):
            counts = []
            for c in categories:
                key = (d, c.value, size)
                if key not in cells:
                    counts.append({"n": 0})
                elif cells[key] is None:
                    counts.append({"hidden": True})
                else:
                    counts.append({"n": cells[key]["facilities"]})
            if any(x.get("n") or x.get("hidden") for x in counts):
                matrix.append({"division": d, "name": rel["divisions"][d], "counts": counts})
    hidden = sum(1 for g in groups for r in g["rows"] if r["cell"] is None)
    return {
        "groups": groups,
        "matrix": matrix,
        "categories": categories,
        "hidden": hidden,
        "size": size,
    }


PER_UNIT_SYMBOLS = [("energy_kwh", "kWh"), ("water_m3", "m³"), ("material_t", "t")]
MILLION = Decimal(1_000_000)


def _shown(cell: dict | None) -> dict | None:
    """The cell with its money in millions of đồng and its per-unit savings as a list."""
    if cell is None:
        return None
    million = lambda v: None if v is None else v / MILLION  # noqa: E731
    per_unit = [
        {**cell[key], "symbol": symbol, "decimals": _decimals(cell[key]["value"])}
        for key, symbol in PER_UNIT_SYMBOLS
        if cell.get(key)
    ]
    return {
        **cell,
        "investment_million": million(cell["investment_vnd"]),
        "saving_million": million(cell["annual_saving_vnd"]),
        "per_unit": per_unit,
    }


def _decimals(value: Decimal) -> int:
    """Enough decimals to show a small per-unit saving (0,004 m³/t is not "0,00")."""
    value = abs(value)
    if value >= 10:
        return 1
    if value >= 1:
        return 2
    if value >= Decimal("0.01"):
        return 3
    return 4
