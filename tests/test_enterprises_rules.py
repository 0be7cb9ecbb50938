"""Pure rules and derived values: tax codes, size class (NĐ 80/2021), payback, savings %, stage."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from config.text import unaccent
from enterprises.choices import OptionStatus, SizeClass, Stage
from enterprises.models import Enterprise
from enterprises.rules import compute_size_class, normalize_tax_code
from tests.factories import AssessmentFactory, EnterpriseFactory, OptionFactory


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("0100233488", "0100233488"),
        ("0100 233 488", "0100233488"),
        ("01.00.233.488", "0100233488"),
        ("0314409058-002", "0314409058-002"),
        ("0314409058002", "0314409058-002"),
        (" 0314 409 058 - 002 ", "0314409058-002"),
        (100233488, "0100233488"),  # a spreadsheet number that lost its leading zero
    ],
)
def test_valid_tax_codes_are_stored_in_one_form(typed, stored):
    assert normalize_tax_code(typed) == stored


@pytest.mark.parametrize(
    "typed, fragment",
    [
        ("0100233489", "chữ số kiểm tra"),
        ("0314409059-002", "chữ số kiểm tra"),
        ("01002334", "10 chữ số"),
        ("0100233488-00", "10 chữ số"),
        ("01002A3488", "không hợp lệ"),
        ("0314409058-000", "không hợp lệ"),
        ("", "Thiếu"),
    ],
)
def test_invalid_tax_codes_are_refused_in_vietnamese(typed, fragment):
    with pytest.raises(ValidationError) as exc:
        normalize_tax_code(typed)
    assert fragment in exc.value.messages[0]


def test_unaccent_folds_vietnamese_letters():
    assert unaccent("Công ty TNHH Đồng Tháp  Mười") == "cong ty tnhh dong thap muoi"


def size(section, employees, revenue=None, capital=None):
    return compute_size_class(
        section=section,
        employees=employees,
        revenue_million_vnd=None if revenue is None else Decimal(revenue),
        capital_million_vnd=None if capital is None else Decimal(capital),
    )


@pytest.mark.parametrize(
    "section, employees, revenue, capital, expected",
    [
        # industry/construction (section C): micro ≤10 and (revenue ≤3 bn or capital ≤3 bn)
        ("C", 10, 3_000, None, SizeClass.MICRO),
        ("C", 10, 3_001, None, SizeClass.SMALL),
        ("C", 10, 3_001, 3_000, SizeClass.MICRO),  # capital alone is enough
        ("C", 11, 1_000, None, SizeClass.SMALL),
        ("C", 100, 50_000, None, SizeClass.SMALL),
        ("C", 100, 50_001, 20_000, SizeClass.SMALL),
        ("C", 101, 50_000, None, SizeClass.MEDIUM),
        ("C", 200, 200_000, None, SizeClass.MEDIUM),
        ("C", 200, 200_001, 100_001, SizeClass.LARGE),
        ("C", 201, 1_000, None, SizeClass.LARGE),
        ("A", 100, 50_000, None, SizeClass.SMALL),
        # trade/services (section G): different thresholds
        ("G", 10, 10_000, None, SizeClass.MICRO),
        ("G", 10, 10_001, 3_001, SizeClass.SMALL),
        ("G", 50, 100_000, None, SizeClass.SMALL),
        ("G", 51, 100_000, None, SizeClass.MEDIUM),
        ("G", 100, 300_000, None, SizeClass.MEDIUM),
        ("G", 101, 1_000, None, SizeClass.LARGE),
        # unknown industry counts as production; missing inputs decide nothing
        (None, 101, 50_000, None, SizeClass.MEDIUM),
        ("C", None, 1_000, None, ""),
        ("C", 50, None, None, ""),
    ],
)
def test_size_class_boundaries_follow_decree_80_2021(
    section, employees, revenue, capital, expected
):
    assert size(section, employees, revenue, capital) == expected


@pytest.fixture
def reference(db):
    from enterprises.reference import reference_data_load

    return reference_data_load()


def test_payback_and_savings_percent_are_computed(reference):
    option = OptionFactory(
        investment_vnd=Decimal(60_000_000),
        annual_saving_vnd=Decimal(40_000_000),
        energy_saving_kwh=Decimal("20"),
        water_saving_m3=Decimal("1.2"),
        material_saving_t=None,
    )
    assert option.payback_years == Decimal("1.5")
    assert option.energy_saving_percent == Decimal("8.0")  # 20 of a 250 kWh baseline
    assert option.water_saving_percent == Decimal("10.0")  # 1,2 of 12 m³
    assert option.material_saving_percent is None
    free = OptionFactory(annual_saving_vnd=Decimal(0))
    assert free.payback_years is None


def stages():
    return dict(Enterprise.objects.with_stage().values_list("name", "stage"))


def test_stage_is_derived_from_data(reference, doit):
    from assignments.models import Activity

    nothing = EnterpriseFactory(name="A chưa tiếp cận")
    informed = EnterpriseFactory(name="B đã phổ biến")
    assessed = EnterpriseFactory(name="C đã đánh giá")
    applying = EnterpriseFactory(name="D đang áp dụng")
    activity = Activity.objects.create(
        agency=doit.agency,
        kind="training",
        title="Tập huấn SXSH",
        held_on=dt.date(2025, 4, 1),
        author=doit,
    )
    activity.enterprises.add(informed, assessed)
    AssessmentFactory(enterprise=assessed)
    OptionFactory(assessment=AssessmentFactory(enterprise=applying), status=OptionStatus.PROPOSED)
    assert stages()[applying.name] == Stage.ASSESSED  # a proposal is not application yet
    OptionFactory(
        assessment=applying.assessments.get(),
        status=OptionStatus.IMPLEMENTED,
        implemented_on=dt.date(2025, 9, 1),
    )
    assert stages() == {
        nothing.name: Stage.NOT_REACHED,
        informed.name: Stage.INFORMED,
        assessed.name: Stage.ASSESSED,
        applying.name: Stage.APPLYING,
    }
    assert list(Enterprise.objects.in_stage(Stage.INFORMED)) == [informed]


def test_search_ignores_accents_and_case(reference):
    target = EnterpriseFactory(name="Công ty TNHH Chế biến Thủy sản Đồng Tiến")
    EnterpriseFactory(name="Cơ sở Xay xát Lúa gạo Mỹ Phước")
    assert list(Enterprise.objects.search("thuy san dong")) == [target]
    assert list(Enterprise.objects.search("THỦY SẢN")) == [target]
    assert list(Enterprise.objects.search(target.tax_code)) == [target]


def test_services_recompute_size_and_search_text_when_inputs_change(reference, doit):
    from enterprises.models import VsicCode
    from enterprises.services import enterprise_create, enterprise_update

    e = enterprise_create(
        actor=doit,
        data={
            "tax_code": "0100 233 488",
            "name": "Công ty Chế biến Á Châu",
            "vsic": VsicCode.objects.get(code="1020"),
            "employees": 8,
            "revenue_million_vnd": Decimal(2_000),
        },
    )
    assert (e.tax_code, e.size_class) == ("0100233488", SizeClass.MICRO)
    assert "che bien a chau" in e.search_text
    assert e.history.get().history_user == doit
    enterprise_update(enterprise=e, actor=doit, data={"employees": 150})
    e.refresh_from_db()
    assert e.size_class == SizeClass.MEDIUM


def test_demo_seed_is_deterministic_and_idempotent(db):
    import io

    from enterprises import demo
    from enterprises.models import Assessment, Option

    demo.seed(stdout=io.StringIO())
    first = (
        Enterprise.objects.count(),
        Assessment.objects.count(),
        Option.objects.count(),
        sorted(Enterprise.objects.values_list("tax_code", flat=True))[:5],
    )
    demo.seed(stdout=io.StringIO())
    again = (
        Enterprise.objects.count(),
        Assessment.objects.count(),
        Option.objects.count(),
        sorted(Enterprise.objects.values_list("tax_code", flat=True))[:5],
    )
    assert first == again
    assert first[0] == demo.COUNT
    assert Option.objects.filter(status=OptionStatus.IMPLEMENTED).exists()
    assert Option.objects.filter(status=OptionStatus.PROPOSED).exists()
    stages = set(Enterprise.objects.with_stage().values_list("stage", flat=True))
    assert {Stage.APPLYING, Stage.NOT_REACHED} <= stages


def test_demo_tax_codes_all_pass_the_check_digit(db):
    import io

    from enterprises import demo

    demo.seed(stdout=io.StringIO())
    codes = list(Enterprise.objects.values_list("tax_code", flat=True))
    assert all(normalize_tax_code(code) == code for code in codes)
    assert any("-" in code for code in codes)  # some branches (đơn vị phụ thuộc)
