"""The indicator engine against a hand-built province with known answers, on two "as of" dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from assignments.choices import ActivityKind, FundingSource
from enterprises.choices import AssessmentStatus, OptionStatus
from programs.choices import IndicatorComputation as C
from programs.choices import PeriodKind
from reports import indicators
from tests.factories import (
    ActivityFactory,
    AssessmentFactory,
    EnterpriseFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    OfficerFactory,
    OptionFactory,
    PeriodFactory,
)

END_2024 = dt.date(2024, 12, 31)
MID_2025 = dt.date(2025, 6, 30)


def assessed(**kwargs):
    """A completed assessment of 01/03/2024 with a 2 t material baseline."""
    kwargs = {"assessed_on": dt.date(2024, 3, 1), "baseline_material_t": Decimal(2)} | kwargs
    return AssessmentFactory(**kwargs)


def implemented(**kwargs):
    """An option implemented on 01/06/2024 that saves only what the test says."""
    kwargs = {
        "status": OptionStatus.IMPLEMENTED,
        "implemented_on": dt.date(2024, 6, 1),
        "water_saving_m3": None,
    } | kwargs
    return OptionFactory(**kwargs)


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def province(db, doit_agency, agency_a, doit):
    """Six enterprises (E6 without SXSH potential), activities, options, officers, a manual value."""
    e = {i: EnterpriseFactory(name=f"E{i}", has_sxsh_potential=i != 6) for i in range(1, 7)}
    training = ActivityFactory(
        agency=doit_agency,
        kind=ActivityKind.TRAINING,
        held_on=dt.date(2024, 5, 10),
        cost_vnd=Decimal(20_000_000),
        funding_source=FundingSource.KHUYEN_CONG,
        enterprises=[e[1], e[2], e[6]],
    )
    later_training = ActivityFactory(
        agency=agency_a,
        kind=ActivityKind.TRAINING,
        held_on=dt.date(2025, 3, 1),
        cost_vnd=Decimal(7_000_000),
        enterprises=[e[3]],
    )
    workshop = ActivityFactory(
        agency=agency_a,
        kind=ActivityKind.WORKSHOP,
        held_on=dt.date(2024, 10, 1),
        cost_vnd=Decimal(5_000_000),
        funding_source=FundingSource.LOCAL_BUDGET,
    )
    demo_2024 = ActivityFactory(
        agency=doit_agency,
        kind=ActivityKind.DEMONSTRATION,
        held_on=dt.date(2024, 8, 1),
        cost_vnd=Decimal(100_000_000),
        funding_source=FundingSource.DONOR,
    )
    ActivityFactory(
        agency=doit_agency, kind=ActivityKind.DEMONSTRATION, held_on=dt.date(2025, 1, 5)
    )

    a1 = assessed(enterprise=e[1], baseline_energy_kwh=100, baseline_material_t=2)
    o1 = implemented(assessment=a1, energy_saving_kwh=5, material_saving_t=Decimal("0.1"))
    o2 = implemented(assessment=a1, energy_saving_kwh=3, implemented_on=dt.date(2024, 9, 1))
    implemented(
        assessment=a1, energy_saving_kwh=50, status=OptionStatus.PROPOSED, implemented_on=None
    )
    a2 = assessed(enterprise=e[2], baseline_energy_kwh=200)
    o4 = implemented(assessment=a2, energy_saving_kwh=20, implemented_on=dt.date(2025, 2, 1))
    a6 = assessed(enterprise=e[6], baseline_energy_kwh=50)
    o5 = implemented(assessment=a6, energy_saving_kwh=2, implemented_on=dt.date(2024, 7, 1))
    assessed(enterprise=e[4], status=AssessmentStatus.PLANNED, assessed_on=dt.date(2024, 1, 1))
    assessed(enterprise=e[5], assessed_on=dt.date(2025, 1, 10))

    officers = {
        "trained": OfficerFactory(agency=agency_a, trainings=[training]),
        "trained_later": OfficerFactory(agency=agency_a, trainings=[later_training]),
        "left": OfficerFactory(agency=agency_a, until=dt.date(2024, 6, 30), trainings=[training]),
        "not_yet": OfficerFactory(agency=agency_a, since=dt.date(2025, 1, 1)),
        "workshop_only": OfficerFactory(agency=agency_a, trainings=[workshop]),
    }
    h2_2024 = PeriodFactory(year=2024, kind=PeriodKind.H2)
    h1_2025 = PeriodFactory(year=2025, kind=PeriodKind.H1)
    manual = IndicatorFactory(code="tk-nang-luong-tay", computation=C.MANUAL, unit="%")
    IndicatorValueFactory(indicator=manual, period=h2_2024, value=Decimal("42.5"), entered_by=doit)
    ind = {
        key: IndicatorFactory(computation=key, unit="%")
        for key in (
            C.SHARE_INFORMED,
            C.SHARE_APPLYING,
            C.AVG_ENERGY_SAVING,
            C.AVG_MATERIAL_SAVING,
            C.SHARE_STAFF_TRAINED,
        )
    }
    ind[C.DEMONSTRATION_MODELS] = IndicatorFactory(
        computation=C.DEMONSTRATION_MODELS, unit="mô hình"
    )
    ind[C.ENTERPRISES_ASSESSED] = IndicatorFactory(computation=C.ENTERPRISES_ASSESSED, unit="cơ sở")
    ind[C.FUNDS_MOBILISED] = IndicatorFactory(computation=C.FUNDS_MOBILISED, unit="triệu đồng")
    ind[C.MANUAL] = manual
    return {
        "e": e,
        "ind": ind,
        "officers": officers,
        "options": (o1, o2, o4, o5),
        "demo_2024": demo_2024,
        "h2_2024": h2_2024,
        "h1_2025": h1_2025,
    }


def figures(province, as_of, period=None):
    inds = list(province["ind"].values())
    figs = indicators.compute_figures(inds, as_of=as_of, period=period)
    return {i.computation: figs[i.pk] for i in inds}


def test_share_informed_counts_only_potential_enterprises_reached_by_as_of(province):
    f = figures(province, END_2024)[C.SHARE_INFORMED]
    assert (f.numerator, f.denominator, f.value) == (2, 5, Decimal("40.0"))
    f = figures(province, MID_2025)[C.SHARE_INFORMED]
    assert (f.numerator, f.denominator, f.value) == (3, 5, Decimal("60.0"))


def test_share_applying_needs_an_option_implemented_by_as_of(province):
    f = figures(province, END_2024)[C.SHARE_APPLYING]
    assert (f.numerator, f.denominator, f.value) == (1, 5, Decimal("20.0"))
    assert figures(province, MID_2025)[C.SHARE_APPLYING].value == Decimal("40.0")


def test_avg_energy_saving_sums_options_per_enterprise_then_averages_enterprises(province):
    # E1: 5 % + 3 % = 8 %; E6 (no potential flag, still applying): 2/50 = 4 % → (8 + 4) / 2
    f = figures(province, END_2024)[C.AVG_ENERGY_SAVING]
    assert (f.value, f.numerator) == (Decimal("6.00"), 2)
    # E2's option of 02/2025 (20/200 = 10 %) now counts: (8 + 10 + 4) / 3
    assert figures(province, MID_2025)[C.AVG_ENERGY_SAVING].value == Decimal("7.33")


def test_avg_material_saving_leaves_out_enterprises_without_the_figure(province):
    f = figures(province, END_2024)[C.AVG_MATERIAL_SAVING]
    assert (f.value, f.numerator) == (Decimal("5.00"), 1)  # 0.1 t of 2 t, E1 only


def test_per_enterprise_saving_is_capped_at_100_percent(province):
    a = assessed(enterprise=province["e"][3], baseline_energy_kwh=10)
    implemented(assessment=a, energy_saving_kwh=8)
    implemented(assessment=a, energy_saving_kwh=7)  # 150 % in total → 100 %
    f = figures(province, END_2024)[C.AVG_ENERGY_SAVING]
    assert f.value == Decimal("37.33")  # (8 + 4 + 100) / 3


def test_share_staff_trained_uses_officers_on_the_roster_on_as_of(province):
    f = figures(province, END_2024)[C.SHARE_STAFF_TRAINED]
    # active: trained, trained_later, workshop_only → only "trained" attended a training by then
    assert (f.numerator, f.denominator, f.value) == (1, 3, Decimal("33.3"))
    f = figures(province, MID_2025)[C.SHARE_STAFF_TRAINED]
    # not_yet joins the roster; trained_later's course has been held
    assert (f.numerator, f.denominator) == (2, 4)


def test_demonstration_models_count_activities_held_by_as_of(province):
    assert figures(province, END_2024)[C.DEMONSTRATION_MODELS].value == 1
    assert figures(province, MID_2025)[C.DEMONSTRATION_MODELS].value == 2


def test_enterprises_assessed_skips_planned_and_later_assessments(province):
    assert figures(province, END_2024)[C.ENTERPRISES_ASSESSED].value == 3
    assert figures(province, MID_2025)[C.ENTERPRISES_ASSESSED].value == 4


def test_funds_mobilised_sums_costs_by_source_in_the_indicator_unit(province):
    f = figures(province, END_2024)[C.FUNDS_MOBILISED]
    assert f.numerator == Decimal(125_000_000)
    assert f.value == Decimal("125.0")  # triệu đồng
    by_source = {r["funding_source"]: r["cost"] for r in f.breakdown}
    assert by_source == {
        FundingSource.KHUYEN_CONG: Decimal(20_000_000),
        FundingSource.LOCAL_BUDGET: Decimal(5_000_000),
        FundingSource.DONOR: Decimal(100_000_000),
    }


def test_manual_indicator_shows_the_periods_value_with_who_and_when(province, doit):
    f = figures(province, END_2024, province["h2_2024"])[C.MANUAL]
    assert f.value == Decimal("42.5")
    assert f.entered_by == doit and f.entered_at is not None
    assert f.source_period == province["h2_2024"]


def test_manual_indicator_falls_back_to_the_latest_earlier_period(province):
    f = figures(province, MID_2025, province["h1_2025"])[C.MANUAL]
    assert f.value == Decimal("42.5")
    assert f.source_period == province["h2_2024"]


def test_manual_indicator_ignores_values_of_later_periods(province):
    earlier = PeriodFactory(year=2024, kind=PeriodKind.H1)
    assert figures(province, dt.date(2024, 6, 30), earlier)[C.MANUAL].value is None


@pytest.mark.parametrize("as_of", [END_2024, MID_2025])
def test_drilldown_rows_are_exactly_the_counted_rows(province, as_of):
    period = province["h2_2024"] if as_of == END_2024 else province["h1_2025"]
    figs = figures(province, as_of, period)
    for key, ind in province["ind"].items():
        rows = list(indicators.drilldown_rows(ind, as_of=as_of, period=period))
        fig = figs[key]
        if key in (
            C.SHARE_INFORMED,
            C.SHARE_APPLYING,
            C.SHARE_STAFF_TRAINED,
            C.ENTERPRISES_ASSESSED,
        ):
            assert len(rows) == fig.numerator, key
        elif key in indicators.SAVING_FIELDS:
            groups = indicators.per_enterprise_savings(key, rows)
            assert len(groups) == fig.numerator, key
            mean = sum(g["capped"] for g in groups) / len(groups)
            assert mean.quantize(Decimal("0.01")) == fig.value, key
        elif key == C.DEMONSTRATION_MODELS:
            assert len(rows) == fig.value
        elif key == C.FUNDS_MOBILISED:
            assert sum(a.cost_vnd for a in rows) == fig.numerator
        else:
            assert rows[0].value == fig.value


def test_drilldown_lists_the_named_enterprises_and_options(province):
    e, ind = province["e"], province["ind"]
    informed = indicators.drilldown_rows(ind[C.SHARE_INFORMED], as_of=END_2024)
    assert {x.name for x in informed} == {"E1", "E2"}
    options = indicators.drilldown_rows(ind[C.AVG_ENERGY_SAVING], as_of=END_2024)
    o1, o2, o4, o5 = province["options"]
    assert set(options) == {o1, o2, o5}
    officers = indicators.drilldown_rows(ind[C.SHARE_STAFF_TRAINED], as_of=END_2024)
    assert list(officers) == [province["officers"]["trained"]]
    assert e[6] not in informed


def test_drilldown_narrows_by_locality(province):
    from tests.factories import LocalityFactory

    loc = LocalityFactory()
    province["e"][1].locality = loc
    province["e"][1].save()
    rows = indicators.drilldown_rows(
        province["ind"][C.SHARE_INFORMED], as_of=END_2024, filters={"locality": loc.pk}
    )
    assert [x.name for x in rows] == ["E1"]


def test_indicator_context_for_the_consolidated_report(province):
    from tests.factories import TargetFactory

    TargetFactory(indicator=province["ind"][C.SHARE_INFORMED], value_min=90, milestone_year=2020)
    ctx = indicators.indicator_context(period=province["h2_2024"])
    assert ctx["indicator_as_of"] == dt.date(2024, 12, 14)  # the end of 2024-H2 (ND 09/2019)
    row = next(r for r in ctx["indicator_rows"] if r.indicator.computation == C.SHARE_INFORMED)
    assert row.figure.value == Decimal("40.0")
    assert row.headline[0].status == indicators.Status.MISSED  # 2020 milestone passed
    assert ctx["indicator_chart_svg"].lstrip().startswith("<?xml")
    assert ctx["indicator_chart_data_uri"].startswith("data:image/svg+xml;base64,")
    assert "40" in ctx["indicator_chart_alt"]


def test_pdf_partial_renders_the_table_and_the_chart_as_an_image(province):
    from django.template.loader import render_to_string

    from tests.factories import TargetFactory

    TargetFactory(indicator=province["ind"][C.SHARE_INFORMED], value_min=90, milestone_year=2030)
    html = render_to_string(
        "reports/pdf/_indicators.html", indicators.indicator_context(period=province["h2_2024"])
    )
    for header in ("Chỉ tiêu", "Đơn vị", "Mục tiêu (văn bản, năm)", "Thực hiện", "Đánh giá"):
        assert f"<th>{header}</th>" in html
    assert "≥ 90 % (1419/QĐ-TTg, 2030)" in html
    assert '<img src="data:image/svg+xml;base64,' in html
    assert 'alt="Biểu đồ chỉ tiêu so với mục tiêu.' in html
