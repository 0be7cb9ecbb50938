"""The public release (public.aggregates): counted options only, medians, suppression."""

import datetime as dt
from decimal import Decimal

import pytest

from enterprises.choices import OptionCategory as Cat
from public.aggregates import ALL, build_release
from tests.public_data_helpers import FOOD, TEXTILES, facility

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 30)


def test_medians_over_facilities_and_only_counted_options():
    facility(investment=100_000_000, saving=50_000_000, energy="10")
    facility(investment=200_000_000, saving=50_000_000, energy="20")
    facility(investment=900_000_000, saving=100_000_000, energy="40")
    facility(investment=5_000_000_000, implemented=False)  # proposed: not counted
    facility(investment=7_000_000_000, on=dt.date(2026, 12, 1))  # implemented after today
    lib = build_release(TODAY)["library"]
    cell = lib[FOOD, Cat.GOOD_HOUSEKEEPING, ALL]
    assert cell["facilities"] == 3
    assert cell["investment_vnd"] == Decimal(200_000_000)
    assert cell["annual_saving_vnd"] == Decimal(50_000_000)
    assert cell["payback_years"] == Decimal("4.0")  # 2.0, 4.0, 9.0
    assert cell["energy_kwh"] == {"value": Decimal(20), "unit": "tấn sản phẩm", "facilities": 3}


def test_a_facility_with_two_options_in_a_category_counts_once():
    from tests.public_data_helpers import add_option

    a = facility(investment=100_000_000)
    add_option(a, Cat.GOOD_HOUSEKEEPING, investment=300_000_000)
    facility(investment=100_000_000)
    facility(investment=100_000_000)
    cell = build_release(TODAY)["library"][FOOD, Cat.GOOD_HOUSEKEEPING, ALL]
    assert cell["facilities"] == 3
    assert cell["investment_vnd"] == Decimal(100_000_000)  # 400 M, 100 M, 100 M → median 100 M


def test_group_below_three_is_hidden_with_its_medians():
    facility()
    facility()
    rel = build_release(TODAY)
    assert rel["library"][FOOD, Cat.GOOD_HOUSEKEEPING, ALL] is None
    assert rel["datasets"]["total"]["applying"] is None
    assert rel["datasets"]["total"]["investment_vnd"] is None


def test_size_filter_cannot_be_differenced_from_the_all_sizes_row():
    """5 small + 1 medium food facilities: "all sizes" shows 6 and "small" 5 would give away
    the one medium facility (6 − 5). The engine hides "small" too (or the total)."""
    for _ in range(5):
        facility(size="small", investment=100_000_000)
    facility(size="medium", investment=3_000_000_000)
    for _ in range(4):
        facility(TEXTILES, size="small")
    lib = build_release(TODAY)["library"]
    key = (FOOD, Cat.GOOD_HOUSEKEEPING)
    medium, small, every = lib.get((*key, "medium")), lib.get((*key, "small")), lib.get((*key, ALL))
    assert medium is None
    assert small is None or every is None


def test_the_unrecorded_size_class_cannot_be_recovered():
    """4 small + 1 facility without a size class: "all sizes" 5 − "small" 4 = the unknown one."""
    for _ in range(4):
        facility(size="small")
    facility(size="")
    lib = build_release(TODAY)["library"]
    small, every = (
        lib.get((FOOD, Cat.GOOD_HOUSEKEEPING, "small")),
        lib.get((FOOD, Cat.GOOD_HOUSEKEEPING, ALL)),
    )
    assert small is None or every is None


def test_industry_datasets_and_library_agree_and_are_suppressed_together():
    for _ in range(3):
        facility(FOOD)
    facility(TEXTILES)
    rel = build_release(TODAY)
    rows = {r["division"]: r for r in rel["datasets"]["division"]}
    assert rows[TEXTILES]["applying"] is None  # one facility
    assert rows[TEXTILES]["investment_vnd"] is None
    # total (4) − food (3) would give textiles' one facility: one of them is hidden too
    assert rows[FOOD]["applying"] is None or rel["datasets"]["total"]["applying"] is None
