"""News feeds (RSS 2.0 and Atom): the latest published articles."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from public.models import NewsArticle

FEED_SIZE = 20


class NewsFeed(Feed):
    def title(self):
        return _("Tin tức sản xuất sạch hơn tỉnh %(province)s") % {
            "province": settings.PORTAL_PROVINCE
        }

    def link(self):
        return reverse("public:news_list")

    def description(self):
        return _("Tin tức về chương trình sản xuất sạch hơn của tỉnh.")

    def items(self):
        return NewsArticle.objects.published().order_by("-published_at")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.title

    def item_link(self, item):
        return reverse("public:news_detail", args=[item.slug])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
