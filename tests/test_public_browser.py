"""The public site in headless Chromium: every public page passes axe-core (WCAG 2.1 A/AA, the
vendored ``static/vendor/axe-core/axe.min.js``), fits a 390 px phone without sideways scrolling,
and loads nothing from another host (the request log of each page). Screenshots at 1280 and
390 px go to ``test-artifacts/journeys/``."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CaseStudyFactory,
    GuideFactory,
    NewsFactory,
    OptionFactory,
    ProviderFactory,
    PublicEventFactory,
    build_world,
)
from tests.test_public_content import PNG

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = "/static/vendor/axe-core/axe.min.js"
AXE_RUN = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')),
  }));
}"""


def _content(world):
    news = NewsFactory(title="Nhà máy cá tra giảm 18 % điện năng")
    news.image.save("anh.png", ContentFile(PNG), save=False)
    news.image_alt = "Máy nén lạnh có biến tần"
    news.save()
    guide = GuideFactory(title="SXSH trong chế biến thuỷ sản", division="10")
    provider = ProviderFactory(title="Công ty Tư vấn Năng lượng Xanh", website="https://xanh.vn")
    event = PublicEventFactory(title="Tập huấn SXSH ngành chế biến thủy sản", capacity=40)
    now = timezone.now()
    case = CaseStudyFactory(
        status="published", consent_recorded_at=now, approved_at=now, published_at=now
    )
    case.options.add(
        OptionFactory(
            assessment__enterprise=case.enterprise,
            status="implemented",
            implemented_on=now.date(),
        )
    )
    case.cover_image.save("bia.png", ContentFile(PNG), save=False)
    case.cover_alt = "Hệ thống thu hồi nước ngưng"
    case.save()
    return [
        reverse("public:event_list"),
        reverse("public:event_detail", args=[event.pk]),
        reverse("public:event_registered", args=[event.pk]),
        reverse("public:case_list"),
        reverse("public:case_detail", args=[case.pk]),
        "/",
        reverse("public:document_list"),
        reverse("public:document_detail", args=[world.document.pk]),
        reverse("public:guide_list"),
        reverse("public:guide_detail", args=[guide.slug]),
        reverse("public:news_list"),
        reverse("public:news_detail", args=[news.slug]),
        reverse("public:provider_list"),
        reverse("public:provider_detail", args=[provider.slug]),
        reverse("public:contact"),
    ]


def _open(page, path, requests):
    requests.clear()
    response = page.goto(page.base + path)
    assert response is not None and response.status == 200, path
    page.wait_for_load_state("networkidle")


def test_every_public_page_is_accessible_fits_390px_and_stays_on_site(
    page_for, shot, agency_a, staff_a, doit
):
    world = build_world(agency_a=agency_a, staff_a=staff_a, doit=doit)
    paths = _content(world)
    page = page_for(None)
    host = urlsplit(page.base).netloc
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    problems = []
    for path in paths:
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            _open(page, path, requests)
            outside = [
                u for u in requests if not u.startswith("data:") and urlsplit(u).netloc != host
            ]
            assert not outside, f"{path} loads another host: {outside}"
            name = re.sub(r"[^a-z0-9]+", "-", path).strip("-") or "home"
            shot(page, f"{name}-{width}")
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, f"{path} is {scroll}px wide at {width}px"
        assert page.get_attribute("html", "lang") == "vi"
        page.add_script_tag(url=page.base + AXE)  # same origin: allowed by the CSP
        violations = page.evaluate(AXE_RUN)
        if violations:
            problems.append((path, violations))
    assert not problems, problems


def test_language_switch_and_sign_in_link(page_for, agency_a, staff_a, doit):
    page = page_for(None)
    page.goto(page.base + "/")
    page.get_by_role("link", name="English").click()
    assert page.get_attribute("html", "lang") == "en"
    page.get_by_role("link", name="Log in").click()
    assert page.url.startswith(page.base + reverse("accounts:login"))
    signed_in = page_for(staff_a)
    signed_in.goto(signed_in.base + reverse("public:home"))
    signed_in.get_by_role("link", name="Vào cổng quản lý").click()
    assert signed_in.url == signed_in.base + "/"
