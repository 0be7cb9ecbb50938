"""Demo work on tasks: progress over 2025 and 2026-H1, activities with costs, a few overdue tasks.

First imports the three seed directives of ``fixtures/seeds/`` through the same service the admin
uses (a document already present — same number, or same title when it has none — is skipped).
Runs after ``programs.demo`` and ``enterprises.demo`` (the registry), before ``reports.demo``
(which submits and accepts the agency reports these entries feed). Everything goes through the
services with the demo users as actors. Idempotent: an entry that exists (same task, agency and
period; same activity title) is left alone.

The seed directives predate the 2025 reorganisation; former agencies that have a successor are
merged into it through ``assignments.reorganisation.agency_merge`` (a no-op once done).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Agency, User
from assignments.choices import (
    ActivityKind,
    FundingSource,
    ProgressStatus,
    Recurrence,
    TaskCategory,
)
from assignments.directives.importing import directive_import
from assignments.groups import assignee_group_for_parsed
from assignments.models import Activity, ProgressUpdate, Task
from assignments.services import activity_record, progress_add
from enterprises.models import Enterprise
from programs.directive_files import read_directive_file
from programs.directive_parser import parse_directive
from programs.models import LegalDocument, ReportingPeriod
from programs.periods import periods_generate

SEEDS_DIR = settings.BASE_DIR / "fixtures" / "seeds"
SEED_FILES = ["an-giang-ct-11-2012.md", "ben-tre-chi-thi-sxsh.md", "long-an-qd-86-2013.md"]

DEMO_AGENCIES = {
    "Sở Nông nghiệp và Môi trường": "snnmt_staff",
    "Ban Quản lý các khu công nghiệp": "bqlkcn_staff",
    "Đài Phát thanh và Truyền hình": "dptth_staff",
    "Sở Công Thương": "sct_reviewer",
}

PLAN_NUMBER = "45/KH-SCT"

# (status, percent, narrative) cycled over an agency's tasks; a None entry leaves a gap
PROGRESS_2025 = [
    (
        ProgressStatus.DONE,
        100,
        "Đã hoàn thành trong năm 2025; kết quả đã tổng hợp trong báo cáo năm.",
    ),
    (
        ProgressStatus.IN_PROGRESS,
        60,
        "Đã triển khai tại 5/8 khu, cụm công nghiệp; tiếp tục thực hiện trong năm 2026.",
    ),
    (
        ProgressStatus.IN_PROGRESS,
        40,
        "Đã xây dựng kế hoạch chi tiết và phân công phòng chuyên môn; đang phối hợp triển khai.",
    ),
    (
        ProgressStatus.BLOCKED,
        20,
        "Chưa được bố trí kinh phí sự nghiệp; đã đề xuất bổ sung trong dự toán năm sau.",
    ),
    None,
]
PROGRESS_2026_H1 = [
    (ProgressStatus.DONE, 100, "Đã hoàn thành; hồ sơ, minh chứng lưu tại đơn vị."),
    (
        ProgressStatus.IN_PROGRESS,
        80,
        "Đã tổ chức thêm 02 đợt tuyên truyền tại doanh nghiệp chế biến thủy sản, lương thực.",
    ),
    None,
    (
        ProgressStatus.IN_PROGRESS,
        35,
        "Đang khảo sát nhu cầu áp dụng sản xuất sạch hơn của doanh nghiệp trong khu công nghiệp.",
    ),
    (
        ProgressStatus.NOT_STARTED,
        0,
        "Chưa triển khai do sắp xếp lại bộ máy sau ngày 01/7/2025; dự kiến thực hiện quý III.",
    ),
]

# (agency, kind, title, held_on, location, quantity, participants, enterprises, cost, funding)
ACTIVITIES = [
    (
        "Sở Nông nghiệp và Môi trường",
        ActivityKind.TRAINING,
        "Tập huấn sản xuất sạch hơn gắn với bảo vệ môi trường cho doanh nghiệp chế biến thủy sản",
        dt.date(2025, 4, 17),
        "Hội trường Sở Nông nghiệp và Môi trường",
        1,
        86,
        12,
        48_500_000,
        FundingSource.ENVIRONMENT,
    ),
    (
        "Sở Nông nghiệp và Môi trường",
        ActivityKind.DEMONSTRATION,
        "Mô hình trình diễn tuần hoàn nước thải tại cơ sở chế biến cá tra",
        dt.date(2025, 9, 25),
        "KCN Bình Hòa",
        1,
        35,
        1,
        320_000_000,
        FundingSource.ENVIRONMENT,
    ),
    (
        "Sở Nông nghiệp và Môi trường",
        ActivityKind.INSPECTION,
        "Kiểm tra việc áp dụng giải pháp SXSH tại cơ sở có nguy cơ ô nhiễm cao",
        dt.date(2026, 3, 20),
        "Các xã, phường",
        6,
        0,
        6,
        0,
        FundingSource.LOCAL_BUDGET,
    ),
    (
        "Ban Quản lý các khu công nghiệp",
        ActivityKind.WORKSHOP,
        "Hội thảo giới thiệu Chương trình sản xuất sạch hơn cho doanh nghiệp trong KCN",
        dt.date(2025, 6, 5),
        "KCN Bình Long",
        1,
        120,
        28,
        65_000_000,
        FundingSource.KHUYEN_CONG,
    ),
    (
        "Ban Quản lý các khu công nghiệp",
        ActivityKind.CONSULTING,
        "Hỗ trợ đánh giá nhanh SXSH tại doanh nghiệp chế biến thực phẩm",
        dt.date(2026, 2, 26),
        "KCN Xuân Tô",
        4,
        18,
        4,
        90_000_000,
        FundingSource.KHUYEN_CONG,
    ),
    (
        "Đài Phát thanh và Truyền hình",
        ActivityKind.MEDIA,
        "Chuyên mục “Công nghiệp xanh” (12 số phát sóng năm 2025)",
        dt.date(2025, 11, 28),
        "",
        12,
        0,
        3,
        36_000_000,
        FundingSource.LOCAL_BUDGET,
    ),
    (
        "Đài Phát thanh và Truyền hình",
        ActivityKind.MEDIA,
        "Phóng sự “Doanh nghiệp tiết kiệm năng lượng nhờ sản xuất sạch hơn”",
        dt.date(2026, 4, 12),
        "",
        2,
        0,
        2,
        8_000_000,
        FundingSource.KHUYEN_CONG,
    ),
    (
        "Sở Công Thương",
        ActivityKind.LEAFLET,
        "In và phát hành 3.000 tờ rơi hướng dẫn áp dụng sản xuất sạch hơn",
        dt.date(2025, 3, 14),
        "",
        3000,
        0,
        0,
        27_000_000,
        FundingSource.KHUYEN_CONG,
    ),
    (
        "Sở Công Thương",
        ActivityKind.TRAINING,
        "Lớp đào tạo cán bộ phụ trách sản xuất sạch hơn cấp xã, phường",
        dt.date(2025, 8, 20),
        "Trường Cao đẳng nghề An Giang",
        2,
        64,
        0,
        110_000_000,
        FundingSource.CENTRAL_BUDGET,
    ),
    (
        "Sở Công Thương",
        ActivityKind.WORKSHOP,
        "Hội nghị sơ kết 6 tháng đầu năm 2026 Chương trình SXSH",
        dt.date(2026, 6, 10),
        "UBND tỉnh An Giang",
        1,
        95,
        15,
        40_000_000,
        FundingSource.LOCAL_BUDGET,
    ),
]


def _period(key):
    return ReportingPeriod.objects.filter(regime__is_default=True, key=key).first()


def _ensure_periods():
    for year in (2025, 2026):
        periods_generate(year=year)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _merge_former_agencies(admin, stdout) -> None:
    from assignments.reorganisation import agency_merge

    for agency in Agency.objects.filter(successor__isnull=False).select_related("successor"):
        on = agency.active_until + dt.timedelta(days=1) if agency.active_until else None
        result = agency_merge(agency=agency, into=agency.successor, actor=admin, on=on)
        if result.changed:
            stdout.write(
                f"  sáp nhập {agency.name} → {agency.successor.name}: {result.tasks_moved} nhiệm vụ "
                f"chủ trì, {result.coordinations_moved} phối hợp, {result.users_moved} tài khoản"
            )


def _demo_plan(sct: Agency, agencies: dict[str, Agency]) -> list[Task]:
    """DOIT's 2026 implementation plan: dated tasks so the demo shows overdue and due-soon work.

    Dates are relative to the day the demo is first seeded (kept on later runs).
    """
    today = timezone.localdate()
    document, _ = LegalDocument.objects.get_or_create(
        number=PLAN_NUMBER,
        defaults={
            "kind": "ke_hoach",
            "title": "Kế hoạch triển khai Chương trình sản xuất sạch hơn trong công nghiệp năm 2026",
            "issuer": "Sở Công Thương",
            "signed_on": dt.date(2026, 1, 15),
            "effective_on": dt.date(2026, 1, 15),
            "reporting_frequency": "semiannual",
            "report_to": sct,
        },
    )
    rows = [
        (
            "1",
            "Ban Quản lý các khu công nghiệp",
            ["Sở Công Thương"],
            TaskCategory.TECHNICAL_SUPPORT,
            Recurrence.ONCE,
            today - dt.timedelta(days=40),
            "Khảo sát, lập danh sách doanh nghiệp trong KCN có tiềm năng áp dụng SXSH.",
        ),
        (
            "2",
            "Sở Nông nghiệp và Môi trường",
            ["Ban Quản lý các khu công nghiệp"],
            TaskCategory.INSPECTION,
            Recurrence.ONCE,
            today + dt.timedelta(days=12),
            "Lồng ghép nội dung SXSH trong kiểm tra, cấp giấy phép môi trường cho cơ sở có "
            "nguy cơ ô nhiễm cao; báo cáo kết quả về Sở Công Thương.",
        ),
        (
            "3",
            "Đài Phát thanh và Truyền hình",
            ["Sở Công Thương"],
            TaskCategory.AWARENESS,
            Recurrence.SEMIANNUAL,
            None,
            "Duy trì chuyên mục “Công nghiệp xanh”, tối thiểu 01 số mỗi tháng.",
        ),
        (
            "4",
            "Sở Công Thương",
            ["Sở Nông nghiệp và Môi trường", "Đài Phát thanh và Truyền hình"],
            TaskCategory.DEMONSTRATION,
            Recurrence.ONCE,
            today + dt.timedelta(days=75),
            "Xây dựng 02 mô hình trình diễn SXSH trong chế biến nông sản, thủy sản.",
        ),
        (
            "5",
            "Sở Nông nghiệp và Môi trường",
            [],
            TaskCategory.TRAINING,
            Recurrence.ONCE,
            today - dt.timedelta(days=10),
            "Tổ chức 01 lớp tập huấn SXSH cho cán bộ môi trường cấp xã sau sắp xếp.",
        ),
    ]
    tasks = []
    for order, (ref, lead, coordinating, category, recurrence, due, text) in enumerate(rows):
        task, created = Task.objects.get_or_create(
            document=document,
            ref=ref,
            lead_agency=agencies[lead],
            defaults={
                "text": text,
                "category": category,
                "recurrence": recurrence,
                "due_on": due,
                "due_text": due.strftime("%d/%m/%Y") if due else "Định kỳ 6 tháng",
                "order": order,
            },
        )
        if created and coordinating:
            task.coordinating_agencies.add(*[agencies[n] for n in coordinating])
        tasks.append(task)
    return tasks


def _demo_group_tasks(document: LegalDocument, admin) -> None:
    """A task of the 2026 plan given to every commune and ward (a group, no lead agency): each
    commune sees it in its list and reports its own part (the seeds predate the communes)."""
    communes = assignee_group_for_parsed(parsed_kind="communes", actor=admin)
    today = timezone.localdate()
    Task.objects.get_or_create(
        document=document,
        ref="6",
        lead_agency=None,
        assignee_group=communes,
        defaults={
            "section_title": "6. Ủy ban nhân dân các xã, phường",
            "text": "Tuyên truyền, phổ biến sản xuất sạch hơn đến các cơ sở sản xuất công nghiệp "
            "trên địa bàn; rà soát, lập danh sách cơ sở có nguy cơ ô nhiễm cao gửi Sở Công Thương.",
            "category": TaskCategory.AWARENESS,
            "recurrence": Recurrence.ONCE,
            "due_on": today + dt.timedelta(days=20),
            "due_text": (today + dt.timedelta(days=20)).strftime("%d/%m/%Y"),
            "order": 6,
        },
    )


def _add_progress(task, period, actor, entry, *, when) -> bool:
    if entry is None or period is None:
        return False
    if ProgressUpdate.objects.filter(task=task, agency=actor.agency, period=period).exists():
        return False
    status, percent, narrative = entry
    try:
        update = progress_add(
            task=task,
            period=period,
            actor=actor,
            status=status,
            percent=percent,
            narrative=narrative,
        )
    except ValidationError:  # the period is locked (report accepted): leave it as it is
        return False
    ProgressUpdate.objects.filter(pk=update.pk).update(created_at=_at(when))
    return True


def seed_directives(*, stdout) -> None:
    actor = User.objects.filter(is_superuser=True).order_by("pk").first()
    for name in SEED_FILES:
        text = read_directive_file(SEEDS_DIR / name)
        parsed = parse_directive(text)
        exists = (
            LegalDocument.objects.filter(number=parsed.number)
            if parsed.number
            else LegalDocument.objects.filter(title=parsed.title)
        )
        if exists.exists():
            continue
        outcome = directive_import(parsed=parsed, actor=actor, original_text=text)
        stdout.write(
            f"  Văn bản {outcome.document}: {outcome.tasks} nhiệm vụ "
            f"({outcome.group_tasks} giao cho nhóm), {outcome.targets} mục tiêu, "
            f"{len(outcome.agencies_created)} cơ quan mới"
        )


def seed(*, stdout) -> None:
    seed_directives(stdout=stdout)
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_AGENCIES.values())}
    agencies = {a.name: a for a in Agency.objects.filter(name__in=DEMO_AGENCIES)}
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    if len(users) < len(DEMO_AGENCIES) or len(agencies) < len(DEMO_AGENCIES) or admin is None:
        stdout.write("  (bỏ qua nhiệm vụ trình diễn: chưa có cơ quan/người dùng trình diễn)")
        return
    _ensure_periods()
    _merge_former_agencies(admin, stdout)
    if not Task.objects.exists():
        stdout.write("  (bỏ qua tiến độ trình diễn: chưa có nhiệm vụ nào)")
        return
    plan = _demo_plan(agencies["Sở Công Thương"], agencies)
    _demo_group_tasks(plan[0].document, admin)

    year_2025, h1_2026 = _period("2025"), _period("2026-H1")
    added = 0
    for name, username in DEMO_AGENCIES.items():
        actor, agency = users[username], agencies[name]
        led = list(
            Task.objects.filter(lead_agency=agency)
            .select_related("document")
            .order_by("document_id", "order", "pk")
        )
        for i, task in enumerate(led):
            if task.document.number != PLAN_NUMBER:  # the 2026 plan has nothing in 2025
                added += _add_progress(
                    task,
                    year_2025,
                    actor,
                    PROGRESS_2025[i % len(PROGRESS_2025)],
                    when=dt.date(2025, 11, 20),
                )
            if task.recurrence != Recurrence.YEARLY:
                added += _add_progress(
                    task,
                    h1_2026,
                    actor,
                    PROGRESS_2026_H1[i % len(PROGRESS_2026_H1)],
                    when=dt.date(2026, 6, 8),
                )
        # its own part of tasks given to a group it belongs to (Bến Tre's item 11, a named set)
        for task in (
            Task.objects.assigned_to(agency)
            .filter(lead_agency__isnull=True, assignee_group__kind="named")
            .order_by("pk")[:2]
        ):
            added += _add_progress(
                task,
                h1_2026,
                actor,
                (
                    ProgressStatus.IN_PROGRESS,
                    40,
                    f"{agency.short_name or agency.name} đã quán triệt chỉ thị, giao phòng chuyên "
                    "môn theo dõi việc thực hiện.",
                ),
                when=dt.date(2026, 6, 6),
            )
        # contributions on tasks the agency coordinates
        for task in Task.objects.filter(coordinating_agencies=agency).order_by("pk")[:3]:
            added += _add_progress(
                task,
                h1_2026,
                actor,
                (
                    ProgressStatus.IN_PROGRESS,
                    50,
                    f"{agency.short_name or agency.name} đã phối hợp cung cấp thông tin, cử cán bộ "
                    "tham gia đoàn khảo sát.",
                ),
                when=dt.date(2026, 6, 5),
            )

    enterprises = list(Enterprise.objects.order_by("pk")[:60])
    recorded = 0
    for offset, row in enumerate(ACTIVITIES):
        name, kind, title, held_on, location, qty, people, n_ent, cost, funding = row
        agency = agencies[name]
        if Activity.objects.filter(agency=agency, title=title).exists():
            continue
        task = (
            Task.objects.filter(lead_agency=agency).order_by("document_id", "order", "pk").first()
        )
        picked = enterprises[offset * 5 : offset * 5 + n_ent] if enterprises else []
        activity_record(
            agency=agency,
            actor=users[DEMO_AGENCIES[name]],
            task=task if offset % 3 != 2 else None,
            kind=kind,
            title=title,
            held_on=held_on,
            location=location,
            quantity=qty,
            participants=people,
            cost_vnd=cost,
            funding_source=funding,
            description="",
            enterprises=picked,
        )
        recorded += 1
    stdout.write(f"  tiến độ: {added} cập nhật mới; hoạt động: {recorded} mới")
