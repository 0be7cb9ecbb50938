"""Demo plans: 2025 approved, carried out and closed; 2026 approved and in execution with a
mid-year revision submitted to Sở Tài chính — items linked to the demo activities, so the plan
pages, the dashboard block and the exports show real numbers. Idempotent: a year that already
has a plan is left as it is. Every write goes through ``plans.services``."""

from __future__ import annotations

import datetime as dt

from accounts.models import Agency, User
from assignments.choices import FundingSource as F
from assignments.models import Activity, Task
from plans import services
from plans.choices import DeliverableKind as D
from plans.models import Plan

SCT, SNNMT, BQL, DAI = (
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Ban Quản lý các khu công nghiệp",
    "Đài Phát thanh và Truyền hình",
)

# (lead, title, quarter, month, deliverables, budget by source, activity titles linked)
PLAN_2025 = [
    (
        SCT,
        "In, phát hành tờ rơi và tài liệu hướng dẫn áp dụng sản xuất sạch hơn",
        1,
        3,
        [(D.PUBLICATIONS, 3000)],
        {F.KHUYEN_CONG: 30_000_000},
        ["In và phát hành 3.000 tờ rơi hướng dẫn áp dụng sản xuất sạch hơn"],
    ),
    (
        SNNMT,
        "Tập huấn SXSH gắn với bảo vệ môi trường cho doanh nghiệp chế biến thủy sản",
        2,
        4,
        [(D.TRAINING_COURSES, 2), (D.PARTICIPANTS, 150)],
        {F.ENVIRONMENT: 60_000_000, F.LOCAL_BUDGET: 20_000_000},
        ["Tập huấn sản xuất sạch hơn gắn với bảo vệ môi trường cho doanh nghiệp chế biến thủy sản"],
    ),
    (
        BQL,
        "Hội thảo giới thiệu Chương trình SXSH cho doanh nghiệp trong các KCN",
        2,
        6,
        [(D.WORKSHOPS, 1), (D.PARTICIPANTS, 100)],
        {F.KHUYEN_CONG: 70_000_000},
        ["Hội thảo giới thiệu Chương trình sản xuất sạch hơn cho doanh nghiệp trong KCN"],
    ),
    (
        SCT,
        "Đào tạo cán bộ phụ trách sản xuất sạch hơn cấp xã, phường",
        3,
        None,
        [(D.TRAINING_COURSES, 2), (D.PARTICIPANTS, 60)],
        {F.CENTRAL_BUDGET: 100_000_000, F.LOCAL_BUDGET: 20_000_000},
        ["Lớp đào tạo cán bộ phụ trách sản xuất sạch hơn cấp xã, phường"],
    ),
    (
        SNNMT,
        "Xây dựng mô hình trình diễn tuần hoàn nước thải tại cơ sở chế biến cá tra",
        3,
        9,
        [(D.DEMONSTRATION_MODELS, 1)],
        {F.ENVIRONMENT: 250_000_000, F.ENTERPRISE: 100_000_000},
        ["Mô hình trình diễn tuần hoàn nước thải tại cơ sở chế biến cá tra"],
    ),
    (
        DAI,
        "Chuyên mục “Công nghiệp xanh” trên sóng phát thanh, truyền hình",
        4,
        None,
        [(D.MEDIA, 12)],
        {F.LOCAL_BUDGET: 36_000_000},
        ["Chuyên mục “Công nghiệp xanh” (12 số phát sóng năm 2025)"],
    ),
]

PLAN_2026 = [
    (
        BQL,
        "Hỗ trợ đánh giá nhanh SXSH tại doanh nghiệp chế biến thực phẩm trong KCN",
        1,
        2,
        [(D.ASSESSMENTS, 6)],
        {F.KHUYEN_CONG: 120_000_000, F.ENTERPRISE: 30_000_000},
        ["Hỗ trợ đánh giá nhanh SXSH tại doanh nghiệp chế biến thực phẩm"],
    ),
    (
        SNNMT,
        "Kiểm tra việc áp dụng giải pháp SXSH tại cơ sở có nguy cơ ô nhiễm cao",
        1,
        3,
        [(D.INSPECTIONS, 6)],
        {F.LOCAL_BUDGET: 15_000_000},
        ["Kiểm tra việc áp dụng giải pháp SXSH tại cơ sở có nguy cơ ô nhiễm cao"],
    ),
    (
        DAI,
        "Phóng sự, tin bài về doanh nghiệp áp dụng sản xuất sạch hơn",
        2,
        None,
        [(D.MEDIA, 6)],
        {F.KHUYEN_CONG: 24_000_000},
        ["Phóng sự “Doanh nghiệp tiết kiệm năng lượng nhờ sản xuất sạch hơn”"],
    ),
    (
        SCT,
        "Hội nghị sơ kết 6 tháng và tổng kết năm Chương trình SXSH",
        2,
        6,
        [(D.WORKSHOPS, 2), (D.PARTICIPANTS, 180)],
        {F.LOCAL_BUDGET: 80_000_000},
        ["Hội nghị sơ kết 6 tháng đầu năm 2026 Chương trình SXSH"],
    ),
    (
        SCT,
        "Tập huấn SXSH và tiết kiệm năng lượng cho doanh nghiệp nhỏ và vừa",
        3,
        None,
        [(D.TRAINING_COURSES, 3), (D.PARTICIPANTS, 150)],
        {F.KHUYEN_CONG: 90_000_000, F.SCIENCE_TECH: 60_000_000},
        [],
    ),
    (
        SNNMT,
        "Mô hình trình diễn SXSH trong sơ chế, chế biến nông sản",
        4,
        None,
        [(D.DEMONSTRATION_MODELS, 1)],
        {F.ENVIRONMENT: 200_000_000, F.DONOR: 150_000_000},
        [],
    ),
]


