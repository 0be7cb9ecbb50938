"""Nothing internal leaks to a signed-out visitor.

Signed out, crawl every URL of the sitemap and every same-site link found on the pages reached
(the portal's pages answer with the login redirect, which is not followed), and assert that no
draft or unpublished item, agency report text, progress narrative, activity description,
transition comment, enterprise tax code or contact, and no user e-mail appears anywhere.
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from public.models import ContactMessage
from reports.models import ReportTransition
from tests.factories import (
    CaseStudyFactory,
    EventRegistrationFactory,
    GuideFactory,
    NewsFactory,
    ProviderFactory,
    PublicEventFactory,
    build_world,
)

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"#]+)')
LOC = re.compile(r"<loc>([^<]+)</loc>")


def _crawl(client: Client, limit: int = 400) -> dict[str, str]:
    seen: dict[str, str] = {}
    sitemap = client.get(reverse("public:sitemap")).content.decode()
    queue = deque(urlsplit(u).path for u in LOC.findall(sitemap))
    queue.extend(["/", reverse("public:news_rss"), reverse("public:news_atom"), "/robots.txt"])
    while queue and len(seen) < limit:
        path = queue.popleft()
        if path in seen:
            continue
        response = client.get(path)
        body = "" if response.streaming else response.content.decode(errors="replace")
        seen[path] = body
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        for href in HREF.findall(body):
            url = urlsplit(urljoin(path, href.replace("&amp;", "&")))
            if url.scheme in ("http", "https") and url.netloc not in ("testserver", ""):
                continue
            if url.scheme and url.scheme not in ("http", "https"):
                continue  # mailto:
            target = url.path + (f"?{url.query}" if url.query else "")
            if target not in seen:
                queue.append(target)
    return seen


def test_signed_out_crawl_shows_nothing_internal(agency_a, staff_a, doit):
    world = build_world(agency_a=agency_a, staff_a=staff_a, doit=doit)
    secrets = []

    news = NewsFactory(title="Tin công khai về tiết kiệm điện")
    NewsFactory(title="TIN-NHAP-CHUA-DANG", draft=True)
    withdrawn = NewsFactory(title="TIN-DA-GO-XUONG")
    withdrawn.status = "draft"
    withdrawn.save()
    GuideFactory(title="HUONG-DAN-NHAP", draft=True)
    GuideFactory(title="Hướng dẫn đã đăng ngành giấy", division="17")
    ProviderFactory(title="DON-VI-CHUA-DUYET", draft=True)
    secrets += ["TIN-NHAP-CHUA-DANG", "TIN-DA-GO-XUONG", "HUONG-DAN-NHAP", "DON-VI-CHUA-DUYET"]

    report = world.report
    report.results = "KET-QUA-BAO-CAO-NOI-BO"
    report.difficulties = "KHO-KHAN-NOI-BO"
    report.proposals = "DE-XUAT-NOI-BO"
    report.save()
    ReportTransition.objects.create(
        report=report,
        from_status="submitted",
        to_status="returned",
        actor=doit,
        comment="Y-KIEN-TRA-LAI-NOI-BO",
    )
    secrets += ["KET-QUA-BAO-CAO-NOI-BO", "KHO-KHAN-NOI-BO", "DE-XUAT-NOI-BO", "Y-KIEN-TRA-LAI"]
    secrets.append(world.progress.narrative)
    world.activity.description = "MO-TA-HOAT-DONG-NOI-BO"
    world.activity.save()
    secrets.append("MO-TA-HOAT-DONG-NOI-BO")

    enterprise = world.enterprise
    enterprise.contact_name = "Nguyễn Thị Liên Hệ"
    enterprise.contact_phone = "0909123456"
    enterprise.contact_email = "lienhe@doanhnghiep.vn"
    enterprise.save()
    secrets += [enterprise.tax_code, enterprise.name, "Nguyễn Thị Liên Hệ", "0909123456"]
    secrets += ["lienhe@doanhnghiep.vn"]
    ContactMessage.objects.create(
        topic="other", name="NGUOI-GUI-THU", email="nguoigui@example.vn", message="THU-RIENG"
    )
    secrets += ["NGUOI-GUI-THU", "nguoigui@example.vn", "THU-RIENG"]
    # events: a published one with a registration, one taken down; case studies: one
    # published, a draft and one consented but not approved
    event = PublicEventFactory(title="Hội thảo công khai về tiết kiệm nước")
    registration = EventRegistrationFactory(
        event=event,
        enterprise_name="DN-DANG-KY-RIENG",
        contact_name="NGUOI-DANG-KY",
        email="dangky@doanhnghiep.vn",
        phone="0977000111",
    )
    PublicEventFactory(title="SU-KIEN-CHUA-CONG-KHAI", is_public=False, published_at=None)
    now = timezone.now()
    case = CaseStudyFactory(
        status="published", consent_recorded_at=now, approved_at=now, published_at=now
    )
    CaseStudyFactory(title="MO-HINH-NHAP")
    CaseStudyFactory(title="MO-HINH-CHUA-DUYET", consent_recorded_at=now)
    secrets += ["DN-DANG-KY-RIENG", "NGUOI-DANG-KY", "dangky@doanhnghiep.vn", "0977000111"]
    secrets += [registration.tax_code, case.enterprise.tax_code, "SU-KIEN-CHUA-CONG-KHAI"]
    secrets += ["MO-HINH-NHAP", "MO-HINH-CHUA-DUYET"]
    secrets += [u.email for u in (staff_a, doit) if u.email]
    secrets += [staff_a.username, doit.username]
    assert world.progress.narrative and staff_a.email

    pages = _crawl(Client())
    assert reverse("public:news_detail", args=[news.slug]) in pages
    assert reverse("public:document_detail", args=[world.document.pk]) in pages
    assert reverse("public:event_detail", args=[event.pk]) in pages
    assert reverse("public:case_detail", args=[case.pk]) in pages
    assert len([p for p, body in pages.items() if body]) >= 15
    for path, body in pages.items():
        for secret in secrets:
            assert secret not in body, f"{secret!r} leaks on {path}"
    # the document's page shows its task in aggregate (1 in progress), not the narrative
    doc_page = pages[reverse("public:document_detail", args=[world.document.pk])]
    assert "Tuyên truyền, phổ biến sản xuất sạch hơn cho cơ sở sản xuất." in doc_page
