"""Demo events and case studies for the public site (``seed_demo``, after the reports).

- Events: two of the agencies' past activities announced (with attended registrations from the
  enterprises that took part), and three coming ones — a training, a workshop, a media
  campaign — recorded a few weeks ahead, open for registration, with some registrations.
- Case studies: two demo enterprises with implemented options that consented (a letter on
  file, a cover picture), published by the DOIT reviewer; a third left as a draft without consent.

Idempotent: every step looks for what it would make first.
"""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count, Q
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.models import Agency, User
from accounts.templatetags.portal import num
from assignments.choices import ActivityKind, FundingSource, RegistrationStatus
from assignments.demo import DEMO_AGENCIES
from assignments.events import public_event_save, registration_set_status, registration_submit
from assignments.models import Activity, PublicEvent
from assignments.services import activity_record
from enterprises.case_studies import case_study_figures
from enterprises.choices import OptionStatus
from enterprises.models import CaseStudy, Enterprise
from public.case_editing import (
    case_study_publish,
    case_study_record_consent,
    case_study_save,
    case_study_set_cover,
    presentable_options,
)

REVIEWER = "sct_reviewer"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

PAST = [  # titles of assignments.demo activities announced after the fact
    "Tập huấn sản xuất sạch hơn gắn với bảo vệ môi trường cho doanh nghiệp chế biến thủy sản",
    "Hội thảo giới thiệu Chương trình sản xuất sạch hơn cho doanh nghiệp trong KCN",
]

# (agency, kind, title, days ahead, hour, place, capacity, summary, funding)
COMING = [
    (
        "Sở Công Thương",
        ActivityKind.TRAINING,
        "Tập huấn đánh giá nhanh sản xuất sạch hơn cho doanh nghiệp chế biến lương thực",
        12,
        8,
        "Hội trường Sở Công Thương, 4 Lê Triệu Kiết, phường Long Xuyên",
        40,
        "Một ngày thực hành: đo điện, nước, hơi tại xưởng; lập danh mục giải pháp quản lý nội "
        "vi; tính thời gian hoàn vốn. Dành cho cán bộ kỹ thuật, quản đốc của nhà máy xay xát, "
        "lau bóng gạo.\n\nHọc viên được phát bộ tài liệu hướng dẫn và biểu mẫu đánh giá nhanh.",
        FundingSource.KHUYEN_CONG,
    ),
    (
        "Ban Quản lý các khu công nghiệp",
        ActivityKind.WORKSHOP,
        "Hội thảo tiết kiệm năng lượng và sử dụng nước tuần hoàn trong khu công nghiệp",
        25,
        13,
        "Nhà điều hành KCN Bình Hòa",
        60,
        "Doanh nghiệp trong KCN chia sẻ kết quả thu hồi nhiệt lò hơi, tuần hoàn nước làm mát; "
        "giới thiệu chương trình hỗ trợ kinh phí đánh giá SXSH năm 2027.",
        FundingSource.LOCAL_BUDGET,
    ),
    (
        "Đài Phát thanh và Truyền hình",
        ActivityKind.MEDIA,
        "Chiến dịch truyền thông “Sản xuất sạch hơn – doanh nghiệp xanh” 2027",
        40,
        19,
        "Kênh ATV1 và trang thông tin điện tử của Đài",
        None,
        "Chuỗi phóng sự về các mô hình trình diễn SXSH trong tỉnh, phát sóng tối thứ Năm hằng "
        "tuần. Doanh nghiệp muốn giới thiệu mô hình của mình đăng ký để được liên hệ ghi hình.",
        FundingSource.LOCAL_BUDGET,
    ),
]

CONTACTS = [
    ("Nguyễn Thị Hồng", "0296 3852 114"),
    ("Trần Văn Phúc", "0913 221 407"),
    ("Lê Minh Tâm", "0388 915 260"),
    ("Phạm Thị Thu", "0296 3941 775"),
]


