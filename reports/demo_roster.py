"""Demo data for the dashboard pages: a roster of SXSH officers with their trainings.

Idempotent (looked up by agency + name). Meant to be called from ``reports.demo.seed`` after the
other demo data exists: ``from reports import demo_roster; demo_roster.seed(stdout=stdout)``.
"""

from __future__ import annotations

import datetime as dt

from accounts.models import Agency
from assignments.choices import ActivityKind
from assignments.models import Activity
from reports.models import SxshOfficer

# (agency name, full name, position, locality, since, until, trained?)
OFFICERS = [
    (
        "Sở Công Thương",
        "Nguyễn Thị Thu Hà",
        "Phó Trưởng phòng Quản lý công nghiệp",
        "Toàn tỉnh",
        dt.date(2021, 3, 1),
        None,
        True,
    ),
    ("Sở Công Thương", "Lê Minh Tâm", "Chuyên viên", "Toàn tỉnh", dt.date(2023, 8, 1), None, True),
    (
        "Sở Nông nghiệp và Môi trường",
        "Trần Văn Phúc",
        "Chuyên viên Chi cục Bảo vệ môi trường",
        "Toàn tỉnh",
        dt.date(2022, 1, 10),
        None,
        True,
    ),
    (
        "Sở Nông nghiệp và Môi trường",
        "Võ Thị Kim Ngân",
        "Chuyên viên",
        "Phường Long Xuyên",
        dt.date(2024, 5, 2),
        None,
        False,
    ),
    (
        "Ban Quản lý các khu công nghiệp",
        "Phạm Quốc Huy",
        "Chuyên viên Phòng Quản lý môi trường",
        "KCN Bình Hòa",
        dt.date(2020, 6, 1),
        None,
        True,
    ),
    (
        "Ban Quản lý các khu công nghiệp",
        "Đặng Thị Lan Anh",
        "Chuyên viên",
        "KCN Xuân Tô",
        dt.date(2019, 1, 1),
        dt.date(2024, 12, 31),
        True,
    ),
    (
        "UBND phường Long Xuyên",
        "Huỳnh Văn Lợi",
        "Công chức Địa chính - Xây dựng",
        "Phường Long Xuyên",
        dt.date(2025, 7, 1),
        None,
        False,
    ),
    (
        "UBND phường Rạch Giá",
        "Nguyễn Hoàng Nam",
        "Công chức Kinh tế",
        "Phường Rạch Giá",
        dt.date(2025, 7, 1),
        None,
        True,
    ),
]


def seed(*, stdout) -> None:
    trainings = list(Activity.objects.filter(kind=ActivityKind.TRAINING).order_by("held_on"))
    created = 0
    for agency_name, name, position, locality, since, until, trained in OFFICERS:
        agency = Agency.objects.filter(name=agency_name).first()
        if agency is None:
            continue
        officer, was_created = SxshOfficer.objects.get_or_create(
            agency=agency,
            full_name=name,
            defaults={"position": position, "locality": locality, "since": since, "until": until},
        )
        if was_created:
            created += 1
            if trained and trainings:
                officer.trainings.add(trainings[created % len(trainings)])
    stdout.write(f"  cán bộ phụ trách SXSH: {created} mới")
