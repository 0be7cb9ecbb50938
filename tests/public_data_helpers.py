"""Building blocks for the solution-library and open-data tests: facilities with counted options."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from enterprises.choices import OptionCategory, OptionStatus
from tests.factories import AssessmentFactory, EnterpriseFactory, OptionFactory, VsicFactory

FOOD = "10"
TEXTILES = "13"


def vsic(division: str):
    """A division and one class under it (division 10 → class 1020)."""
    names = {FOOD: "Sản xuất chế biến thực phẩm", TEXTILES: "Sản xuất sản phẩm dệt"}
    parent = VsicFactory(
        code=division, name=names.get(division, f"Ngành {division}"), level="division"
    )
    return VsicFactory(
        code=f"{division}20", name=f"Ngành {division}20", level="class", parent=parent
    )


def facility(
    division: str = FOOD,
    size: str = "small",
    *,
    category: str = OptionCategory.GOOD_HOUSEKEEPING,
    investment: int = 100_000_000,
    saving: int = 50_000_000,
    energy: str | None = "20",
    implemented: bool = True,
    on: dt.date = dt.date(2025, 6, 1),
    locality=None,
    name: str | None = None,
    unit: str = "tấn sản phẩm",
    potential: bool = True,
):
    """One enterprise with one option (implemented by default) in ``category``."""
    extra = {"name": name} if name else {}
    enterprise = EnterpriseFactory(
        vsic=vsic(division),
        size_class=size,
        locality=locality,
        has_sxsh_potential=potential,
        **extra,
    )
    assessment = AssessmentFactory(
        enterprise=enterprise, assessed_on=on - dt.timedelta(days=60), product_unit=unit
    )
    OptionFactory(
        assessment=assessment,
        category=category,
        status=OptionStatus.IMPLEMENTED if implemented else OptionStatus.PROPOSED,
        implemented_on=on if implemented else None,
        investment_vnd=Decimal(investment),
        annual_saving_vnd=Decimal(saving),
        energy_saving_kwh=None if energy is None else Decimal(energy),
    )
    return enterprise


def add_option(
    enterprise, category, *, investment=10_000_000, saving=5_000_000, on=dt.date(2025, 6, 1)
):
    assessment = enterprise.assessments.first()
    return OptionFactory(
        assessment=assessment,
        category=category,
        status=OptionStatus.IMPLEMENTED,
        implemented_on=on,
        investment_vnd=Decimal(investment),
        annual_saving_vnd=Decimal(saving),
    )
