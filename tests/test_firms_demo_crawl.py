"""On the demo province (300 facilities, the seed directives, two enterprise logins): each
enterprise user crawls every page it can reach and finds no other enterprise's name, tax code
or figure; the demo's two companies are in the states the README promises."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlparse

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from enterprises.choices import Provenance
from enterprises.models import CaseStudy, Enterprise, Option
from reports.choices import ReportStatus
from reports.models import EnterpriseReport

pytestmark = pytest.mark.django_db


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append(href)


def crawl(client: Client, start: str = "/", limit: int = 200) -> dict[str, str]:
    """Every same-site page reachable by GET links from ``start``: url → body (HTML only)."""
    seen: dict[str, str] = {}
    queue = [start]
    while queue and len(seen) < limit:
        url = urldefrag(queue.pop(0))[0]
        if url in seen or not url.startswith("/") or url.startswith("/static/"):
            continue
        response = client.get(url, follow=True)
        if response.streaming:  # a download (the company's own evidence file)
            # read it through the test client's wrapper, which finishes the request without
            # closing the test's database connection (response.close() would, on PostgreSQL)
            b"".join(response.streaming_content)
            seen[url] = ""
            continue
        body = response.content.decode(errors="replace")
        seen[url] = body if "html" in response.get("Content-Type", "") else ""
        parser = _Links()
        parser.feed(seen[url])
        for href in parser.links:
            parsed = urlparse(href)
            if not parsed.netloc and parsed.path.startswith("/") and "dang-xuat" not in href:
                queue.append(href)
    return seen


@pytest.fixture
def demo():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _plain(body: str) -> str:
    return re.sub(r"\s+", " ", body)


def test_demo_prints_the_enterprise_logins_in_the_states_promised(demo, settings):
    assert re.search(r"dn_xanh\s+Doanh nghiệp — Công ty CP Thủy sản Xanh An Giang", demo)
    assert re.search(r"dn_cho\s+Doanh nghiệp — Công ty TNHH Gạo sạch Phú Tân", demo)
    for username in ("dn_xanh", "dn_cho"):
        assert User.objects.get(username=username).check_password(settings.DEMO_PASSWORD)
    xanh = EnterpriseReport.objects.get(enterprise__tax_code="1600888011")
    cho = EnterpriseReport.objects.get(enterprise__tax_code="1600777015")
    assert (xanh.status, cho.status) == (ReportStatus.ACCEPTED, ReportStatus.SUBMITTED)
    assert Option.objects.get(assessment__enterprise__tax_code="1600888011").source == (
        Provenance.SELF_VERIFIED
    )
    assert Option.objects.get(assessment__enterprise__tax_code="1600777015").source == (
        Provenance.SELF_PENDING
    )


CRAWLERS = [
    ("dn_cho", "1600777015", "540.000.000"),  # dn_xanh's verified annual saving
    ("dn_xanh", "1600888011", "96.000.000"),  # dn_cho's pending annual saving
]


def test_each_enterprise_crawls_its_pages_and_finds_no_other_enterprise(demo):
    """One seeded province for both logins (seeding costs a minute)."""
    for username, own_tax_code, foreign_figure in CRAWLERS:
        _crawl_and_check(username, own_tax_code, foreign_figure)


def _crawl_and_check(username, own_tax_code, foreign_figure):
    client = Client()
    client.force_login(User.objects.get(username=username))
    pages = crawl(client)
    assert any(u.startswith("/co-so/giai-phap/") for u in pages)
    assert any(u.startswith("/co-so/bao-cao/") for u in pages)
    assert len(pages) >= 8
    text = "\n".join(_plain(body) for body in pages.values())
    assert own_tax_code in text
    # an enterprise that consented to a published case study is named on the public site
    # (enterprises.CaseStudy.objects.published()); no other one may appear
    consented = CaseStudy.objects.published().values("enterprise_id")
    others = (
        Enterprise.objects.exclude(tax_code__startswith=own_tax_code)
        .exclude(pk__in=consented)
        .values_list("tax_code", "name")
    )
    leaks = [
        (code, name)
        for code, name in others
        if code in text or re.search(rf"{re.escape(name)}(?![\w ])", text)
    ]
    assert leaks == []
    assert foreign_figure not in text
    # and what it cannot reach by links answers 404 when typed
    for path in ("/doanh-nghiep/", "/nhiem-vu/", "/bao-cao/", "/co-so/tham-tra/"):
        assert client.get(path).status_code == 404
