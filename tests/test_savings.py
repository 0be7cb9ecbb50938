"""Savings figures that add up (issue 15.4): per-unit savings as % of each facility's own
baseline, yearly figures = per-unit saving × annual output, CO₂e from the grid factor (data)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from enterprises import savings
from enterprises.choices import OptionStatus
from enterprises.models import GridEmissionFactor, Option
from reports import xlsx
from reports.consolidated_content import consolidated_document, enterprise_savings
from reports.models import ConsolidatedReport
from tests.factories import (
    AssessmentFactory,
    EnterpriseFactory,
    OptionFactory,
    PeriodFactory,
)

pytestmark = pytest.mark.django_db


def _implemented(assessment, on, **fields):
    fields.setdefault("water_saving_m3", None)
    fields.setdefault("material_saving_t", None)
    fields.setdefault("co2_reduction_t", None)
    return OptionFactory(
        assessment=assessment, status=OptionStatus.IMPLEMENTED, implemented_on=on, **fields
    )


@pytest.fixture
def facilities():
    """A (1.000 t/yr, 10 kWh/t of 100 saved, no reported CO₂, 2023), B (500 units of another
    product, 2 of 20 kWh saved, 5 t CO₂ reported, 2025), C (no annual output reported)."""
    a = AssessmentFactory(
        enterprise=EnterpriseFactory(name="Cơ sở A"),
        baseline_energy_kwh=Decimal(100),
        annual_output=Decimal(1000),
    )
    b = AssessmentFactory(
        enterprise=EnterpriseFactory(name="Cơ sở B"),
        product_unit="1.000 viên gạch",
        baseline_energy_kwh=Decimal(20),
        annual_output=Decimal(500),
    )
    c = AssessmentFactory(
        enterprise=EnterpriseFactory(name="Cơ sở C"), baseline_energy_kwh=Decimal(50)
    )
    _implemented(a, dt.date(2023, 6, 1), energy_saving_kwh=Decimal(10), annual_saving_vnd=100)
    _implemented(
        b,
        dt.date(2025, 3, 1),
        energy_saving_kwh=Decimal(2),
        co2_reduction_t=Decimal(5),
        annual_saving_vnd=50,
    )
    _implemented(c, dt.date(2025, 4, 1), energy_saving_kwh=Decimal(3), annual_saving_vnd=7)
    return a, b, c


def test_the_published_factors_are_data_with_their_source():
    f2022 = GridEmissionFactor.objects.get(year=2022)
    assert f2022.tco2_per_mwh == Decimal("0.6766") and "327/BĐKH-PTCBT" in f2022.source
    assert GridEmissionFactor.objects.get(year=2023).tco2_per_mwh == Decimal("0.6592")
    assert "263/BĐKH-GNPT" in GridEmissionFactor.objects.get(year=2018).source
    assert "chưa được đối chiếu" in GridEmissionFactor.objects.get(year=2021).source
    assert GridEmissionFactor.objects.for_year(2025).year == 2023  # latest before
    assert GridEmissionFactor.objects.for_year(2010).year == 2014  # earliest


def test_yearly_totals_add_up_and_co2e_uses_the_grid_factor(facilities):
    totals = savings.annual_totals(Option.objects.filter(status=OptionStatus.IMPLEMENTED))
    # A: 10 kWh × 1.000 = 10.000 kWh; B: 2 × 500 = 1.000 kWh; C has no output → not counted
    assert totals["energy_kwh_year"] == Decimal(11_000)
    # A: 10.000 kWh × 0,6592 t/MWh (2023) = 6,592 t; B: its reported 5 t
    assert totals["co2e_t_year"] == Decimal("11.6")  # 11,592
    assert totals["co2e_estimated_t_year"] == Decimal("6.6")
    assert totals["saving_vnd_year"] == Decimal(157)
    assert totals["options_without_output"] == 1 and totals["options_counted"] == 3


def test_a_year_without_a_factor_uses_the_latest_before(facilities):
    a, _b, _c = facilities
    Option.objects.filter(assessment=a).update(implemented_on=dt.date(2026, 1, 10))
    GridEmissionFactor.objects.filter(year=2023).update(tco2_per_mwh=Decimal("0.5000"))
    totals = savings.annual_totals(Option.objects.filter(assessment=a))
    assert totals["co2e_t_year"] == Decimal("5.0")  # 10.000 kWh × 0,5 (2023, latest ≤ 2026)


def test_per_unit_savings_stay_percentages_of_each_baseline(facilities):
    per = savings.by_enterprise(Option.objects.all(), key="assessment__enterprise__name")
    assert per["Cơ sở A"]["pct_energy_kwh"] == Decimal("10.0")  # 10 of 100
    assert per["Cơ sở B"]["pct_energy_kwh"] == Decimal("10.0")  # 2 of 20
    assert per["Cơ sở C"]["pct_energy_kwh"] == Decimal("6.0")  # 3 of 50
    assert per["Cơ sở C"]["energy_kwh_year"] == 0
    assert savings.mean_percent(per, "energy_kwh") == (Decimal("8.7"), 3)


def test_dashboard_shows_yearly_figures_not_summed_per_unit_savings(client, doit, facilities):
    client.force_login(doit)
    body = client.get(reverse("home")).content.decode()
    assert "cộng dồn" not in body
    assert "kWh điện tiết kiệm mỗi năm" in body and "11.000" in body
    assert "tấn CO₂e giảm phát thải mỗi năm" in body and "11,6" in body
    assert "1 giải pháp chưa có sản lượng hằng năm" in body
    export = client.get(reverse("dashboards:dashboard_export", args=["tiet-kiem"]))
    rows = {r[0]: r[1] for r in load_workbook(io.BytesIO(export.content)).active.values if r[0]}
    assert rows["Tiết kiệm điện năng (kWh/năm)"] == 11000
    assert not any("cộng dồn" in str(key) for key in rows)


def test_consolidated_report_and_annex_agree_on_the_yearly_figures(facilities):
    period = PeriodFactory(
        key="2025", kind="year", year=2025,
        starts_on=dt.date(2023, 1, 1), ends_on=dt.date(2025, 12, 14),
    )  # fmt: skip
    saved = enterprise_savings(period)
    assert saved["annual"]["energy_kwh_year"] == Decimal(11_000)
    assert [f.year for f in saved["factors"]] == [2023]  # 2023 and 2025 both use 2023's
    document = consolidated_document(report=ConsolidatedReport(period=period))
    text = " ".join(getattr(b, "text", "") for b in document.blocks)
    assert "cộng dồn" not in text
    assert "tiết kiệm mỗi năm 11.000 kWh điện" in text
    assert "giảm phát thải 11,6 tấn CO₂e/năm" in text
    assert "năng lượng 8,7 % (3 cơ sở)" in text
    assert "năm 2023: 0,6592 tCO₂/MWh" in text
    wb = load_workbook(io.BytesIO(xlsx.consolidated_xlsx(period=period)))
    ws = wb["Kết quả doanh nghiệp"]
    header = [c.value for c in ws[3]]
    kwh = header.index("Tiết kiệm điện (kWh/năm)")
    body = [row for row in ws.iter_rows(min_row=4, values_only=True)]
    *facility_rows, total = body
    assert total[1] == "Tổng cộng"
    assert sum(r[kwh] or 0 for r in facility_rows) == total[kwh] == 11000
    pct = header.index("Tiết kiệm năng lượng (% so với mức nền)")
    assert sorted(r[pct] for r in facility_rows) == [6.0, 10.0, 10.0]


def test_doit_enters_the_annual_output_on_the_assessment(client, doit):
    assessment = AssessmentFactory(annual_output=None)
    client.force_login(doit)
    url = reverse("enterprises:assessment_edit", args=[assessment.pk])
    form = client.get(url)
    assert form.status_code == 200 and 'name="annual_output"' in form.content.decode()
    data = {
        "assessed_on": "2025-05-10",
        "kind": assessment.kind,
        "status": assessment.status,
        "consultant": "",
        "product_unit": "tấn sản phẩm",
        "baseline_energy_kwh": "250",
        "annual_output": "1500",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.annual_output == Decimal(1500)
    page = client.get(reverse("enterprises:enterprise_detail", args=[assessment.enterprise.pk]))
    assert "1.500 tấn sản phẩm/năm" in page.content.decode()


def test_consolidated_page_shows_yearly_figures_and_percentages(client, doit, facilities):
    PeriodFactory(
        key="2025", kind="year", year=2025,
        starts_on=dt.date(2023, 1, 1), ends_on=dt.date(2025, 12, 14),
    )  # fmt: skip
    client.force_login(doit)
    response = client.get(reverse("reports:consolidated_detail", args=["2025"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "11.000 kWh" in body and "11,6 t CO₂e" in body
    assert "năng lượng 8,7 %" in body
    assert "năm 2023: 0,6592 tCO₂/MWh" in body
