"""``render_public``: the one way a public page is rendered.

It adds what ``templates/public/base.html`` needs — the canonical URL, the page's description
and OpenGraph image, the language links and which nav item is current — so each view passes only
its own data. Views set ``meta_description`` (and optionally ``og_type``, ``og_image``,
``canonical_path``) in their context; the rest has defaults.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

#: the public navigation: (url name, label); a section is current when the URL name matches
#: or the request path starts with the section's path. Other helpers append their sections.
NAV = [
    ("public:home", gettext_lazy("Trang chủ")),
    ("public:document_list", gettext_lazy("Văn bản")),
    ("public:guide_list", gettext_lazy("Hướng dẫn kỹ thuật")),
    ("public:news_list", gettext_lazy("Tin tức")),
    ("public:event_list", gettext_lazy("Sự kiện")),
    ("public:case_list", gettext_lazy("Mô hình trình diễn")),
    ("public:provider_list", gettext_lazy("Chuyên gia & công nghệ")),
    ("public:contact", gettext_lazy("Liên hệ")),
]


#: the licence of the site's content (the open datasets state their own)
CONTENT_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.vi"


def office() -> dict:
    """The provincial SXSH office shown in the footer and on the contact page."""
    return {"unit": _("Phòng Kỹ thuật an toàn – Môi trường")}


def absolute(path: str, request=None) -> str:
    """An absolute URL on the portal's public address (``PORTAL_BASE_URL``), else the request's."""
    base = (settings.PORTAL_BASE_URL or "").rstrip("/")
    if base:
        return base + path
    if request is not None:
        return request.build_absolute_uri(path)
    return path


def nav_items(request):
    from django.urls import NoReverseMatch

    items = []
    path = request.path
    for name, label in NAV:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # a section not built yet
        if name == "public:home":
            current = path in ("/", url)
            if not request.user.is_authenticated:
                url = "/"  # signed out, the public home is the site's root
        else:
            current = path.startswith(url)
        items.append({"url": url, "label": label, "current": current})
    return items


def render_public(request, template: str, context: dict | None = None, *, status: int = 200):
    ctx = dict(context or {})
    canonical_path = ctx.pop("canonical_path", None) or request.path
    lang = get_language() or settings.LANGUAGE_CODE
    ctx.setdefault("meta_description", _("Chương trình sản xuất sạch hơn trong công nghiệp"))
    ctx.setdefault("og_type", "website")
    ctx.setdefault("og_image", absolute(static("img/og-sxsh.png"), request))
    ctx["canonical_url"] = absolute(canonical_path, request)
    ctx["public_nav"] = nav_items(request)
    ctx["language_links"] = [
        {
            "code": code,
            "name": name,
            "current": code == lang,
            "url": reverse("public:language", args=[code])
            + "?"
            + urlencode({"next": request.get_full_path()}),
        }
        for code, name in settings.LANGUAGES
    ]
    ctx.setdefault("public_office", office())
    ctx["licence_url"] = CONTENT_LICENCE_URL
    ctx["og_locale"] = "vi_VN" if lang == "vi" else "en_GB"
    return render(request, template, ctx, status=status)
