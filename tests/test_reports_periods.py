import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from assignments.locks import period_is_open_for
from programs.periods import (
    period_by_key,
    period_close,
    period_current,
    period_previous,
    periods_generate,
)
from tests.factories import CalendarRegimeFactory, ReportingRegimeFactory

pytestmark = pytest.mark.django_db


def _by_key(periods):
    return {p.key: p for p in periods}


def test_nd09_windows_start_on_15_december_of_previous_year():
    periods = _by_key(periods_generate(regime=ReportingRegimeFactory(), year=2026))
    assert set(periods) == {"2026", "2026-H1", "2026-H2"}
    h1, h2, year = periods["2026-H1"], periods["2026-H2"], periods["2026"]
    assert (h1.starts_on, h1.ends_on, h1.due_on) == (
        dt.date(2025, 12, 15),
        dt.date(2026, 6, 14),
        dt.date(2026, 6, 19),
    )
    assert (h2.starts_on, h2.ends_on) == (dt.date(2026, 6, 15), dt.date(2026, 12, 14))
    assert (year.starts_on, year.ends_on, year.due_on) == (
        dt.date(2025, 12, 15),
        dt.date(2026, 12, 14),
        dt.date(2026, 12, 19),
    )
    assert year.kind == "year" and h1.kind == "h1" and h2.year == 2026


def test_calendar_regime_gives_calendar_halves():
    periods = _by_key(periods_generate(regime=CalendarRegimeFactory(), year=2025))
    assert (periods["2025-H1"].starts_on, periods["2025-H1"].ends_on) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 6, 30),
    )
    assert (periods["2025-H2"].starts_on, periods["2025-H2"].ends_on) == (
        dt.date(2025, 7, 1),
        dt.date(2025, 12, 31),
    )
    assert periods["2025"].due_on == dt.date(2026, 1, 10)


def test_generation_is_idempotent():
    first = periods_generate(regime=ReportingRegimeFactory(), year=2025)
    second = periods_generate(regime=ReportingRegimeFactory(), year=2025)
    assert [p.pk for p in first] == [p.pk for p in second]
    assert ReportingRegimeFactory().periods.count() == 3


def test_default_regime_is_used_when_none_given():
    periods = periods_generate(year=2024)
    assert all(p.regime.code == "nd09-2019" for p in periods)


def test_period_by_key_and_unknown_key():
    periods_generate(year=2026)
    assert period_by_key("2026-h1").key == "2026-H1"
    assert period_by_key("2026").kind == "year"
    assert period_by_key("2030") is None


def test_current_and_previous_period():
    periods_generate(year=2025)
    periods_generate(year=2026)
    assert period_current(day=dt.date(2025, 12, 20)).key == "2026-H1"
    assert period_current(day=dt.date(2025, 12, 14)).key == "2025-H2"
    assert period_current(day=dt.date(2026, 3, 1), half_year=False).key == "2026"
    assert period_previous(period_by_key("2026-H1")).key == "2025-H2"
    assert period_previous(period_by_key("2026")).key == "2025"


def test_only_doit_closes_a_period(doit, staff_a, agency_a):
    period = periods_generate(year=2026)[0]
    assert period_is_open_for(period=period, agency=agency_a)
    with pytest.raises(PermissionDenied):
        period_close(period=period, actor=staff_a)
    period_close(period=period, actor=doit)
    period.refresh_from_db()
    assert period.closed_at is not None
    assert not period_is_open_for(period=period, agency=agency_a)
