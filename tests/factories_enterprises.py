"""factory_boy factories for the enterprise registry (reference data comes from fixtures/)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import factory

from accounts.roles import Role
from enterprises.choices import AssessmentKind, OptionCategory, OptionStatus
from enterprises.models import Assessment, CompanyAccess, Enterprise, Option, VsicCode
from enterprises.rules import build_search_text, tax_code_check_digit

_serial = itertools.count(1)


def valid_tax_code(n: int | None = None, *, prefix: str = "16") -> str:
    """The n-th test tax code, with a correct check digit (An Giang codes start with 16).

    Uses serial 2n, or 2n+1 when 2n has no valid check digit: their weighted sums differ by 3
    (mod 11), so one of the two always works and different n never collide.
    """
    n = next(_serial) if n is None else n
    for serial in (2 * n, 2 * n + 1):
        body = f"{prefix}{serial:07d}"
        digit = tax_code_check_digit(body)
        if digit is not None:
            return body + digit
    raise AssertionError("unreachable: one of two consecutive serials has a check digit")


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    tax_code = factory.LazyFunction(valid_tax_code)
    name = factory.Sequence(lambda n: f"Công ty TNHH Chế biến Thủy sản Số {n}")
    vsic = factory.LazyFunction(lambda: VsicCode.objects.filter(code="1020").first())
    employees = 80
    revenue_million_vnd = Decimal(40_000)
    search_text = factory.LazyAttribute(
        lambda o: build_search_text(name=o.name, tax_code=o.tax_code)
    )


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    enterprise = factory.SubFactory(EnterpriseFactory)
    assessed_on = dt.date(2025, 5, 10)
    kind = AssessmentKind.DETAILED
    consultant = "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp"
    baseline_energy_kwh = Decimal("250")
    baseline_water_m3 = Decimal("12")
    baseline_material_t = Decimal("1.5")


class OptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Option

    assessment = factory.SubFactory(AssessmentFactory)
    category = OptionCategory.GOOD_HOUSEKEEPING
    description = "Lắp đồng hồ nước từng khu vực, sửa rò rỉ đường ống"
    status = OptionStatus.PROPOSED
    investment_vnd = Decimal(60_000_000)
    annual_saving_vnd = Decimal(40_000_000)
    energy_saving_kwh = Decimal("20")
    water_saving_m3 = Decimal("1.2")


class CompanyAccessFactory(factory.django.DjangoModelFactory):
    """An enterprise user's access to a company (the user gets the enterprise_user role)."""

    class Meta:
        model = CompanyAccess

    user = factory.SubFactory(
        "tests.factories.UserFactory", agency=None, roles=[Role.ENTERPRISE_USER]
    )
    tax_code = factory.LazyFunction(valid_tax_code)
