"""``/sitemap.xml``: every public page — the fixed sections and every published item."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import NoReverseMatch, reverse

from assignments.models import PublicEvent
from enterprises.models import CaseStudy
from programs.models import LegalDocument
from public.models import NewsArticle, Provider, TechnicalGuide

#: fixed public pages; other helpers append their section names (events, open data…)
STATIC_PAGES = [
    "home",
    "public:document_list",
    "public:guide_list",
    "public:news_list",
    "public:event_list",
    "public:case_list",
    "public:provider_list",
    "public:library",
    "public:open_data",
    "public:contact",
]


class StaticSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        found = []
        for name in STATIC_PAGES:
            try:
                reverse(name)
            except NoReverseMatch:
                continue
            found.append(name)
        return found

    def location(self, item):
        return reverse(item)


class PublishedSitemap(Sitemap):
    changefreq = "weekly"
    model = None
    url_name = ""

    def items(self):
        return self.model.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at

    def location(self, item):
        return reverse(self.url_name, args=[item.slug])


class NewsSitemap(PublishedSitemap):
    model = NewsArticle
    url_name = "public:news_detail"


class GuideSitemap(PublishedSitemap):
    model = TechnicalGuide
    url_name = "public:guide_detail"


class ProviderSitemap(PublishedSitemap):
    model = Provider
    url_name = "public:provider_detail"


class DocumentSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return LegalDocument.objects.only("pk").order_by("pk")

    def location(self, item):
        return reverse("public:document_detail", args=[item.pk])


class PublishedByPkSitemap(PublishedSitemap):
    """Published rows addressed by primary key (events, case studies have no slug)."""

    def items(self):
        return self.model.objects.published().only("pk", "updated_at").order_by("pk")

    def location(self, item):
        return reverse(self.url_name, args=[item.pk])


class EventSitemap(PublishedByPkSitemap):
    model = PublicEvent
    url_name = "public:event_detail"


class CaseStudySitemap(PublishedByPkSitemap):
    changefreq = "monthly"
    model = CaseStudy
    url_name = "public:case_detail"


#: the sections of /sitemap.xml; other helpers add theirs here
SITEMAPS: dict[str, type[Sitemap]] = {
    "pages": StaticSitemap,
    "documents": DocumentSitemap,
    "news": NewsSitemap,
    "guides": GuideSitemap,
    "providers": ProviderSitemap,
    "events": EventSitemap,
    "cases": CaseStudySitemap,
}
