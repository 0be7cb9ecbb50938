"""Forms of the public site (contact) and of the editors' pages in the portal."""

from __future__ import annotations

from functools import partial

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from assignments.uploads import ACCEPT_ATTR, sniff_upload
from public.models import (
    ContactMessage,
    ContactTopic,
    NewsArticle,
    Provider,
    TechnicalGuide,
    make_slug,
)
from public.throttle import HoneypotMixin


class ContactForm(HoneypotMixin, forms.ModelForm):
    class Meta:
        model = ContactMessage
        fields = ["topic", "name", "organisation", "email", "phone", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 6, "maxlength": 4000})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = ContactTopic.choices  # no empty "---------" first

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone"):
            raise ValidationError(
                _("Xin để lại thư điện tử hoặc số điện thoại để chúng tôi trả lời.")
            )
        return data


IMAGE_KINDS = {"jpg", "png"}


class ContentForm(forms.ModelForm):
    """The editors' form: the file fields are sniffed from their bytes on upload."""

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload and hasattr(upload, "content_type"):
            sniffed = sniff_upload(upload)
            if sniffed.kind not in IMAGE_KINDS:
                raise ValidationError(_("Ảnh phải là JPEG hoặc PNG."))
            self.instance.image_type = sniffed.content_type
        return upload

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload and hasattr(upload, "content_type"):
            sniffed = sniff_upload(upload)
            self.instance.attachment_name = sniffed.original_name
            self.instance.attachment_type = sniffed.content_type
        return upload

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("image", "attachment"):
            if name in self.fields:
                self.fields[name].widget.attrs["accept"] = (
                    ".jpg,.jpeg,.png" if name == "image" else ACCEPT_ATTR
                )
        if "summary" in self.fields:
            self.fields["summary"].widget = forms.Textarea(attrs={"rows": 3})
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Để trống: tạo từ tiêu đề.")
        if "body" in self.fields:
            self.fields["body"].widget = forms.Textarea(attrs={"rows": 16})
            self.fields["body"].help_text = _(
                "HTML đơn giản: <p>, <h2>, <h3>, <ul>, <ol>, <strong>, <a>, <table>, <img> "
                "(ảnh của trang này). Mã khác bị loại bỏ khi lưu."
            )

    def clean(self):
        data = super().clean()
        if "slug" in self.fields and not data.get("slug") and data.get("title"):
            base = make_slug(data["title"])
            slug, n = base, 2
            model = self._meta.model
            while model.objects.filter(slug=slug).exclude(pk=self.instance.pk).exists():
                slug, n = f"{base}-{n}", n + 1
            data["slug"] = slug
            self.instance.slug = slug
        if data.get("image") and "image_alt" in self.fields and not data.get("image_alt"):
            self.add_error("image_alt", _("Mô tả ảnh để người dùng trình đọc màn hình hiểu."))
        return data


class NewsForm(ContentForm):
    class Meta:
        model = NewsArticle
        fields = ["title", "slug", "summary", "body", "image", "image_alt", "attachment"]


class GuideForm(ContentForm):
    class Meta:
        model = TechnicalGuide
        fields = ["title", "slug", "division", "summary", "body", "attachment"]


class ProviderForm(ContentForm):
    class Meta:
        model = Provider
        fields = [
            "title",
            "slug",
            "kind",
            "summary",
            "body",
            "divisions",
            "address",
            "phone",
            "email",
            "website",
        ]
        field_classes = {"website": partial(forms.URLField, assume_scheme="https")}