def _aware(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _announce(activity: Activity, reviewer, *, hour=8, capacity=None, summary="", place=""):
    if hasattr(activity, "public_event"):
        return activity.public_event, False
    event = public_event_save(
        activity=activity,
        actor=reviewer,
        data={
            "is_public": True,
            "title": activity.title,
            "summary": summary,
            "place": place or activity.location,
            "starts_at": _aware(activity.held_on, hour),
            "ends_at": _aware(activity.held_on, hour + 4),
            "registration_open": True,
            "registration_closes_at": _aware(activity.held_on - dt.timedelta(days=2), 17),
            "capacity": capacity,
        },
    )
    return event, True


def _register(event, enterprises, *, now) -> int:
    made = 0
    for i, enterprise in enumerate(enterprises):
        contact, phone = CONTACTS[i % len(CONTACTS)]
        slug = f"lienhe{enterprise.pk}"
        made += bool(
            registration_submit(
                event=event,
                enterprise_name=enterprise.name,
                tax_code=enterprise.tax_code,
                contact_name=contact,
                email=f"{slug}@doanhnghiep.demo",
                phone=phone,
                attendees=1 + i % 2,
                now=now,
            )
        )
    return made


def seed_events(*, stdout, reviewer) -> None:
    agencies = {a.name: a for a in Agency.objects.filter(name__in=DEMO_AGENCIES)}
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_AGENCIES.values())}
    announced = registered = 0
    # past: registrations before the event, marked attended — the enterprises the agency
    # listed, so the activity's figures (perhaps in an accepted report) stay as they were
    for title in PAST:
        activity = Activity.objects.filter(title=title).order_by("pk").first()
        if activity is None:
            continue
        event, made = _announce(activity, reviewer)
        announced += made
        if made:
            before = event.starts_at - dt.timedelta(days=7)
            taking_part = list(activity.enterprises.order_by("pk")[:4])
            registered += _register(event, taking_part, now=before)
            for registration in event.registrations.order_by("pk"):
                registration_set_status(
                    registration=registration, status=RegistrationStatus.ATTENDED, actor=reviewer
                )
    # coming: recorded ahead by the agency, announced by DOIT, a few registrations
    today = timezone.localdate()
    pool = list(Enterprise.objects.filter(has_sxsh_potential=True).order_by("pk")[100:130])
    for n, row in enumerate(COMING):
        name, kind, title, ahead, hour, place, capacity, summary, funding = row
        agency, actor = agencies.get(name), users.get(DEMO_AGENCIES.get(name, ""))
        if agency is None or actor is None:
            continue
        activity = Activity.objects.filter(agency=agency, title=title).first()
        if activity is None:
            activity = activity_record(
                agency=agency,
                actor=actor,
                kind=kind,
                title=title,
                held_on=today + dt.timedelta(days=ahead),
                location=place,
                participants=0,
                cost_vnd=0,
                funding_source=funding,
                description=summary,
            )
        event, made = _announce(
            activity, reviewer, hour=hour, capacity=capacity, summary=summary, place=place
        )
        announced += made
        if made and kind != ActivityKind.MEDIA:
            registered += _register(event, pool[n * 6 : n * 6 + 3 + n], now=timezone.now())
            first = event.registrations.order_by("pk").first()
            if first is not None:
                registration_set_status(
                    registration=first, status=RegistrationStatus.CONFIRMED, actor=reviewer
                )
    stdout.write(
        f"  sự kiện công khai: +{announced} (tổng {PublicEvent.objects.count()}), "
        f"đăng ký: +{registered}"
    )


