"""Demo registry for An Giang: reference data, ~300 facilities, assessments and options.

Deterministic (one seeded ``random.Random``) and idempotent: facilities are keyed by tax code and
an existing one is left as it is, so a second run changes nothing. Activity participation is added
by ``assignments.demo``, which runs after this module.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from enterprises.choices import AssessmentKind, AssessmentStatus, OptionCategory, OptionStatus
from enterprises.models import Enterprise, IndustrialZone, Locality, VsicCode
from enterprises.reference import reference_data_load
from enterprises.rules import tax_code_check_digit
from enterprises.services import assessment_create, enterprise_create, option_create

SEED = 20260301
LAST_DAY = dt.date(2026, 10, 31)  # nothing "implemented" after the demo's present
COUNT = 300

# (VSIC class, name patterns, weight, unit, baseline energy kWh / water m³ / material t per unit,
#  pollution risk share)
SECTORS = [
    (
        "1020",
        ["Công ty TNHH Chế biến Thủy sản", "Công ty CP Thủy sản", "Công ty TNHH Đông lạnh"],
        14,
        "tấn sản phẩm",
        (620, 28, 2.4),
        0.6,
    ),
    (
        "1061",
        ["Cơ sở Xay xát Lúa gạo", "Công ty TNHH Lương thực", "Nhà máy Lau bóng gạo"],
        16,
        "tấn gạo",
        (38, 0.4, 1.55),
        0.1,
    ),
    (
        "1079",
        ["Cơ sở Sản xuất Nước mắm", "Công ty TNHH Thực phẩm", "Cơ sở Khô cá"],
        9,
        "tấn sản phẩm",
        (160, 6, 1.3),
        0.3,
    ),
    (
        "1030",
        ["Công ty TNHH Chế biến Rau quả", "Cơ sở Sấy Trái cây"],
        5,
        "tấn sản phẩm",
        (420, 9, 2.8),
        0.2,
    ),
    (
        "1080",
        ["Công ty CP Thức ăn Chăn nuôi", "Công ty TNHH Thức ăn Thủy sản"],
        5,
        "tấn thức ăn",
        (95, 0.3, 1.05),
        0.2,
    ),
    (
        "1104",
        ["Công ty TNHH Nước uống Tinh khiết", "Cơ sở Nước đá"],
        4,
        "m³ sản phẩm",
        (25, 1.6, 0.02),
        0.05,
    ),
    (
        "1410",
        ["Công ty TNHH May mặc", "Công ty CP May xuất khẩu"],
        7,
        "1.000 sản phẩm",
        (310, 1.2, 0.45),
        0.05,
    ),
    ("1312", ["Cơ sở Dệt thổ cẩm", "Cơ sở Dệt choàng"], 3, "1.000 m vải", (450, 18, 0.13), 0.3),
    (
        "2392",
        ["Cơ sở Sản xuất Gạch nung", "Công ty TNHH Gạch ngói", "Lò gạch Tuynel"],
        10,
        "1.000 viên",
        (55, 0.2, 2.3),
        0.7,
    ),
    ("2394", ["Công ty CP Xi măng", "Nhà máy Vôi"], 2, "tấn clinker", (95, 0.3, 1.55), 0.8),
    ("2395", ["Công ty TNHH Bê tông", "Cơ sở Cọc bê tông"], 4, "m³ bê tông", (8, 0.25, 2.35), 0.3),
    (
        "2592",
        ["Cơ sở Cơ khí", "Công ty TNHH Cơ khí Chế tạo", "Xưởng Gia công Kim loại"],
        8,
        "tấn sản phẩm",
        (850, 3, 1.12),
        0.3,
    ),
    (
        "2821",
        ["Công ty TNHH Máy Nông nghiệp", "Cơ sở Chế tạo Máy sấy lúa"],
        3,
        "sản phẩm",
        (240, 0.5, 0.9),
        0.2,
    ),
    (
        "2012",
        ["Công ty CP Phân bón", "Nhà máy Phân vi sinh"],
        3,
        "tấn phân bón",
        (75, 0.8, 1.04),
        0.7,
    ),
    ("2021", ["Công ty TNHH Thuốc Bảo vệ Thực vật"], 1, "tấn sản phẩm", (130, 2, 1.02), 0.9),
    ("2220", ["Công ty TNHH Nhựa", "Cơ sở Bao bì Nhựa"], 5, "tấn sản phẩm", (1100, 1.5, 1.03), 0.4),
    ("1811", ["Công ty TNHH In Bao bì", "Cơ sở In"], 3, "1.000 tờ in", (14, 0.05, 0.06), 0.2),
    ("1702", ["Công ty TNHH Bao bì Giấy"], 2, "tấn sản phẩm", (380, 7, 1.08), 0.4),
    ("3100", ["Cơ sở Mộc Gia dụng", "Công ty TNHH Nội thất"], 4, "sản phẩm", (22, 0.02, 0.09), 0.1),
    (
        "3011",
        ["Cơ sở Đóng tàu", "Công ty TNHH Đóng mới Sửa chữa Tàu"],
        2,
        "tấn thép gia công",
        (410, 1, 1.1),
        0.4,
    ),
]

WORDS = [
    "An Phú",
    "Bảy Núi",
    "Bình Minh",
    "Châu Giang",
    "Cửu Long",
    "Đại Thành",
    "Đồng Tháp Mười",
    "Hậu Giang",
    "Hòa Bình",
    "Hoàng Long",
    "Hưng Thịnh",
    "Kim Phát",
    "Long Hưng",
    "Mekong",
    "Minh Châu",
    "Mỹ Phước",
    "Nam Sông Hậu",
    "Ngọc Thủy",
    "Phú Cường",
    "Phước Lộc",
    "Phương Nam",
    "Quốc Thái",
    "Sao Mai",
    "Tấn Lộc",
    "Tân Thành",
    "Thạnh Phú",
    "Thành Đạt",
    "Thuận Phát",
    "Tiến Thành",
    "Trường Giang",
    "Vạn Phát",
    "Việt Thắng",
    "Vĩnh Hoàn",
    "Vĩnh Phát",
    "Xuân Mai",
    "Gia Bảo",
    "Hồng Phúc",
    "Kim Ngân",
    "Tây Nam",
    "Sông Tiền",
    "Thất Sơn",
    "Rạch Giá",
    "Hà Tiên",
]

STREETS = [
    "Quốc lộ 91",
    "Quốc lộ 80",
    "Quốc lộ 91C",
    "Tỉnh lộ 943",
    "Tỉnh lộ 941",
    "Đường Trần Hưng Đạo",
    "Đường Hà Hoàng Hổ",
    "Đường Nguyễn Trung Trực",
    "Đường Lê Lợi",
    "Đường Tôn Đức Thắng",
]

FIRST_NAMES = ["Lan", "Hùng", "Tâm", "Phúc", "Mai", "Dũng", "Hạnh", "Khoa", "Thảo", "Bình", "Nga"]
LAST_NAMES = ["Nguyễn Văn", "Trần Thị", "Lê Minh", "Phạm Thị", "Huỳnh Văn", "Võ Thị", "Đặng Quốc"]

CONSULTANTS = [
    "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp An Giang",
    "Trung tâm Sản xuất sạch hơn Việt Nam (VNCPC)",
    "Viện Môi trường và Tài nguyên",
    "Trung tâm Tiết kiệm năng lượng",
]

# (category, description, share of baseline saved per resource (energy, water, material),
#  investment range in million VND, payback range in years)
OPTIONS = [
    (
        OptionCategory.GOOD_HOUSEKEEPING,
        "Sửa rò rỉ đường ống nước, hơi; tắt thiết bị khi không sử dụng",
        (0.03, 0.08, 0.0),
        (5, 40),
        (0.2, 0.8),
    ),
    (
        OptionCategory.GOOD_HOUSEKEEPING,
        "Lắp đồng hồ đo điện, nước từng khu vực và theo dõi hằng ngày",
        (0.04, 0.06, 0.0),
        (20, 80),
        (0.5, 1.2),
    ),
    (
        OptionCategory.PROCESS_CONTROL,
        "Kiểm soát nhiệt độ, thời gian công đoạn theo quy trình chuẩn",
        (0.05, 0.02, 0.02),
        (10, 60),
        (0.3, 1.0),
    ),
    (
        OptionCategory.EQUIPMENT_MODIFICATION,
        "Lắp biến tần cho động cơ bơm, quạt, máy nén",
        (0.08, 0.0, 0.0),
        (120, 600),
        (1.0, 2.5),
    ),
    (
        OptionCategory.EQUIPMENT_MODIFICATION,
        "Bảo ôn đường ống hơi và thiết bị gia nhiệt",
        (0.06, 0.0, 0.0),
        (60, 300),
        (0.8, 2.0),
    ),
    (
        OptionCategory.TECHNOLOGY_CHANGE,
        "Thay lò hơi đốt dầu bằng lò hơi đốt trấu, sinh khối",
        (0.12, 0.0, 0.0),
        (900, 3500),
        (2.0, 4.5),
    ),
    (
        OptionCategory.TECHNOLOGY_CHANGE,
        "Thay đèn cao áp bằng đèn LED, lắp điện mặt trời mái nhà",
        (0.07, 0.0, 0.0),
        (150, 1500),
        (2.5, 6.0),
    ),
    (
        OptionCategory.ONSITE_RECOVERY,
        "Thu hồi nước làm mát, nước rửa cuối để tái sử dụng",
        (0.0, 0.18, 0.0),
        (80, 400),
        (1.0, 3.0),
    ),
    (
        OptionCategory.ONSITE_RECOVERY,
        "Thu hồi nhiệt khí thải để sấy sơ bộ nguyên liệu",
        (0.09, 0.0, 0.0),
        (200, 900),
        (1.5, 3.5),
    ),
    (
        OptionCategory.INPUT_CHANGE,
        "Dùng nguyên liệu đầu vào đồng đều, ít tạp chất hơn",
        (0.0, 0.0, 0.04),
        (0, 30),
        (0.1, 0.5),
    ),
    (
        OptionCategory.BY_PRODUCT,
        "Tận dụng phụ phẩm (đầu, vỏ, trấu, mùn) làm thức ăn chăn nuôi, phân bón",
        (0.0, 0.0, 0.06),
        (50, 500),
        (0.8, 2.5),
    ),
    (
        OptionCategory.PRODUCT_MODIFICATION,
        "Cải tiến quy cách, bao bì sản phẩm để giảm hao hụt",
        (0.0, 0.0, 0.03),
        (20, 150),
        (0.6, 2.0),
    ),
]

SIZE_PROFILES = [  # (employees range, revenue range million VND, weight)
    ((3, 10), (800, 2900), 25),
    ((11, 95), (3500, 45000), 45),
    ((101, 195), (52000, 190000), 20),
    ((210, 1500), (210000, 2500000), 10),
]


def _tax_code(rng: random.Random, used: set[str]) -> str:
    while True:
        body = rng.choice(["16", "17"]) + f"{rng.randrange(1, 10_000_000):07d}"
        digit = tax_code_check_digit(body)
        if digit is None:
            continue
        code = body + digit
        if rng.random() < 0.06:
            code += f"-{rng.randrange(1, 4):03d}"  # a branch (đơn vị phụ thuộc)
        if code not in used:
            used.add(code)
            return code


def _money(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(str(round(rng.uniform(low, high), 1)))


@transaction.atomic
def seed(*, stdout) -> None:
    counts = reference_data_load()
    stdout.write(
        f"  VSIC: {counts['vsic']} mã · xã/phường: {counts['localities']} · KCN/CCN: {counts['zones']}"
    )
    rng = random.Random(SEED)  # noqa: S311 — demo data, not secrets
    vsic = {v.code: v for v in VsicCode.objects.all()}
    localities = list(Locality.objects.order_by("code"))
    zones = list(IndustrialZone.objects.select_related("locality").order_by("name"))
    from accounts.models import Agency

    doit_agency = Agency.objects.filter(is_doit=True).first()
    existing = set(Enterprise.objects.values_list("tax_code", flat=True))
    used: set[str] = set()
    names: set[str] = set()
    weights = [s[2] for s in SECTORS]
    created = assessments = options = 0
    for _index in range(COUNT):
        # every random draw happens whether or not the row exists, so reruns stay in step
        code, patterns, _w, unit, baseline, pollution = rng.choices(SECTORS, weights)[0]
        tax_code = _tax_code(rng, used)
        while True:
            name = f"{rng.choice(patterns)} {rng.choice(WORDS)}"
            if name not in names:
                names.add(name)
                break
            name = f"{name} {rng.randrange(2, 9)}"
            if name not in names:
                names.add(name)
                break
        in_zone = rng.random() < 0.35
        zone = rng.choice(zones) if in_zone else None
        locality = zone.locality if zone and zone.locality else rng.choice(localities)
        (emp_lo, emp_hi), (rev_lo, rev_hi), _sw = rng.choices(
            SIZE_PROFILES, [p[2] for p in SIZE_PROFILES]
        )[0]
        employees = rng.randint(emp_lo, emp_hi)
        revenue = _money(rng, rev_lo, rev_hi)
        capital = _money(rng, rev_lo * 0.3, rev_hi * 0.6) if rng.random() < 0.7 else None
        potential = rng.random() < 0.65
        high_risk = rng.random() < pollution
        iso = employees > 150 and rng.random() < 0.35
        contact = f"{rng.choice(LAST_NAMES)} {rng.choice(FIRST_NAMES)}"
        phone = f"0{rng.choice(['296', '297', '90', '91', '93', '98'])}{rng.randrange(1_000_000, 9_999_999)}"
        address = f"{rng.choice(STREETS)}, {rng.choice(['khóm', 'ấp'])} {rng.randrange(1, 9)}"
        assessment_plan = rng.random()
        plan_seed = rng.randrange(1_000_000)
        if tax_code in existing:
            continue
        enterprise = enterprise_create(
            actor=None,
            data={
                "tax_code": tax_code,
                "name": name,
                "vsic": vsic[code],
                "address": address,
                "locality": locality,
                "zone": zone,
                "employees": employees,
                "revenue_million_vnd": revenue,
                "capital_million_vnd": capital,
                "has_sxsh_potential": potential,
                "high_pollution_risk": high_risk,
                "iso14001": iso,
                "contact_name": contact,
                "contact_phone": phone,
                "contact_email": "",
            },
        )
        created += 1
        # about a third of the facilities with potential were assessed; most of those act on it
        if potential and assessment_plan < 0.45:
            a, o = _assess(enterprise, unit, baseline, random.Random(plan_seed), doit_agency)  # noqa: S311
            assessments += a
            options += o
    stdout.write(
        f"  Cơ sở sản xuất: +{created} (tổng {Enterprise.objects.count()}), "
        f"đánh giá SXSH: +{assessments}, giải pháp: +{options}"
    )


def _annual_output(enterprise) -> Decimal | None:
    """A yearly output of 1.000–4.800 units derived from the tax code (not from the random
    stream, so the rest of the demo data stays the same); one facility in seven has not
    reported it yet, so the pages show the coverage note."""
    digits = int("".join(ch for ch in enterprise.tax_code if ch.isdigit()) or 0)
    if digits % 7 == 0:
        return None
    return Decimal(1000 + (digits % 20) * 200)


def _assess(enterprise, unit, baseline, rng: random.Random, agency) -> tuple[int, int]:
    energy, water, material = baseline
    year = rng.choice([2021, 2022, 2023, 2024, 2025])
    assessed_on = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
    kind = rng.choices([AssessmentKind.QUICK, AssessmentKind.DETAILED], [0.6, 0.4])[0]
    status = AssessmentStatus.COMPLETED if year < 2025 else rng.choice(list(AssessmentStatus))
    assessment = assessment_create(
        enterprise=enterprise,
        actor=None,
        data={
            "assessed_on": assessed_on,
            "kind": kind,
            "status": status,
            "consultant": rng.choice(CONSULTANTS),
            "supporting_agency": agency,
            "product_unit": unit,
            "baseline_energy_kwh": Decimal(str(round(energy * rng.uniform(0.85, 1.2), 2))),
            "baseline_water_m3": Decimal(str(round(water * rng.uniform(0.85, 1.2), 3))),
            "baseline_material_t": Decimal(str(round(material * rng.uniform(0.95, 1.05), 3))),
            "annual_output": _annual_output(enterprise),
        },
    )
    count = 0
    if status == AssessmentStatus.COMPLETED:
        for category, description, shares, (inv_lo, inv_hi), (pb_lo, pb_hi) in rng.sample(
            OPTIONS, rng.randint(2, 5)
        ):
            investment = Decimal(rng.randint(inv_lo, inv_hi)) * 1_000_000
            payback = rng.uniform(pb_lo, pb_hi)
            saving = (investment / Decimal(str(round(payback, 2))) / 1_000_000).quantize(
                Decimal(1)
            ) * 1_000_000 or Decimal(rng.randint(5, 30) * 1_000_000)
            state = rng.choices(
                [OptionStatus.IMPLEMENTED, OptionStatus.PROPOSED, OptionStatus.REJECTED],
                [0.55, 0.35, 0.10],
            )[0]
            done_on = min(assessed_on + dt.timedelta(days=rng.randint(30, 400)), LAST_DAY)
            e_share, w_share, m_share = (s * rng.uniform(0.6, 1.4) for s in shares)

            def per_unit(share, base, places):
                return (
                    Decimal(str(round(base * share, places)))
                    if share and round(base * share, places)
                    else None
                )

            energy_saved = per_unit(e_share, float(assessment.baseline_energy_kwh), 3)
            option_create(
                assessment=assessment,
                actor=None,
                data={
                    "category": category,
                    "description": description,
                    "status": state,
                    "implemented_on": done_on if state == OptionStatus.IMPLEMENTED else None,
                    "investment_vnd": investment,
                    "annual_saving_vnd": saving,
                    "energy_saving_kwh": energy_saved,
                    "water_saving_m3": per_unit(w_share, float(assessment.baseline_water_m3), 3),
                    "material_saving_t": per_unit(
                        m_share, float(assessment.baseline_material_t), 3
                    ),
                    # 0,8 kg CO₂ per kWh on the Vietnamese grid, for a ~2.000-unit yearly output
                    "co2_reduction_t": (
                        Decimal(str(round(float(energy_saved) * 2000 * 0.0008, 2)))
                        if energy_saved
                        else None
                    ),
                    "wastewater_reduction_m3": (
                        Decimal(str(round(float(assessment.baseline_water_m3) * w_share * 2000, 1)))
                        if w_share
                        else None
                    ),
                    "solid_waste_reduction_t": (
                        Decimal(
                            str(round(float(assessment.baseline_material_t) * m_share * 200, 1))
                        )
                        if m_share
                        else None
                    ),
                },
            )
            count += 1
    return 1, count
