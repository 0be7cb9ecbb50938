"""Target status at its boundaries: met / on track / at risk / missed (no database needed)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from programs.choices import Comparison
from programs.models import LegalDocument, Target
from reports.indicators import Status, expected_on, target_status

DOC = LegalDocument(number="x", title="x", period_start_year=2016, period_end_year=2020)


def target(comparison=Comparison.AT_LEAST, lo=None, hi=None, milestone=2020, doc=DOC):
    t = Target(comparison=comparison, value_min=lo, value_max=hi, milestone_year=milestone)
    t.document = doc
    return t


# 01/01/2016 → 31/12/2020 is 1826 days; half of it (913 days) is 02/07/2018
HALFWAY = dt.date(2018, 7, 2)


@pytest.mark.parametrize(
    ("actual", "as_of", "expected"),
    [
        (D(50), dt.date(2021, 1, 1), Status.MET),
        (D("49.99"), dt.date(2021, 1, 1), Status.MISSED),
        (D(50), dt.date(2020, 12, 31), Status.MET),  # the milestone day is final
        (D(49), dt.date(2020, 12, 31), Status.MISSED),
        (D(49), dt.date(2020, 12, 30), Status.AT_RISK),  # trajectory ≈ 49.97
        (D(50), dt.date(2018, 1, 1), Status.MET),  # reached early
        (D(25), HALFWAY, Status.ON_TRACK),  # exactly on the trajectory
        (D("24.99"), HALFWAY, Status.AT_RISK),
        (D(0), dt.date(2015, 6, 1), Status.ON_TRACK),  # before the document's start
        (None, HALFWAY, Status.NO_DATA),
    ],
)
def test_at_least_target(actual, as_of, expected):
    assert target_status(target(lo=D(50)), actual, as_of) == expected


def test_trajectory_is_linear_from_the_start_year_to_the_milestone_year_end():
    assert expected_on(target(lo=D(50)), HALFWAY) == D("25.00")
    assert expected_on(target(lo=D(50)), dt.date(2016, 1, 1)) == D("0.00")
    assert expected_on(target(lo=D(50)), dt.date(2030, 1, 1)) == D("50.00")


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (D("4.99"), Status.MISSED),
        (D(5), Status.MET),  # lower bound inclusive
        (D("6.5"), Status.MET),
        (D(8), Status.MET),  # upper bound inclusive
        (D(9), Status.MET),  # above the range is over-achievement
    ],
)
def test_range_target_after_its_milestone(actual, expected):
    t = target(Comparison.RANGE, D(5), D(8), milestone=2015)
    assert target_status(t, actual, dt.date(2016, 1, 1)) == expected


def test_range_target_before_its_milestone_follows_the_lower_bound_trajectory():
    t = target(Comparison.RANGE, D(8), D(13), milestone=2020)
    assert target_status(t, D(4), HALFWAY) == Status.ON_TRACK  # trajectory 4.00
    assert target_status(t, D("3.99"), HALFWAY) == Status.AT_RISK


@pytest.mark.parametrize(
    ("actual", "as_of", "expected"),
    [
        (D(10), dt.date(2021, 1, 1), Status.MET),
        (D("10.01"), dt.date(2021, 1, 1), Status.MISSED),
        (D(10), HALFWAY, Status.ON_TRACK),
        (D("10.01"), HALFWAY, Status.AT_RISK),
    ],
)
def test_at_most_target(actual, as_of, expected):
    assert target_status(target(Comparison.AT_MOST, hi=D(10)), actual, as_of) == expected


def test_target_without_milestone_uses_the_document_end_year():
    t = target(lo=D(90), milestone=None)
    assert target_status(t, D(80), dt.date(2021, 1, 1)) == Status.MISSED


def test_start_year_falls_back_to_the_signing_year():
    doc = LegalDocument(number="y", title="y", signed_on=dt.date(2016, 5, 1))
    t = target(lo=D(50), doc=doc)
    assert expected_on(t, HALFWAY) == D("25.00")