def _cover_png(seed: int) -> bytes:
    """A plain illustrated cover (a factory and sun in the site's colours), made here so the
    demo needs no image files."""
    width, height = 1200, 500
    image = Image.new("RGB", (width, height), (11, 93, 107))
    draw = ImageDraw.Draw(image)
    for y in range(height):  # sky gradient
        shade = int(40 * y / height)
        draw.line([(0, y), (width, y)], fill=(11 + shade, 93 + shade, 107 + shade))
    draw.ellipse([900 - seed * 40, 60, 1040 - seed * 40, 200], fill=(242, 201, 76))
    draw.rectangle([0, 380, width, height], fill=(30, 107, 49))
    draw.rectangle([180, 230, 560, 380], fill=(232, 236, 238))
    for x in (220, 320, 420):
        draw.rectangle([x, 150 - seed * 10, x + 40, 230], fill=(200, 206, 210))
    draw.polygon([(560, 380), (560, 260), (700, 300), (700, 380)], fill=(210, 214, 218))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _story(enterprise, options) -> str:
    items = "".join(f"<li>{o.description}</li>" for o in options)
    return (
        f"<p>Sau đợt đánh giá sản xuất sạch hơn, {enterprise.name} lập nhóm SXSH gồm quản đốc, "
        "tổ trưởng và cán bộ kỹ thuật, họp mỗi tuần để theo dõi số đo điện, nước, nguyên liệu "
        "từng công đoạn.</p>"
        "<h3>Những việc đã làm</h3>"
        f"<ul>{items}</ul>"
        "<p>Các giải pháp ít tốn kém được làm ngay trong tháng đầu; giải pháp cần đầu tư được "
        "xếp theo thời gian hoàn vốn và làm dần bằng nguồn tiết kiệm được.</p>"
        "<blockquote>“Điều bất ngờ nhất là phần lớn lãng phí nằm ở những việc hằng ngày mà "
        "trước đây không ai đo.” — Giám đốc cơ sở</blockquote>"
    )


def seed_cases(*, stdout, reviewer) -> None:
    if CaseStudy.objects.exists():
        stdout.write(f"  mô hình trình diễn: {CaseStudy.objects.count()} (đã có)")
        return
    implemented = Q(assessments__options__status=OptionStatus.IMPLEMENTED)
    candidates = list(
        Enterprise.objects.annotate(n=Count("assessments__options", filter=implemented))
        .filter(n__gte=2)
        .select_related("vsic")
        .order_by("pk")[:12]
    )
    # two from different industries where the registry allows, then one more for the draft
    chosen = candidates[:1]
    others = [e for e in candidates[1:] if e.section != chosen[0].section] if chosen else []
    chosen += (others or candidates[1:])[:1]
    chosen += [e for e in candidates if e not in chosen][:1]
    for n, enterprise in enumerate(chosen):
        options = list(presentable_options(enterprise))
        figures = case_study_figures(options)
        saving = num(figures.annual_saving_vnd / 1_000_000)
        case = case_study_save(
            actor=reviewer,
            enterprise=enterprise,
            options=options,
            data={
                "title": f"{enterprise.name}: tiết kiệm {saving} triệu đồng mỗi năm nhờ SXSH",
                "summary": (
                    f"Bắt đầu từ quản lý nội vi, cơ sở đã thực hiện {len(options)} giải pháp, "
                    "giảm tiêu hao và hoàn vốn từ nguồn tiết kiệm được."
                ),
                "problem": (
                    "Chi phí điện, nước và nguyên liệu cho mỗi đơn vị sản phẩm cao hơn mức "
                    "trung bình của ngành; nước thải và chất thải rắn phải xử lý ngày càng tốn "
                    "kém, khách hàng xuất khẩu đòi hỏi báo cáo môi trường."
                ),
                "story": _story(enterprise, options),
            },
        )
        if n >= 2:
            continue  # the draft: no consent yet, shown only to DOIT
        case_study_record_consent(
            case=case,
            actor=reviewer,
            given_by="Giám đốc cơ sở (văn bản có chữ ký, đóng dấu)",
            given_on=timezone.localdate() - dt.timedelta(days=20 - n),
            document=SimpleUploadedFile("van-ban-dong-y.pdf", PDF),
        )
        case_study_set_cover(
            case=case,
            actor=reviewer,
            upload=SimpleUploadedFile("anh-bia.png", _cover_png(n)),
            alt=f"Minh họa nhà xưởng của {enterprise.name}",
        )
        case_study_publish(case=case, actor=reviewer)
    stdout.write(
        f"  mô hình trình diễn: +{len(chosen)} ({CaseStudy.objects.published().count()} công khai)"
    )


def seed(*, stdout) -> None:
    reviewer = User.objects.filter(username=REVIEWER).first()
    if reviewer is None:
        stdout.write("  (bỏ qua sự kiện, mô hình: chưa có chuyên viên Sở Công Thương trình diễn)")
        return
    seed_events(stdout=stdout, reviewer=reviewer)
    seed_cases(stdout=stdout, reviewer=reviewer)
