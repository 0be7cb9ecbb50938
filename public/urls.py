"""The public site's addresses (no login). Open data and the solution library are in
``public.urls_data``, events in ``public.urls_events``, case studies in ``public.urls_cases``
(each with DOIT's editing pages in the portal), all included here. ``/`` itself is routed in
``config.urls`` (``public.views.root``: the dashboard when signed in, the public home otherwise)."""

from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe

from public import editor, views
from public.caching import public_page
from public.feeds import NewsAtomFeed, NewsFeed
from public.sitemaps import SITEMAPS

app_name = "public"

urlpatterns = [
    # the public home at its own address, for signed-in users (canonical: "/")
    path("trang-chu/", views.home, name="home"),
    path("ngon-ngu/<slug:code>/", views.language, name="language"),
    path("chinh-sach/", views.document_list, name="document_list"),
    path("chinh-sach/<int:pk>/", views.document_detail, name="document_detail"),
    path("chinh-sach/<int:pk>/tep/", views.document_file, name="document_file"),
    path("huong-dan-ky-thuat/", views.guide_list, name="guide_list"),
    path("huong-dan-ky-thuat/<slug:slug>/", views.guide_detail, name="guide_detail"),
    path("tin-tuc/", views.news_list, name="news_list"),
    path("tin-tuc/rss.xml", public_page(NewsFeed(), name="news_rss"), name="news_rss"),
    path("tin-tuc/atom.xml", public_page(NewsAtomFeed(), name="news_atom"), name="news_atom"),
    path("tin-tuc/<slug:slug>/", views.news_detail, name="news_detail"),
    path("chuyen-gia-cong-nghe/", views.provider_list, name="provider_list"),
    path("chuyen-gia-cong-nghe/<slug:slug>/", views.provider_detail, name="provider_detail"),
    path("lien-he/", views.contact, name="contact"),
    path("tep/<slug:model>/<slug:slug>/<slug:field>/", views.content_file, name="content_file"),
    path(
        "sitemap.xml",
        require_safe(public_page(sitemap, name="sitemap")),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    # editing, in the portal (DOIT reviewers)
    path("cong-khai/quan-ly/", include(editor.urlpatterns)),
    path("", include("public.urls_data")),
    path("", include("public.urls_events")),
    path("", include("public.urls_cases")),
]