def _task_for(agency: Agency) -> Task | None:
    return Task.objects.filter(lead_agency=agency).order_by("document_id", "order", "pk").first()


def _draft(year, rows, *, doit, agencies, users):
    version = services.plan_create(year=year, actor=doit)
    items = []
    for lead, title, quarter, month, outputs, budget, _titles in rows:
        agency = agencies[lead]
        task = _task_for(agency)
        # each agency drafts its own items; DOIT consolidates
        actor = users.get(lead, doit)
        items.append(
            services.item_save(
                version=version,
                actor=actor,
                task=task,
                title=title,
                lead_agency=agency,
                quarter=quarter,
                month=month,
                total_vnd=sum(budget.values()),
                budget=budget,
                deliverables=[(kind, qty, "") for kind, qty in outputs],
            )
        )
    return version, items


def _approve(version, *, doit, stc, cuts, decision, day, comment=""):
    services.version_update_document(
        version=version,
        actor=doit,
        row_version=version.row_version,
        doc_number=f"{day.day + 10}/KH-SCT",
        issued_on=day,
        recipients=version.recipients,
        signer_name="Nguyễn Văn Bình",
        signer_title=version.signer_title,
    )
    services.plan_submit(version=version, actor=doit, row_version=version.row_version)
    amounts = {}
    for line in version.items.all():
        for budget in line.budget_lines.all():
            cut = cuts.get((line.title, budget.funding_source))
            if cut is not None:
                amounts[budget.pk] = cut
    services.plan_appraise(
        version=version,
        actor=stc,
        row_version=version.row_version,
        amounts=amounts,
        comment=comment,
    )
    services.plan_approve(
        version=version,
        actor=doit,
        row_version=version.row_version,
        decision_number=decision,
        decision_date=day,
    )
    services.plan_start_execution(version=version, actor=doit, row_version=version.row_version)


def _link(rows, items, users):
    linked = 0
    for (lead, *_rest, titles), item in zip(rows, items, strict=True):
        for title in titles:
            activity = Activity.objects.filter(title=title, agency=item.lead_agency).first()
            if activity is None or hasattr(activity, "plan_link"):
                continue
            services.activity_link(activity=activity, item=item, actor=users.get(lead))
            linked += 1
    return linked


def seed(*, stdout) -> None:
    names = [SCT, SNNMT, BQL, DAI]
    agencies = {a.name: a for a in Agency.objects.filter(name__in=names)}
    doit = User.objects.filter(username="sct_reviewer").first()
    stc = User.objects.filter(username="stc_thamdinh").first()
    staff = {
        SNNMT: "snnmt_staff",
        BQL: "bqlkcn_staff",
        DAI: "dptth_staff",
        SCT: "sct_reviewer",
    }
    users = {name: User.objects.filter(username=u).first() for name, u in staff.items()}
    if len(agencies) < 4 or doit is None or stc is None or not all(users.values()):
        stdout.write("  (bỏ qua kế hoạch trình diễn: chưa có cơ quan/người dùng trình diễn)")
        return
    if any(_task_for(agencies[n]) is None for n in names):
        stdout.write("  (bỏ qua kế hoạch trình diễn: chưa có nhiệm vụ cho các cơ quan)")
        return
    made = []
    if not Plan.objects.filter(year=2025).exists():
        version, items = _draft(2025, PLAN_2025, doit=doit, agencies=agencies, users=users)
        _approve(
            version,
            doit=doit,
            stc=stc,
            cuts={(PLAN_2025[4][1], F.ENVIRONMENT): 230_000_000},
            decision="245/QĐ-UBND",
            day=dt.date(2025, 2, 14),
            comment="Giảm 20 triệu đồng kinh phí sự nghiệp môi trường của mô hình trình diễn.",
        )
        _link(PLAN_2025, items, users)
        services.plan_close(
            version=version,
            actor=doit,
            row_version=version.row_version,
            comment="Kết thúc năm 2025; số liệu thực hiện đã tổng hợp.",
        )
        made.append("2025")
    if not Plan.objects.filter(year=2026).exists():
        version, items = _draft(2026, PLAN_2026, doit=doit, agencies=agencies, users=users)
        _approve(
            version,
            doit=doit,
            stc=stc,
            cuts={(PLAN_2026[5][1], F.DONOR): 120_000_000},
            decision="318/QĐ-UBND",
            day=dt.date(2026, 2, 10),
        )
        _link(PLAN_2026, items, users)
        revision = services.plan_revise(
            version=version,
            actor=doit,
            reason=(
                "Mở rộng lớp tập huấn quý III (4 lớp, 200 lượt người) theo đề nghị của các doanh "
                "nghiệp, bổ sung 30 triệu đồng kinh phí khuyến công; tổ chức trong tháng 9."
            ),
        )
        copy = revision.items.get(title=PLAN_2026[4][1])
        services.item_save(
            version=revision,
            actor=doit,
            item=copy,
            task=copy.task,
            title=copy.title,
            lead_agency=copy.lead_agency,
            quarter=3,
            month=9,
            total_vnd=180_000_000,
            budget={F.KHUYEN_CONG: 120_000_000, F.SCIENCE_TECH: 60_000_000},
            deliverables=[(D.TRAINING_COURSES, 4, ""), (D.PARTICIPANTS, 200, "")],
        )
        services.plan_submit(
            version=revision,
            actor=doit,
            row_version=revision.row_version,
            comment="Trình Sở Tài chính thẩm định bản điều chỉnh giữa năm.",
        )
        made.append("2026")
    stdout.write(f"  kế hoạch: {', '.join(made) if made else 'đã có'}")
