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
    """Groups of rows for the page: "every industry" first, then each industry with data (or
    the chosen one), each row one option category."""
    size = size or ALL
    cells = rel["library"]
    categories = [c for c in OptionCategory if category in (None, c.value)]
    divisions = [division] if division else sorted(rel["divisions"])
    groups = []
    for d in [ALL, *divisions]:
        rows = []
        for c in categories:
            key = (d, c.value, size)
            if key not in cells:
                continue  # no facility applied it: nothing to show, nothing to hide
            rows.append({"category": c.value, "label": c.label, "cell": _shown(cells[key])})
        if rows or d == division:
            name = _("Mọi ngành") if d == ALL else rel["divisions"].get(d, "")
            groups.append({"division": d, "name": name, "all": d == ALL, "rows": rows})
    hidden = sum(1 for g in groups for r in g["rows"] if r["cell"] is None)
    return {"groups": groups, "hidden": hidden, "size": size}


PER_UNIT_SYMBOLS = [("energy_kwh", "kWh", 1), ("water_m3", "m³", 2), ("material_t", "t", 3)]
MILLION = Decimal(1_000_000)


def _shown(cell: dict | None) -> dict | None:
    """The cell with its money in millions of đồng and its per-unit savings as a list."""
    if cell is None:
        return None
    million = lambda v: None if v is None else v / MILLION  # noqa: E731
    per_unit = [
        {**cell[key], "symbol": symbol, "decimals": decimals}
        for key, symbol, decimals in PER_UNIT_SYMBOLS
        if cell.get(key)
    ]
    return {
        **cell,
        "investment_million": million(cell["investment_vnd"]),
        "saving_million": million(cell["annual_saving_vnd"]),
        "per_unit": per_unit,
    }
