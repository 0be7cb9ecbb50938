"""The public site's own content: news, technical guides, consultants and technology suppliers,
and the messages visitors send the SXSH office.

Content shares one life cycle (``Publishable``): a *draft* is seen by editors only (in the
portal, with a preview); *publishing* stamps ``published_at`` and shows it at once; *unpublishing*
takes it down at once (the page cache's key holds the data version, see ``public.caching``).
Public pages read only ``Model.objects.published()``. Rich text is sanitised on save
(``public.richtext``); files are checked from their bytes (``assignments.uploads.sniff_upload``),
stored under generated names and served by ``public.views_files`` — only for published rows.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.text import strip_accents
from public.richtext import SanitizedHTMLField


class PublishStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PUBLISHED = "published", _("Đã đăng")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublishStatus.PUBLISHED, published_at__isnull=False)

    def search(self, q: str):
        q = (q or "").strip()
        if not q:
            return self
        return self.filter(models.Q(title__icontains=q) | models.Q(summary__icontains=q))


def public_upload_to(instance, filename: str) -> str:
    """A generated storage name: never the uploader's name, only the sniffed extension."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"public/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def make_slug(title: str) -> str:
    return slugify(strip_accents(title or ""))[:80].strip("-") or "bai"


class Publishable(models.Model):
    """What every piece of public content has: title, address, summary and the publish state."""

    title = models.CharField(_("tiêu đề"), max_length=255)
    slug = models.SlugField(_("địa chỉ (slug)"), max_length=90, unique=True, allow_unicode=False)
    summary = models.TextField(
        _("tóm tắt"), blank=True, help_text=_("Một, hai câu, văn bản thường.")
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=PublishStatus.choices, default=PublishStatus.DRAFT
    )
    published_at = models.DateTimeField(_("đăng lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tạo"),
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-published_at", "-created_at"]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == PublishStatus.PUBLISHED and self.published_at is not None


class FileFields(models.Model):
    """An optional attachment, checked from its bytes on upload."""

    attachment = models.FileField(_("tệp đính kèm"), upload_to=public_upload_to, blank=True)
    attachment_name = models.CharField(_("tên tệp gốc"), max_length=200, blank=True)
    attachment_type = models.CharField(_("kiểu tệp"), max_length=120, blank=True)

    class Meta:
        abstract = True


class NewsArticle(Publishable, FileFields):
    """Tin tức: programme news, calls for applications, results."""

    body = SanitizedHTMLField(_("nội dung"), blank=True)
    image = models.FileField(_("ảnh minh hoạ"), upload_to=public_upload_to, blank=True)
    image_type = models.CharField(_("kiểu ảnh"), max_length=40, blank=True)
    image_alt = models.CharField(_("mô tả ảnh (cho người khiếm thị)"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta(Publishable.Meta):
        verbose_name = _("tin tức")
        verbose_name_plural = _("tin tức")


class TechnicalGuide(Publishable, FileFields):
    """Hướng dẫn kỹ thuật SXSH for one industry (a VSIC 2018 division, two digits)."""

    division = models.CharField(
        _("ngành (mã VSIC cấp 2)"),
        max_length=2,
        help_text=_("Ví dụ 10 chế biến thực phẩm, 13 dệt, 17 giấy, 20 hoá chất, 23 VLXD."),
    )
    body = SanitizedHTMLField(_("nội dung"), blank=True)

    history = HistoricalRecords()

    class Meta(Publishable.Meta):
        verbose_name = _("hướng dẫn kỹ thuật")
        verbose_name_plural = _("hướng dẫn kỹ thuật")
        ordering = ["division", "title"]


class ProviderKind(models.TextChoices):
    CONSULTANT = "consultant", _("Chuyên gia, đơn vị tư vấn")
    TECHNOLOGY = "technology", _("Đơn vị cung cấp công nghệ, thiết bị")


class Provider(Publishable):
    """A consultant or a technology supplier listed with its consent (chợ công nghệ). The contact
    shown is the one the provider gave for publication."""

    kind = models.CharField(_("loại"), max_length=12, choices=ProviderKind.choices)
    body = SanitizedHTMLField(_("giới thiệu, năng lực"), blank=True)
    divisions = models.CharField(
        _("ngành phục vụ (mã VSIC cấp 2)"),
        max_length=120,
        blank=True,
        help_text=_("Các mã cách nhau bằng dấu phẩy, ví dụ 10, 13, 23."),
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại công bố"), max_length=40, blank=True)
    email = models.EmailField(_("thư điện tử công bố"), blank=True)
    website = models.URLField(_("trang web"), blank=True, max_length=200)

    history = HistoricalRecords()

    class Meta(Publishable.Meta):
        verbose_name = _("chuyên gia / nhà cung cấp")
        verbose_name_plural = _("chuyên gia và nhà cung cấp công nghệ")
        ordering = ["kind", "title"]

    @property
    def division_codes(self) -> list[str]:
        return [c.strip() for c in self.divisions.split(",") if c.strip()]


class ContactTopic(models.TextChoices):
    ASSESSMENT = "assessment", _("Đăng ký đánh giá, tư vấn SXSH")
    SUPPORT = "support", _("Hỏi về chính sách hỗ trợ")
    PROVIDER = "provider", _("Đăng ký giới thiệu đơn vị tư vấn / công nghệ")
    OTHER = "other", _("Góp ý, câu hỏi khác")


class ContactMessage(models.Model):
    """A message sent from the contact page; read by DOIT in the portal, never shown publicly."""

    #: not read by any public page: a new message must not refresh the page cache
    shown_publicly = False

    topic = models.CharField(_("nội dung cần hỗ trợ"), max_length=12, choices=ContactTopic.choices)
    name = models.CharField(_("họ và tên"), max_length=120)
    organisation = models.CharField(_("cơ sở, doanh nghiệp"), max_length=255, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    message = models.TextField(_("nội dung"), max_length=4000)
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    handled = models.BooleanField(_("đã xử lý"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thư liên hệ")
        verbose_name_plural = _("thư liên hệ")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(email="") | ~models.Q(phone=""),
                name="contact_message_has_a_way_back",
            ),
        ]

    def __str__(self):
        return f"{self.name} — {self.get_topic_display()}"
