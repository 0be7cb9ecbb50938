"""Breakdowns by VSIC division (2 digits) rather than section C alone (issue 15.5)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from enterprises.choices import OptionStatus
from enterprises.models import VsicCode
from programs.choices import IndicatorComputation as C
from reports import xlsx
from reports.consolidated_content import consolidated_document, industry_rows
from reports.models import ConsolidatedReport
from tests.factories import (
    AssessmentFactory,
    EnterpriseFactory,
    IndicatorFactory,
    OptionFactory,
    PeriodFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    """Food (10): 3 facilities, one applying (1.000 kWh/yr); textiles (13): 2, none applying;
    one facility recorded with the bare section letter C (no division)."""

    def code(code, level, name, parent=None):
        return VsicCode.objects.get_or_create(
            code=code, defaults={"level": level, "name": name, "section": "C", "parent": parent}
        )[0]

    section_c = code("C", "section", "Công nghiệp chế biến, chế tạo")
    food = code("1020", "class", "Chế biến, bảo quản thủy sản", code("10", "division",
                "Sản xuất, chế biến thực phẩm", section_c))  # fmt: skip
    textiles = code("1311", "class", "Sản xuất sợi", code("13", "division", "Dệt", section_c))
    fish = [EnterpriseFactory(vsic=food, name=f"Thủy sản {n}") for n in range(3)]
    for n in range(2):
        EnterpriseFactory(vsic=textiles, name=f"Dệt {n}")
    EnterpriseFactory(vsic=section_c, name="Chưa rõ ngành")
    assessment = AssessmentFactory(
        enterprise=fish[0], baseline_energy_kwh=Decimal(100), annual_output=Decimal(100)
    )
    OptionFactory(
        assessment=assessment,
        status=OptionStatus.IMPLEMENTED,
        implemented_on=dt.date(2025, 6, 1),
        energy_saving_kwh=Decimal(10),
        co2_reduction_t=None,
        annual_saving_vnd=Decimal(30_000_000),
    )
    return fish


def test_dashboard_table_has_a_row_per_division(client, doit, register):
    IndicatorFactory(computation=C.ENTERPRISES_ASSESSED, unit="cơ sở")
    client.force_login(doit)
    body = client.get(reverse("home")).content.decode()
    assert "Cơ sở theo ngành (VSIC cấp 2)" in body
    section = body[body.index('id="h-sectors"') :]
    assert "10 — Sản xuất, chế biến thực phẩm" in section
    assert "13 — Dệt" in section
    assert section.index("10 — Sản xuất") < section.index("13 — Dệt")  # most facilities first
    assert "Công nghiệp chế biến, chế tạo</th>" not in section  # no longer one row for C
    assert "&division=10" in section  # the drill-down link of the assessed cell


def test_drilldown_narrows_to_the_division(client, doit, register):
    indicator = IndicatorFactory(computation=C.ENTERPRISES_ASSESSED, unit="cơ sở")
    client.force_login(doit)
    url = reverse("dashboards:indicator_detail", args=[indicator.code])
    body = client.get(url, {"division": "10"}).content.decode()
    assert "Thủy sản 0" in body and "ngành 10" in body
    body = client.get(url, {"division": "13"}).content.decode()
    assert "Thủy sản 0" not in body
    # a malformed value is ignored, not an error
    assert client.get(url, {"division": "1x'"}).status_code == 200


def test_dashboard_export_by_division(client, doit, register):
    client.force_login(doit)
    response = client.get(reverse("dashboards:dashboard_export", args=["nganh"]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    labels = [r[0] for r in rows if r and r[0]]
    assert "Ngành (VSIC cấp 2)" in labels
    by_label = {r[0]: r for r in rows if r and r[0]}
    assert by_label["10 — Sản xuất, chế biến thực phẩm"][1] == 3
    assert by_label["13 — Dệt"][1] == 2


def test_consolidated_report_and_annex_by_division(register):
    period = PeriodFactory(
        key="2025", kind="year", year=2025,
        starts_on=dt.date(2024, 12, 15), ends_on=dt.date(2025, 12, 14),
    )  # fmt: skip
    rows = {r["division"]: r for r in industry_rows(period)}
    assert rows["10"]["total"] == 3 and rows["10"]["applying"] == 1 and rows["10"]["options"] == 1
    assert rows["10"]["energy_kwh_year"] == Decimal(1000)
    assert rows["13"]["total"] == 2 and rows["13"]["options"] == 0
    assert rows[None]["total"] == 1 and rows[None]["label"] == "Chưa xác định ngành cấp 2"

    document = consolidated_document(report=ConsolidatedReport(period=period))
    [table] = [b for b in document.blocks if b.kind == "table" and b.css == "industries"]
    assert [r[1] for r in table.rows] == [
        "10 — Sản xuất, chế biến thực phẩm",
        "13 — Dệt",
        "Chưa xác định ngành cấp 2",
    ]
    assert table.total_row[2] == "6"

    wb = load_workbook(io.BytesIO(xlsx.consolidated_xlsx(period=period)))
    ws = wb["Theo ngành"]
    header = [c.value for c in ws[3]]
    body = list(ws.iter_rows(min_row=4, values_only=True))
    *divisions, total = body
    count = header.index("Số cơ sở")
    assert total[2] == "Tổng cộng"
    assert sum(r[count] for r in divisions) == total[count] == 6
    assert [r[1] for r in divisions] == ["10", "13", None]
