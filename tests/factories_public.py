"""Factories for the public site's content (issue 14)."""

from __future__ import annotations

import factory
from django.utils import timezone

from public.models import NewsArticle, Provider, ProviderKind, PublishStatus, TechnicalGuide


class _Publishable(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Doanh nghiệp chế biến thuỷ sản tiết kiệm điện, bài {n}")
    slug = factory.Sequence(lambda n: f"bai-{n}")
    summary = "Giảm 18 % điện năng nhờ thu hồi nhiệt và sửa rò rỉ khí nén."
    status = PublishStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(status=PublishStatus.DRAFT, published_at=None)


class NewsFactory(_Publishable):
    class Meta:
        model = NewsArticle

    body = "<p>Sau đánh giá SXSH, công ty đã thực hiện 12 giải pháp.</p>"


class GuideFactory(_Publishable):
    class Meta:
        model = TechnicalGuide

    title = factory.Sequence(lambda n: f"Hướng dẫn SXSH ngành chế biến thực phẩm, phần {n}")
    slug = factory.Sequence(lambda n: f"huong-dan-{n}")
    division = "10"
    body = "<h2>Giải pháp quản lý nội vi</h2><p>Sửa rò rỉ hơi, nước.</p>"


class ProviderFactory(_Publishable):
    class Meta:
        model = Provider

    title = factory.Sequence(lambda n: f"Công ty Tư vấn Môi trường Xanh {n}")
    slug = factory.Sequence(lambda n: f"don-vi-{n}")
    kind = ProviderKind.CONSULTANT
    divisions = "10, 13"
    phone = "0296 3 000 000"
