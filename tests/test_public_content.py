"""Public content: only what is published shows, unpublishing takes it down at once (cache
included), rich text is sanitised, DOIT edits in the portal with preview and history, the
contact form resists spam, and the sitemap, feeds and robots.txt list what is public."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config import ratelimit
from public import throttle
from public.models import ContactMessage, NewsArticle, PublishStatus
from tests.factories import GuideFactory, NewsFactory, ProviderFactory

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)


def test_draft_is_nowhere_published_is_everywhere(client):
    shown = NewsFactory(title="Tin đã đăng về tiết kiệm nước")
    hidden = NewsFactory(title="Bản nháp chưa duyệt", draft=True)
    listing = client.get(reverse("public:news_list")).content.decode()
    assert shown.title in listing
    assert hidden.title not in listing
    assert client.get(reverse("public:news_detail", args=[hidden.slug])).status_code == 404
    detail = client.get(reverse("public:news_detail", args=[shown.slug]))
    assert detail.status_code == 200
    assert "Sau đánh giá SXSH, công ty đã thực hiện 12 giải pháp." in detail.content.decode()
    home = client.get("/").content.decode()
    assert shown.title in home and hidden.title not in home


def test_unpublish_takes_the_page_down_at_once_cache_included(client, doit):
    article = NewsFactory(title="Tin sẽ bị gỡ")
    url = reverse("public:news_detail", args=[article.slug])
    assert client.get(url).status_code == 200
    assert client.get(url)["X-Public-Cache"] == "hit"
    assert "Tin sẽ bị gỡ" in client.get(reverse("public:news_list")).content.decode()

    editor = type(client)()
    editor.force_login(doit)
    response = editor.post(reverse("public:edit_unpublish", args=["tin-tuc", article.pk]))
    assert response.status_code == 302

    assert client.get(url).status_code == 404
    assert "Tin sẽ bị gỡ" not in client.get(reverse("public:news_list")).content.decode()
    assert "Tin sẽ bị gỡ" not in client.get("/").content.decode()
    assert "Tin sẽ bị gỡ" not in client.get(reverse("public:news_rss")).content.decode()
    assert article.slug not in client.get(reverse("public:sitemap")).content.decode()


def test_rich_text_is_sanitised_on_every_path():
    article = NewsFactory(
        body='<p onclick="steal()">Xin chào<script>alert(1)</script></p>'
        '<img src="https://tracker.example/x.png" alt="x"><a href="javascript:alert(1)">a</a>'
    )
    article.refresh_from_db()
    assert article.body == '<p>Xin chào</p><img alt="x"><a rel="noopener noreferrer">a</a>'


def test_doit_writes_previews_and_publishes_with_history(client, doit):
    client.force_login(doit)
    response = client.post(
        reverse("public:edit_create", args=["tin-tuc"]),
        {
            "title": "Hội thảo SXSH ngành dệt nhuộm",
            "slug": "",
            "summary": "Sở Công Thương tổ chức hội thảo.",
            "body": "<p>Nội dung <b>hội thảo</b></p><style>x</style>",
            "image": SimpleUploadedFile("anh.png", PNG, content_type="image/png"),
            "image_alt": "Quang cảnh hội thảo",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = NewsArticle.objects.get(title="Hội thảo SXSH ngành dệt nhuộm")
    assert article.slug == "hoi-thao-sxsh-nganh-det-nhuom"
    assert article.status == PublishStatus.DRAFT
    assert article.image_type == "image/png"
    assert article.body == "<p>Nội dung <b>hội thảo</b></p>"

    anon = type(client)()
    assert anon.get(reverse("public:news_detail", args=[article.slug])).status_code == 404
    image_url = reverse("public:content_file", args=["tin-tuc", article.slug, "anh"])
    assert anon.get(image_url).status_code == 404  # a draft's files are not public either

    preview = client.get(reverse("public:edit_preview", args=["tin-tuc", article.pk]))
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Xem trước bản nháp" in page and "Hội thảo SXSH ngành dệt nhuộm" in page
    draft_image = reverse("public:edit_file", args=["tin-tuc", article.pk, "anh"])
    assert draft_image in page
    assert client.get(draft_image)["Content-Type"] == "image/png"

    client.post(reverse("public:edit_publish", args=["tin-tuc", article.pk]))
    article.refresh_from_db()
    assert article.is_published
    shown = anon.get(reverse("public:news_detail", args=[article.slug]))
    assert shown.status_code == 200
    image = anon.get(image_url)
    assert image["Content-Type"] == "image/png"
    assert image["X-Content-Type-Options"] == "nosniff"
    history = list(article.history.order_by("history_id"))
    assert [h.history_type for h in history] == ["+", "~"]
    assert {h.history_user_id for h in history} == {doit.pk}
    assert history[-1].status == PublishStatus.PUBLISHED


def test_editor_refuses_non_image_and_foreign_files(client, doit):
    client.force_login(doit)
    response = client.post(
        reverse("public:edit_create", args=["tin-tuc"]),
        {
            "title": "Tin có tệp lạ",
            "image": SimpleUploadedFile("anh.png", b"<html><script>x</script>", "image/png"),
            "image_alt": "x",
        },
    )
    assert response.status_code == 200
    assert not NewsArticle.objects.filter(title="Tin có tệp lạ").exists()


@pytest.mark.parametrize("persona", ["staff_a", "lead_a", "leader"])
def test_only_doit_edits(client, persona, request):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    article = NewsFactory(draft=True)
    assert client.get(reverse("public:edit_index")).status_code == 403
    assert (
        client.get(reverse("public:edit_preview", args=["tin-tuc", article.pk])).status_code == 403
    )
    assert (
        client.post(reverse("public:edit_publish", args=["tin-tuc", article.pk])).status_code == 403
    )
    article.refresh_from_db()
    assert not article.is_published


def _contact_form(client):
    page = client.get(reverse("public:contact")).content.decode()
    stamp = page.split('name="stamp" value="', 1)[1].split('"', 1)[0]
    return {
        "topic": "assessment",
        "name": "Nguyễn Văn Bình",
        "organisation": "Công ty TNHH Thực phẩm Mekong",
        "email": "binh@example.vn",
        "phone": "",
        "message": "Chúng tôi muốn được đánh giá nhanh SXSH.",
        "website": "",
        "stamp": stamp,
    }


def test_contact_form_stores_a_real_message(client, monkeypatch):
    data = _contact_form(client)
    monkeypatch.setattr(throttle, "MIN_SECONDS", 0)
    response = client.post(reverse("public:contact"), data)
    assert response.status_code == 302
    assert ContactMessage.objects.get().name == "Nguyễn Văn Bình"
    assert "Cảm ơn!" in client.get(response["Location"]).content.decode()


def test_contact_form_honeypot_and_speed_trap(client, monkeypatch):
    data = _contact_form(client)
    assert client.post(reverse("public:contact"), data).status_code == 302  # too fast
    monkeypatch.setattr(throttle, "MIN_SECONDS", 0)
    assert (
        client.post(reverse("public:contact"), {**data, "website": "http://spam"}).status_code
        == 302
    )
    assert client.post(reverse("public:contact"), {**data, "stamp": "forged"}).status_code == 302
    assert ContactMessage.objects.count() == 0


def test_contact_form_is_rate_limited(client, monkeypatch):
    monkeypatch.setattr(throttle, "MIN_SECONDS", 0)
    data = _contact_form(client)
    for _ in range(5):
        assert client.post(reverse("public:contact"), data).status_code == 302
    blocked = client.post(reverse("public:contact"), data)
    assert blocked.status_code == 429
    assert "nhiều yêu cầu" in blocked.content.decode()
    assert ContactMessage.objects.count() == 5


def test_sitemap_feeds_and_robots(client):
    news = NewsFactory()
    draft = NewsFactory(draft=True)
    guide = GuideFactory()
    provider = ProviderFactory()
    sitemap = client.get(reverse("public:sitemap"))
    body = sitemap.content.decode()
    assert sitemap.status_code == 200 and sitemap["Content-Type"].startswith("application/xml")
    for url in (
        reverse("public:news_detail", args=[news.slug]),
        reverse("public:guide_detail", args=[guide.slug]),
        reverse("public:provider_detail", args=[provider.slug]),
        reverse("public:document_list"),
        reverse("public:contact"),
    ):
        assert url in body
    assert draft.slug not in body
    rss = client.get(reverse("public:news_rss"))
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert news.title in rss.content.decode() and draft.title not in rss.content.decode()
    atom = client.get(reverse("public:news_atom"))
    assert atom["Content-Type"].startswith("application/atom+xml")
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: " in robots and "/sitemap.xml" in robots
    assert "Disallow: /tai-khoan/" in robots


def test_guides_by_division_and_providers_filter(client):
    GuideFactory(title="Tiết kiệm hơi trong nhà máy giấy", division="17")
    GuideFactory(title="Giảm nước thải chế biến thuỷ sản", division="10")
    ProviderFactory(title="Trung tâm Tiết kiệm năng lượng", divisions="17, 23")
    ProviderFactory(title="Công ty thiết bị lọc nước", divisions="10")
    page = client.get(reverse("public:guide_list") + "?nganh=17").content.decode()
    assert "Tiết kiệm hơi trong nhà máy giấy" in page
    assert "Giảm nước thải chế biến thuỷ sản" not in page
    page = client.get(reverse("public:provider_list") + "?nganh=23").content.decode()
    assert "Trung tâm Tiết kiệm năng lượng" in page
    assert "Công ty thiết bị lọc nước" not in page


@pytest.mark.parametrize(
    "name,factory",
    [
        ("public:news_list", NewsFactory),
        ("public:guide_list", GuideFactory),
        ("public:provider_list", ProviderFactory),
        ("public:document_list", None),
        ("home", NewsFactory),
    ],
)
def test_query_count_does_not_grow_with_content(client, name, factory):
    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(name))
        assert response.status_code == 200
        return len(queries), response.content.decode()

    if factory:
        factory()
    small, _page = count()
    if factory:
        made = factory.create_batch(30)
        big, page = count()
        assert any(m.title in page for m in made)
    else:
        big, page = count()
    assert big == small
    assert big <= 16


def test_rate_limit_counts_per_address_and_window(rf, time_machine):
    time_machine.move_to("2026-06-01 08:00:00+07:00", tick=False)
    request = rf.post("/", REMOTE_ADDR="10.0.0.9")
    key = f"t:{ratelimit.client_address(request)}"
    assert [ratelimit.over_limit(key, limit=2, seconds=60) for _ in range(3)] == [
        False,
        False,
        True,
    ]
    other = rf.post("/", REMOTE_ADDR="10.0.0.10")
    assert not ratelimit.over_limit(f"t:{ratelimit.client_address(other)}", limit=2, seconds=60)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "10.0.0.1"),  # no proxy declared: the header is the client's own
        (1, "203.0.113.7", "203.0.113.7"),  # nginx appended the visitor's address
        (1, "1.1.1.1, 203.0.113.7", "203.0.113.7"),  # the visitor's own entry is ignored
        (2, "1.1.1.1, 203.0.113.7, 10.0.0.2", "203.0.113.7"),  # load balancer, then nginx
        (2, "203.0.113.7", "10.0.0.1"),  # fewer hops than proxies: not trusted
    ],
)
def test_client_address_follows_the_declared_proxies(rf, settings, proxies, forwarded, expected):
    """The address the login lock-out and the rate limits count: behind nginx each visitor has
    its own (not the proxy's), and a client cannot choose it by writing X-Forwarded-For."""
    settings.REVERSE_PROXY_COUNT = proxies
    request = rf.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert ratelimit.client_address(request) == expected
