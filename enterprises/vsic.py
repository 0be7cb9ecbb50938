"""VSIC 2018 levels for the breakdowns by industry (issue 15.5).

Section C ("Công nghiệp chế biến, chế tạo") holds nearly every facility the programme deals
with, so a table by section has one meaningful row. Dashboards and reports group by **division**
(ngành cấp 2, the first two digits of the code: 10 food, 11 beverages, 13 textiles, 23 other
non-metallic minerals, …), whatever level an enterprise's own code is recorded at.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Case, CharField, Q, Value, When
from django.db.models.functions import Substr

from enterprises.models import VsicCode

NAMES_CACHE_KEY = "enterprises:vsic-names:v1"
NAMES_SECONDS = 24 * 3600


def division_expr(code_field: str = "vsic__code"):
    """The division (2 digits) of the code at ``code_field``; NULL when the code is missing or
    a bare section letter."""
    return Case(
        When(
            Q(**{f"{code_field}__regex": r"^[0-9]{2}"}),
            then=Substr(code_field, 1, 2),
        ),
        default=Value(None),
        output_field=CharField(),
    )


def names() -> dict[str, dict[str, str]]:
    """{"section": {"C": "Công nghiệp chế biến, chế tạo", …}, "division": {"10": "Sản xuất chế
    biến thực phẩm", …}, "division_section": {"10": "C", …}} — reference data, one query, cached."""

    def load():
        out = {"section": {}, "division": {}, "division_section": {}}
        rows = VsicCode.objects.filter(level__in=["section", "division"]).values_list(
            "level", "section", "code", "name"
        )
        for level, section, code, name in rows.order_by():
            if level == "section":
                out["section"][section] = name
            else:
                out["division"][code] = name
                out["division_section"][code] = section
        return out

    return cache.get_or_set(NAMES_CACHE_KEY, load, NAMES_SECONDS)


def division_label(division: str | None, table: dict | None = None) -> str:
    """ "10 — Sản xuất chế biến thực phẩm" (or the bare code when the name is unknown)."""
    if not division:
        return ""
    table = table or names()
    name = table["division"].get(division, "")
    return f"{division} — {name}" if name else division
