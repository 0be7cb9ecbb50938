"""Pure rules of the registry: tax codes, size class (Nghị định 80/2021/NĐ-CP), accent-free text.

No database access here, so the importer can apply them to ten thousand rows in memory.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.vn import mst

from config.text import unaccent
from enterprises.choices import SizeClass

# --- Tax code (mã số thuế) ---------------------------------------------------------------------


def normalize_tax_code(value: object) -> str:
    """The stored form of a tax code: ``0123456789`` or ``0123456789-001`` for a branch.

    Accepts spaces, dashes and dots as typed; raises ``ValidationError`` with a Vietnamese reason.
    """
    raw = "" if value is None else str(value).strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        # a spreadsheet cell typed as a number loses its leading zero: 100233488 → 0100233488
        raw = str(int(value)).zfill(10)
    if not raw:
        raise ValidationError(_("Thiếu mã số thuế."), code="required")
    try:
        number = mst.validate(raw)
    except InvalidChecksum:
        raise ValidationError(
            _("Mã số thuế “%(value)s” sai chữ số kiểm tra (chữ số thứ 10)."),
            code="checksum",
            params={"value": raw},
        ) from None
    except InvalidLength:
        raise ValidationError(
            _(
                "Mã số thuế “%(value)s” phải có 10 chữ số, hoặc 13 chữ số với đơn vị phụ thuộc (0123456789-001)."
            ),
            code="length",
            params={"value": raw},
        ) from None
    except (InvalidFormat, InvalidComponent):
        raise ValidationError(
            _("Mã số thuế “%(value)s” không hợp lệ (chỉ gồm chữ số, dấu cách, dấu gạch ngang)."),
            code="format",
            params={"value": raw},
        ) from None
    return mst.format(number)


def tax_code_check_digit(first_nine: str) -> str | None:
    """The 10th digit for nine digits, or None when no digit fits (weighted sum ≡ 0 mod 11)."""
    digit = mst.calc_check_digit(first_nine)
    return digit if len(digit) == 1 else None


# --- Accent-insensitive text ---------------------------------------------------------------------


def build_search_text(*, name: str, tax_code: str) -> str:
    """What ``Enterprise.search_text`` holds: the name and tax code, accent-free, with and
    without the branch dash so either spelling finds it."""
    return f"{unaccent(name)} {tax_code} {tax_code.replace('-', '')}"


# --- Size class (Nghị định 80/2021/NĐ-CP, Điều 5) --------------------------------------------------

#: VSIC sections counted as "nông, lâm nghiệp, thủy sản; công nghiệp và xây dựng"; the rest are
#: "thương mại, dịch vụ".
PRODUCTION_SECTIONS = frozenset("ABCDEF")

# (size, max employees, max revenue, max capital) — revenue and capital in million VND;
# a class is met with employees ≤ max AND (revenue ≤ max OR capital ≤ max).
_THRESHOLDS = {
    "production": [
        (SizeClass.MICRO, 10, Decimal(3_000), Decimal(3_000)),
        (SizeClass.SMALL, 100, Decimal(50_000), Decimal(20_000)),
        (SizeClass.MEDIUM, 200, Decimal(200_000), Decimal(100_000)),
    ],
    "trade_services": [
        (SizeClass.MICRO, 10, Decimal(10_000), Decimal(3_000)),
        (SizeClass.SMALL, 50, Decimal(100_000), Decimal(50_000)),
        (SizeClass.MEDIUM, 100, Decimal(300_000), Decimal(100_000)),
    ],
}


def sector_group(section: str | None) -> str:
    """``production`` or ``trade_services``; an unknown industry counts as production
    (the registry holds industrial facilities)."""
    if section and section.upper() not in PRODUCTION_SECTIONS:
        return "trade_services"
    return "production"


def compute_size_class(
    *,
    section: str | None,
    employees: int | None,
    revenue_million_vnd: Decimal | None,
    capital_million_vnd: Decimal | None,
) -> str:
    """Micro/small/medium/large per NĐ 80/2021; "" when the inputs cannot decide it.

    Employees are those with social insurance (lao động tham gia BHXH bình quân năm).
    """
    if employees is None:
        return ""
    thresholds = _THRESHOLDS[sector_group(section)]
    if employees > thresholds[-1][1]:
        return SizeClass.LARGE
    if revenue_million_vnd is None and capital_million_vnd is None:
        return ""
    for size, max_staff, max_revenue, max_capital in thresholds:
        if employees > max_staff:
            continue
        if (revenue_million_vnd is not None and revenue_million_vnd <= max_revenue) or (
            capital_million_vnd is not None and capital_million_vnd <= max_capital
        ):
            return size
    return SizeClass.LARGE
