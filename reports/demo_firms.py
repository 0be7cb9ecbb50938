"""Demo enterprise accounts: two companies with their own logins (printed by seed_demo).

- ``dn_xanh`` — Công ty CP Thủy sản Xanh An Giang: a verified history (an option it reported in
  2025 with evidence, its 2025 annual report accepted by DOIT, so the figure counts).
- ``dn_cho`` — Công ty TNHH Gạo sạch Phú Tân: an implemented option reported in 2026, still
  waiting, and its 2026 report submitted and waiting in DOIT's queue (``/co-so/tham-tra/``).
- one access request from the public page, waiting on DOIT's accounts page.

Idempotent: nothing is done for a login that exists already. Runs after ``reports.demo``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from accounts.roles import Role
from assignments.choices import ActivityKind
from assignments.models import Activity
from enterprises.choices import AssessmentKind, OptionCategory, OptionStatus
from enterprises.models import AccessRequest, CompanyAccess, Enterprise, VsicCode
from enterprises.services import enterprise_create
from reports import firm_workflow as wf

EVIDENCE_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

COMPANIES = [
    {
        "username": "dn_xanh",
        "first_name": "Mai",
        "last_name": "Nguyễn Thị",
        "tax_code": "1600888011",
        "name": "Công ty CP Thủy sản Xanh An Giang",
        "vsic": "1020",
        "unit": "tấn sản phẩm",
        "baseline": (Decimal("620"), Decimal("28"), Decimal("2.4")),
        "option": {
            "category": OptionCategory.EQUIPMENT_MODIFICATION,
            "description": "Thay máy nén lạnh piston bằng máy nén trục vít có biến tần",
            "implemented_on": dt.date(2025, 8, 15),
            "investment_vnd": Decimal("1200000000"),
            "annual_saving_vnd": Decimal("540000000"),
        },
        "current": {"current_energy_kwh": Decimal("561"), "current_water_m3": Decimal("26.5")},
        "year": 2025,
        "final": "accepted",
    },
    {
        "username": "dn_cho",
        "first_name": "Phúc",
        "last_name": "Trần Văn",
        "tax_code": "1600777015",
        "name": "Công ty TNHH Gạo sạch Phú Tân",
        "vsic": "1061",
        "unit": "tấn gạo",
        "baseline": (Decimal("38"), Decimal("0.4"), Decimal("1.55")),
        "option": {
            "category": OptionCategory.PROCESS_CONTROL,
            "description": "Lắp biến tần cho quạt hút trấu và hệ thống gàu tải",
            "implemented_on": dt.date(2026, 6, 10),
            "investment_vnd": Decimal("180000000"),
            "annual_saving_vnd": Decimal("96000000"),
        },
        "current": {"current_energy_kwh": Decimal("33.5")},
        "year": 2026,
        "final": "submitted",
    },
]


def _doit_reviewer():
    return (
        User.objects.filter(groups__name=Role.DOIT_REVIEWER, is_active=True).order_by("pk").first()
    )


def _company(spec: dict, doit) -> Enterprise:
    enterprise = Enterprise.objects.filter(tax_code=spec["tax_code"]).first()
    if enterprise is not None:
        return enterprise
    return enterprise_create(
        actor=doit,
        data={
            "tax_code": spec["tax_code"],
            "name": spec["name"],
            "vsic": VsicCode.objects.filter(code=spec["vsic"]).first(),
            "address": "Quốc lộ 91, An Giang",
            "employees": 240,
            "revenue_million_vnd": Decimal("180000"),
            "has_sxsh_potential": True,
            "contact_name": f"{spec['last_name']} {spec['first_name']}",
            "contact_email": f"{spec['username']}@demo.sxsh.local",
        },
    )


def _user(spec: dict, doit) -> User:
    user = User.objects.create(
        username=spec["username"],
        first_name=spec["first_name"],
        last_name=spec["last_name"],
        email=f"{spec['username']}@demo.sxsh.local",
        agency=None,
        position="Phụ trách sản xuất sạch hơn",
    )
    user.set_password(settings.DEMO_PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name=Role.ENTERPRISE_USER))
    CompanyAccess.objects.create(user=user, tax_code=spec["tax_code"], granted_by=doit)
    return User.objects.get(pk=user.pk)  # fresh: the role and company caches start empty


def _attend_a_training(enterprise: Enterprise) -> None:
    activity = Activity.objects.filter(kind=ActivityKind.TRAINING).order_by("-held_on").first()
    if activity is not None:
        try:
            activity.enterprises.add(enterprise)
        except Exception:  # noqa: BLE001 -- a frozen activity: the demo goes on without it
            return


def _seed_company(spec: dict, doit) -> None:
    enterprise = _company(spec, doit)
    user = _user(spec, doit)
    energy, water, material = spec["baseline"]
    assessment = wf.assessment_self_report(
        enterprise=enterprise,
        actor=user,
        data={
            "assessed_on": dt.date(spec["year"], 3, 20),
            "kind": AssessmentKind.QUICK,
            "consultant": "Tự đánh giá theo hướng dẫn của Sở Công Thương",
            "product_unit": spec["unit"],
            "baseline_energy_kwh": energy,
            "baseline_water_m3": water,
            "baseline_material_t": material,
        },
    )
    option = wf.option_self_report(
        assessment=assessment,
        actor=user,
        data={**spec["option"], "status": OptionStatus.IMPLEMENTED},
        current=spec["current"],
    )
    wf.option_evidence_add(
        option=option,
        upload=SimpleUploadedFile("bien-ban-nghiem-thu.pdf", EVIDENCE_PDF),
        actor=user,
    )
    _attend_a_training(enterprise)
    report = wf.firm_report_start(tax_code=spec["tax_code"], year=spec["year"], actor=user)
    report = wf.firm_report_save(
        report=report,
        actor=user,
        version=report.version,
        data={
            "results": (
                f"Năm {spec['year']} doanh nghiệp thực hiện giải pháp: "
                f"{spec['option']['description'].lower()}."
            ),
            "plan": "Tiếp tục đánh giá SXSH chi tiết khu vực cấp đông và xử lý nước thải.",
            "difficulties": "Chi phí đầu tư thiết bị hiệu suất cao còn lớn.",
            "proposals": "Đề nghị hỗ trợ kinh phí khuyến công cho đánh giá SXSH chi tiết.",
        },
        task_answers={},
    )
    report = wf.firm_report_submit(report=report, actor=user, version=report.version)
    if spec["final"] == "accepted" and doit is not None:
        wf.firm_report_accept(
            report=report,
            actor=doit,
            version=report.version,
            comment="Số liệu phù hợp biên bản nghiệm thu và hóa đơn điện.",
        )


def _pending_request() -> None:
    """One request from the public page waiting for DOIT (a registered facility's contact)."""
    facility = Enterprise.objects.exclude(tax_code__in=[c["tax_code"] for c in COMPANIES]).first()
    if facility is None or AccessRequest.objects.filter(email="lienhe@demo.sxsh.local").exists():
        return
    AccessRequest.objects.create(
        tax_code=facility.tax_code,
        company_name=facility.name,
        contact_name="Lê Minh Tâm",
        position="Trưởng phòng kỹ thuật",
        email="lienhe@demo.sxsh.local",
        phone="0296 3852 123",
    )


def seed(*, stdout=None) -> list[tuple[str, str, str]]:
    """Returns the (username, role, company) rows seed_demo prints with the other logins."""
    doit = _doit_reviewer()
    _pending_request()
    rows = []
    for spec in COMPANIES:
        if not User.objects.filter(username=spec["username"]).exists():
            _seed_company(spec, doit)
        rows.append((spec["username"], str(Role.ENTERPRISE_USER.label), spec["name"]))
    return rows
