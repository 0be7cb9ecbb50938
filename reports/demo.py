"""Demo reporting cycle: periods 2024–2026 and agency reports in every state.

Runs after ``assignments.demo``. Reports go through the services with the demo users as actors,
so every transition is recorded; the demo then moves the timestamps back to plausible dates
(a demo seeded today must still show on-time submissions for periods that ended months ago).

States (so ``sct_reviewer`` can try every action and the leads can submit):
- 2025 (year):  Sở Nông nghiệp và Môi trường accepted on time; Đài PT-TH accepted; Ban Quản lý
  các KCN submitted late, awaiting review.
- 2026-H1:      Sở Nông nghiệp và Môi trường submitted on time (awaiting review); Ban Quản lý
  các KCN returned with a comment; Đài PT-TH draft (dptth_lead can submit).
- Missing: every other agency leading tasks in the seeded directives.
- A consolidated report draft for 2025.

Idempotent: a report that exists is left as it is.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import Agency, User
from programs.periods import period_by_key, periods_generate
from reports import consolidated, workflow
from reports.models import AgencyReport, ConsolidatedReport, ReportTransition


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


NARRATIVE = {
    "Sở Nông nghiệp và Môi trường": (
        "Phối hợp với Sở Công Thương tổ chức 02 lớp tập huấn về sản xuất sạch hơn gắn với bảo vệ "
        "môi trường cho cán bộ quản lý môi trường cấp xã và doanh nghiệp chế biến thủy sản; lồng "
        "ghép nội dung sản xuất sạch hơn trong công tác thẩm định báo cáo đánh giá tác động môi "
        "trường và cấp giấy phép môi trường.",
        "Kinh phí sự nghiệp môi trường bố trí cho hoạt động sản xuất sạch hơn còn hạn chế; một "
        "số doanh nghiệp nhỏ chưa quan tâm áp dụng.",
        "Đề nghị UBND tỉnh bố trí kinh phí riêng cho hoạt động tập huấn sản xuất sạch hơn; Bộ "
        "Công Thương hỗ trợ tài liệu hướng dẫn theo ngành.",
    ),
    "Ban Quản lý các khu công nghiệp": (
        "Phổ biến Chương trình sản xuất sạch hơn đến các doanh nghiệp trong các khu công nghiệp; "
        "phối hợp khảo sát, đánh giá nhanh sản xuất sạch hơn tại các cơ sở chế biến thực phẩm.",
        "Nhiều doanh nghiệp có vốn đầu tư nước ngoài áp dụng hệ thống quản lý riêng, khó tổng hợp "
        "số liệu tiết kiệm.",
        "Đề nghị Sở Công Thương hướng dẫn mẫu biểu thu thập số liệu tiết kiệm năng lượng, nước.",
    ),
    "Đài Phát thanh và Truyền hình": (
        "Xây dựng và phát sóng chuyên mục “Công nghiệp xanh” hằng tháng; đưa tin về các hội thảo, "
        "lớp tập huấn sản xuất sạch hơn và các mô hình điểm.",
        "",
        "Đề nghị các sở, ngành cung cấp thông tin, mô hình điển hình để tuyên truyền.",
    ),
}


def _fill(report: AgencyReport, actor) -> AgencyReport:
    results, difficulties, proposals = NARRATIVE.get(report.agency.name, ("Đã triển khai.", "", ""))
    return workflow.report_update(
        report=report,
        actor=actor,
        version=report.version,
        results=results,
        difficulties=difficulties,
        proposals=proposals,
    )


def _backdate(report: AgencyReport, *, submitted: dt.date | None, decided: dt.date | None):
    """Move the demo's timestamps (set to 'now' by the services) to plausible dates."""
    opened = (submitted or report.period.due_on) - dt.timedelta(days=6)
    fields = {"created_at": _at(opened, 8)}
    if submitted:
        fields.update(submitted_at=_at(submitted), first_submitted_at=_at(submitted))
    if decided and report.accepted_at:
        fields["accepted_at"] = _at(decided, 15)
    if fields:
        AgencyReport.objects.filter(pk=report.pk).update(**fields)
    transitions = list(ReportTransition.objects.filter(report=report).order_by("pk"))
    days = [submitted, decided]
    for transition, day in zip(transitions, days, strict=False):
        if day:
            ReportTransition.objects.filter(pk=transition.pk).update(
                at=_at(day, 9 if day == submitted else 15)
            )


