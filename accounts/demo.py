"""Demo agencies and users of a province after the 2025 reorganisation.

Idempotent: everything is looked up by a natural key and created only when missing.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import Group

from accounts.choices import AgencyKind
from accounts.models import Agency, AgencyAlias, User
from accounts.roles import Role

REFORM_DAY = dt.date(2025, 7, 1)

# (name, short name, kind, aliases)
CURRENT_AGENCIES = [
    (
        "UBND tỉnh An Giang",
        "UBND tỉnh",
        AgencyKind.PROVINCE_COMMITTEE,
        ["UBND tỉnh", "Ủy ban nhân dân tỉnh"],
    ),
    ("Sở Công Thương", "SCT", AgencyKind.DEPARTMENT, ["Sở CT"]),
    ("Sở Nông nghiệp và Môi trường", "SNNMT", AgencyKind.DEPARTMENT, ["Sở NN&MT"]),
    ("Sở Khoa học và Công nghệ", "SKHCN", AgencyKind.DEPARTMENT, ["Sở KH&CN"]),
    ("Sở Tài chính", "STC", AgencyKind.DEPARTMENT, []),
    ("Sở Nội vụ", "SNV", AgencyKind.DEPARTMENT, []),
    ("Sở Giáo dục và Đào tạo", "SGDĐT", AgencyKind.DEPARTMENT, ["Sở GD&ĐT"]),
    ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", AgencyKind.DEPARTMENT, ["Sở VHTT&DL"]),
    ("Sở Xây dựng", "SXD", AgencyKind.DEPARTMENT, []),
    ("Công an tỉnh", "CA tỉnh", AgencyKind.POLICE, ["Công an tỉnh An Giang"]),
    (
        "Ban Quản lý các khu công nghiệp",
        "BQL KCN",
        AgencyKind.BOARD,
        ["Ban Quản lý các Khu công nghiệp tỉnh", "Ban quản lý các khu công nghiệp"],
    ),
    (
        "Đài Phát thanh và Truyền hình",
        "ĐPTTH",
        AgencyKind.MEDIA,
        ["Đài Phát thanh - Truyền hình", "Đài PT-TH"],
    ),
    ("Báo An Giang", "Báo AG", AgencyKind.MEDIA, ["Báo"]),
    (
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        "MTTQ",
        AgencyKind.MASS_ORGANISATION,
        ["Ủy ban Mặt trận Tổ quốc tỉnh", "Mặt trận Tổ quốc"],
    ),
    ("Hiệp hội Doanh nghiệp tỉnh", "HHDN", AgencyKind.ASSOCIATION, []),
    ("Liên minh Hợp tác xã tỉnh", "LMHTX", AgencyKind.MASS_ORGANISATION, []),
    ("UBND phường Long Xuyên", "UBND P. Long Xuyên", AgencyKind.COMMUNE_COMMITTEE, []),
    ("UBND phường Rạch Giá", "UBND P. Rạch Giá", AgencyKind.COMMUNE_COMMITTEE, []),
    ("UBND xã Bình Hòa", "UBND X. Bình Hòa", AgencyKind.COMMUNE_COMMITTEE, []),
    ("UBND phường Châu Đốc", "UBND P. Châu Đốc", AgencyKind.COMMUNE_COMMITTEE, []),
]

# Pre-2025 agencies: (name, short name, kind, successor name, aliases)
FORMER_AGENCIES = [
    (
        "Sở Tài nguyên và Môi trường",
        "STNMT",
        AgencyKind.DEPARTMENT,
        "Sở Nông nghiệp và Môi trường",
        ["Sở TN&MT", "Sở TNMT"],
    ),
    (
        "Sở Nông nghiệp và Phát triển nông thôn",
        "SNNPTNT",
        AgencyKind.DEPARTMENT,
        "Sở Nông nghiệp và Môi trường",
        ["Sở NN&PTNT"],
    ),
    (
        "Sở Thông tin và Truyền thông",
        "STTTT",
        AgencyKind.DEPARTMENT,
        "Sở Khoa học và Công nghệ",
        ["Sở TT&TT"],
    ),
    ("Sở Kế hoạch và Đầu tư", "SKHĐT", AgencyKind.DEPARTMENT, "Sở Tài chính", ["Sở KH&ĐT"]),
    (
        "Sở Lao động - Thương binh và Xã hội",
        "SLĐTBXH",
        AgencyKind.DEPARTMENT,
        "Sở Nội vụ",
        ["Sở LĐ-TB&XH"],
    ),
    (
        "UBND thành phố Long Xuyên",
        "UBND TP Long Xuyên",
        AgencyKind.DISTRICT_COMMITTEE,
        "UBND phường Long Xuyên",
        [],
    ),
]

# (username, first, last, agency name, roles, position)
DEMO_USERS = [
    (
        "sct_reviewer",
        "Lan",
        "Trần Thị",
        "Sở Công Thương",
        [Role.DOIT_REVIEWER],
        "Chuyên viên Phòng Quản lý công nghiệp",
    ),
    (
        "leader",
        "Hùng",
        "Đặng Quốc",
        "UBND tỉnh An Giang",
        [Role.LEADERSHIP],
        "Phó Chủ tịch UBND tỉnh",
    ),
    (
        "snnmt_staff",
        "Minh",
        "Lê Văn",
        "Sở Nông nghiệp và Môi trường",
        [Role.AGENCY_STAFF],
        "Chuyên viên Chi cục Bảo vệ môi trường",
    ),
    (
        "snnmt_lead",
        "Hoa",
        "Phạm Thị",
        "Sở Nông nghiệp và Môi trường",
        [Role.AGENCY_STAFF, Role.AGENCY_LEAD],
        "Phó Giám đốc Sở",
    ),
    (
        "bqlkcn_staff",
        "Tuấn",
        "Võ Anh",
        "Ban Quản lý các khu công nghiệp",
        [Role.AGENCY_STAFF],
        "Chuyên viên Phòng Quản lý môi trường",
    ),
    (
        "bqlkcn_lead",
        "Dũng",
        "Nguyễn Tiến",
        "Ban Quản lý các khu công nghiệp",
        [Role.AGENCY_STAFF, Role.AGENCY_LEAD],
        "Phó Trưởng ban",
    ),
    (
        "dptth_staff",
        "Thảo",
        "Huỳnh Ngọc",
        "Đài Phát thanh và Truyền hình",
        [Role.AGENCY_STAFF],
        "Biên tập viên",
    ),
    (
        "dptth_lead",
        "Phong",
        "Trương Thanh",
        "Đài Phát thanh và Truyền hình",
        [Role.AGENCY_STAFF, Role.AGENCY_LEAD],
        "Phó Giám đốc Đài",
    ),
    (
        # appraises the annual plan's budget (plans app)
        "stc_thamdinh",
        "Thu",
        "Ngô Thị",
        "Sở Tài chính",
        [Role.FINANCE_APPRAISER],
        "Chuyên viên Phòng Tài chính hành chính sự nghiệp",
    ),
    (
        # a commune: sees the tasks given to "UBND các xã, phường" (assignee groups)
        "xa_binhhoa_staff",
        "Nga",
        "Lâm Thị",
        "UBND xã Bình Hòa",
        [Role.AGENCY_STAFF],
        "Công chức Văn phòng - Thống kê",
    ),
]


def _alias(agency: Agency, alias: str) -> None:
    from config.text import normalize_name

    if not AgencyAlias.objects.filter(normalized_alias=normalize_name(alias)).exists():
        AgencyAlias.objects.create(agency=agency, alias=alias)


def seed_agencies() -> dict[str, Agency]:
    agencies: dict[str, Agency] = {}
    province = None
    for name, short, kind, aliases in CURRENT_AGENCIES:
        agency, _created = Agency.objects.get_or_create(
            name=name,
            defaults={
                "short_name": short,
                "kind": kind,
                "active_from": REFORM_DAY if kind == AgencyKind.COMMUNE_COMMITTEE else None,
            },
        )
        agencies[name] = agency
        for alias in aliases:
            _alias(agency, alias)
        if kind == AgencyKind.PROVINCE_COMMITTEE:
            province = agency
    doit = agencies["Sở Công Thương"]
    if not doit.is_doit:
        doit.is_doit = True
        doit.save(update_fields=["is_doit"])
    for agency in agencies.values():
        if (
            agency.kind in (AgencyKind.DEPARTMENT, AgencyKind.BOARD, AgencyKind.POLICE)
            and agency.parent_id is None
            and province
        ):
            agency.parent = province
            agency.save(update_fields=["parent"])
    for name, short, kind, successor_name, aliases in FORMER_AGENCIES:
        agency, _created = Agency.objects.get_or_create(
            name=name,
            defaults={
                "short_name": short,
                "kind": kind,
                "active_until": REFORM_DAY - dt.timedelta(days=1),
                "successor": agencies[successor_name],
            },
        )
        agencies[name] = agency
        for alias in aliases:
            _alias(agency, alias)
    return agencies


def seed_users(agencies: dict[str, Agency]) -> list[tuple[str, str, str]]:
    """Create the demo users; returns (username, role label, agency) rows for the printout."""
    password = settings.DEMO_PASSWORD
    rows = []
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={
            "is_staff": True,
            "is_superuser": True,
            "first_name": "Quản trị",
            "last_name": "Hệ thống",
            "agency": agencies["Sở Công Thương"],
        },
    )
    if created:
        admin.set_password(password)
        admin.save()
    rows.append(("admin", "Quản trị hệ thống", "Sở Công Thương"))
    for username, first, last, agency_name, roles, position in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "agency": agencies[agency_name],
                "position": position,
                "email": f"{username}@demo.sxsh.local",
            },
        )
        if created:
            user.set_password(password)
            user.save()
            user.groups.add(*Group.objects.filter(name__in=roles))
        rows.append((username, ", ".join(str(Role(r).label) for r in roles), agency_name))
    return rows
