"""The public site's pages. Every view here is open to anonymous visitors and shows only what
is published or aggregated; rendered through ``public.pages.render_public`` and cached by
``public.caching.public_page``."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from dashboards import views as dashboards_views
from public.caching import public_page
from public.pages import render_public


@login_not_required
def root(request):
    """``/``: the dashboard for a signed-in user, the public home for everyone else."""
    if request.user.is_authenticated:
        return dashboards_views.home(request)
    return home(request)


def _entry_points() -> list[dict]:
    """What an enterprise comes for; sections not built yet are left out."""
    wanted = [
        (
            "public:guide_list",
            _("Hướng dẫn kỹ thuật theo ngành"),
            _("Giải pháp SXSH cho chế biến thực phẩm, dệt may, giấy, hoá chất, vật liệu xây dựng…"),
        ),
        (
            "public:provider_list",
            _("Chuyên gia tư vấn và nhà cung cấp công nghệ"),
            _("Tìm đơn vị đánh giá SXSH, kiểm toán năng lượng, thiết bị tiết kiệm."),
        ),
        (
            "public:document_list",
            _("Chính sách và văn bản"),
            _("Chương trình, kế hoạch SXSH của tỉnh và nhiệm vụ đang triển khai."),
        ),
        (
            "public:contact",
            _("Đăng ký hỗ trợ"),
            _("Liên hệ Sở Công Thương để được tư vấn, đánh giá nhanh miễn phí."),
        ),
    ]
    points = []
    for name, title, text in wanted:
        try:
            points.append({"url": reverse(name), "title": title, "text": text})
        except NoReverseMatch:
            continue
    return points


@require_safe
@public_page(name="home")
def home(request):
    return render_public(
        request,
        "public/home.html",
        {
            "entry_points": _entry_points(),
            "canonical_path": "/",
            "meta_description": _(
                "Sản xuất sạch hơn (SXSH) giúp doanh nghiệp giảm tiêu hao nguyên liệu, năng "
                "lượng, nước và chất thải; số liệu chương trình, văn bản, hướng dẫn kỹ thuật "
                "và tin tức của tỉnh."
            ),
        },
    )


@require_safe
@login_not_required
def language(request, code: str):
    """Switch the language with a plain link (the public pages are cached and carry no CSRF
    token, so the switch cannot be a POST form there). Only the cookie changes."""
    if code not in {c for c, _name in settings.LANGUAGES}:
        raise Http404
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
