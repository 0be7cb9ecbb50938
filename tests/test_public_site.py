"""The public site's frame: "/" by sign-in state, the layout's head and header, the page cache
and the language switch."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_root_is_the_public_home_when_signed_out(client):
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in page
    assert "Chương trình sản xuất sạch hơn trong công nghiệp tỉnh" in page
    assert '<meta name="description" content="Sản xuất sạch hơn (SXSH) giúp' in page
    assert '<link rel="canonical" href="http://127.0.0.1:8000/">' in page or (
        '<link rel="canonical" href="http://testserver/">' in page
    )
    assert '<meta property="og:title"' in page
    assert f'href="{reverse("accounts:login")}"' in page
    assert "Vào cổng quản lý" not in page
    assert "csrfmiddlewaretoken" not in page  # cached pages carry no token


def test_root_is_the_dashboard_when_signed_in(client, doit):
    client.force_login(doit)
    response = client.get("/")
    assert response.status_code == 200
    assert "reports/dashboard.html" in [t.name for t in response.templates]
    # the dashboard keeps its own address too
    assert client.get(reverse("dashboards:dashboard")).status_code == 200


def test_signed_in_user_reaches_the_public_home_and_the_way_back(client, staff_a):
    client.force_login(staff_a)
    response = client.get(reverse("public:home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vào cổng quản lý" in page
    assert "X-Public-Cache" not in response  # never cached for a signed-in user


def test_anonymous_pages_are_cached_with_one_query_per_hit(client):
    first = client.get("/")
    assert first["X-Public-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/")
    assert second["X-Public-Cache"] == "hit"
    assert second.content == first.content
    assert len(queries) == 2  # the content's and the registry's data versions
    client.get(reverse("public:news_list"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("public:news_list"))["X-Public-Cache"] == "hit"
    assert len(queries) == 1


def test_cached_page_is_per_language(client):
    client.get("/")
    client.cookies["django_language"] = "en"
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page


def test_language_switch_sets_the_cookie_and_stays_on_site(client):
    response = client.get(reverse("public:language", args=["en"]) + "?next=/trang-chu/")
    assert response.status_code == 302
    assert response["Location"] == "/trang-chu/"
    assert response.cookies["django_language"].value == "en"
    outside = client.get(reverse("public:language", args=["en"]) + "?next=https://evil.example/")
    assert outside["Location"] == "/"
    assert client.get(reverse("public:language", args=["fr"])).status_code == 404