def _scenario(*, agency, period, users, steps, stdout) -> None:
    if AgencyReport.objects.filter(agency=agency, period=period).exists():
        return
    staff, lead, reviewer = users
    report = workflow.report_get_or_create(agency=agency, period=period, actor=staff)
    report = _fill(report, staff)
    submitted = decided = None
    for step, day in steps:
        if step == "submit":
            report = workflow.report_submit(report=report, actor=lead, version=report.version)
            submitted = day
        elif step == "return":
            report = workflow.report_return(
                report=report,
                actor=reviewer,
                version=report.version,
                comment=(
                    "Đề nghị bổ sung số liệu kinh phí theo từng nguồn và danh sách doanh nghiệp "
                    "được khảo sát; phần khó khăn cần nêu cụ thể."
                ),
            )
            decided = day
        elif step == "accept":
            report = workflow.report_accept(
                report=report, actor=reviewer, version=report.version, comment="Tiếp nhận."
            )
            decided = day
    _backdate(report, submitted=submitted, decided=decided)
    stdout.write(f"  báo cáo {agency.short_name or agency.name} {period.key}: {report.status}")


def seed(*, stdout) -> None:
    for year in (2024, 2025, 2026):
        periods_generate(year=year)
    year_2025 = period_by_key("2025")
    h1_2026 = period_by_key("2026-H1")
    users = {u.username: u for u in User.objects.filter(username__contains="_")}
    reviewer = users.get("sct_reviewer")
    if reviewer is None:
        stdout.write("  (bỏ qua báo cáo trình diễn: chưa có người dùng trình diễn)")
        return
    agencies = {a.name: a for a in Agency.objects.all()}

    def team(prefix):
        return (users[f"{prefix}_staff"], users[f"{prefix}_lead"], reviewer)

    snnmt = agencies["Sở Nông nghiệp và Môi trường"]
    bqlkcn = agencies["Ban Quản lý các khu công nghiệp"]
    dptth = agencies["Đài Phát thanh và Truyền hình"]
    d25 = year_2025.due_on  # 19/12/2025
    d26 = h1_2026.due_on  # 19/06/2026
    plan = [
        (snnmt, year_2025, "snnmt", [("submit", d25 - dt.timedelta(days=2)), ("accept", d25)]),
        (dptth, year_2025, "dptth", [("submit", d25), ("accept", d25 + dt.timedelta(days=3))]),
        (bqlkcn, year_2025, "bqlkcn", [("submit", d25 + dt.timedelta(days=12))]),
        (snnmt, h1_2026, "snnmt", [("submit", d26 - dt.timedelta(days=1))]),
        (
            bqlkcn,
            h1_2026,
            "bqlkcn",
            [("submit", d26), ("return", d26 + dt.timedelta(days=4))],
        ),
        (dptth, h1_2026, "dptth", []),
    ]
    for agency, period, prefix, steps in plan:
        _scenario(agency=agency, period=period, users=team(prefix), steps=steps, stdout=stdout)

    if not ConsolidatedReport.objects.filter(period=year_2025).exists():
        doc = consolidated.consolidated_get_or_create(period=year_2025, actor=reviewer)
        consolidated.consolidated_update(
            report=doc,
            actor=reviewer,
            number="125/BC-SCT",
            issued_on=dt.date(2026, 1, 5),
            summary=(
                "Năm 2025, Sở Công Thương tiếp tục tham mưu UBND tỉnh triển khai Chương trình sản "
                "xuất sạch hơn trong công nghiệp; phối hợp với các sở, ngành, địa phương tuyên "
                "truyền, tập huấn và hỗ trợ kỹ thuật cho các cơ sở sản xuất công nghiệp. Việc sắp "
                "xếp tổ chức bộ máy từ ngày 01/7/2025 làm thay đổi đầu mối thực hiện một số nhiệm "
                "vụ nhưng không làm gián đoạn chương trình."
            ),
            difficulties=(
                "Kinh phí bố trí cho chương trình còn hạn chế, chủ yếu từ nguồn khuyến công.\n"
                "Nhận thức của một bộ phận doanh nghiệp nhỏ và vừa về lợi ích của sản xuất sạch "
                "hơn chưa đầy đủ; số liệu tiết kiệm sau áp dụng chưa được theo dõi thường xuyên."
            ),
            proposals=(
                "Đề nghị Bộ Công Thương tiếp tục hỗ trợ tài liệu, chuyên gia đánh giá sản xuất "
                "sạch hơn theo ngành.\n"
                "Đề nghị UBND tỉnh bố trí kinh phí sự nghiệp môi trường cho các mô hình trình diễn."
            ),
            signer_name="Nguyễn Văn Bình",
        )
        stdout.write("  báo cáo tổng hợp năm 2025 (dự thảo)")
