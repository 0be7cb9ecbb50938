from django.contrib import admin

from config.admin_base import PortalHistoryAdmin
from public.forms import GuideForm, NewsForm, ProviderForm
from public.models import ContactMessage, NewsArticle, Provider, TechnicalGuide


class ContentAdmin(PortalHistoryAdmin):
    list_display = ["title", "status", "published_at", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "summary"]
    readonly_fields = ["status", "published_at", "created_by"]


@admin.register(NewsArticle)
class NewsArticleAdmin(ContentAdmin):
    form = NewsForm


@admin.register(TechnicalGuide)
class TechnicalGuideAdmin(ContentAdmin):
    form = GuideForm
    list_display = ["title", "division", "status", "published_at"]


@admin.register(Provider)
class ProviderAdmin(ContentAdmin):
    form = ProviderForm
    list_display = ["title", "kind", "status", "published_at"]


@admin.register(ContactMessage)
class ContactMessageAdmin(PortalHistoryAdmin):
    list_display = ["created_at", "name", "topic", "handled"]
    list_filter = ["handled", "topic"]
