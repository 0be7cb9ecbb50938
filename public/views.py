"""The public site's pages. Every view here is open to anonymous visitors and shows only what
is published or aggregated; rendered through ``public.pages.render_public`` and cached by
``public.caching.public_page``."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from assignments.models import PublicEvent, Task
from config.ratelimit import client_address, over_limit
from dashboards import selectors as dash
from dashboards import views as dashboards_views
from dashboards.selectors import tasks_with_bucket
from programs.models import LegalDocument
from programs.periods import all_periods, current_period
from public.caching import public_page
from public.divisions import division_names
from public.figures import programme_figures
from public.files import stored_file_response
from public.forms import ContactForm
from public.models import NewsArticle, Provider, ProviderKind, TechnicalGuide
from public.pages import absolute, render_public
from public.services import contact_message_create


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


def upcoming_public_events(limit: int = 4) -> list:
    """The next events DOIT published (``assignments.PublicEvent``), soonest first."""
    return list(PublicEvent.objects.upcoming().select_related("activity")[:limit])


@require_safe
@public_page(name="home", versions=(dash.data_version,))
def home(request):
    today = timezone.localdate()
    news = NewsArticle.objects.published().only("title", "slug", "summary", "published_at")[:4]
    guides = TechnicalGuide.objects.published().only("title", "slug", "division")[:5]
    return render_public(
        request,
        "public/home.html",
        {
            "figures": programme_figures(today),
            "news": list(news),
            "guides": list(guides),
            "events": upcoming_public_events(),
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


# ---- content pages -------------------------------------------------------------------------------

PAGE_SIZE = 12


def _page(request, qs, size: int = PAGE_SIZE):
    paginator = Paginator(qs, size)
    return paginator.get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_safe
@public_page(name="news_list")
def news_list(request):
    q = request.GET.get("q", "").strip()[:100]
    qs = (
        NewsArticle.objects.published()
        .search(q)
        .only("title", "slug", "summary", "published_at", "image", "image_alt")
    )
    return render_public(
        request,
        "public/news_list.html",
        {
            "page_obj": _page(request, qs),
            "q": q,
            "query": _query_without_page(request),
            "meta_description": _("Tin tức về chương trình sản xuất sạch hơn của tỉnh."),
        },
    )


@require_safe
@public_page(name="news_detail")
def news_detail(request, slug: str):
    article = get_object_or_404(NewsArticle.objects.published(), slug=slug)
    return _render_article(request, article)


def file_urls(item, model: str, *, preview: bool = False) -> dict:
    """The URLs of an item's image and attachment: public ones for a published item, the
    editors' (access-checked) ones in a preview."""
    urls = {}
    for field, attname in FILE_FIELDS.items():
        if getattr(item, attname, None):
            if preview:
                urls[attname] = reverse("public:edit_file", args=[model, item.pk, field])
            else:
                urls[attname] = reverse("public:content_file", args=[model, item.slug, field])
    return urls


def _render_article(request, article, *, preview: bool = False, edit_url: str = ""):
    latest = (
        NewsArticle.objects.published()
        .exclude(pk=article.pk)
        .only("title", "slug", "published_at")[:5]
    )
    return render_public(
        request,
        "public/news_detail.html",
        {
            "article": article,
            "latest": latest,
            "preview": preview,
            "edit_url": edit_url,
            "files": file_urls(article, "tin-tuc", preview=preview),
            "og_type": "article",
            "meta_description": article.summary or article.title,
        },
    )


@require_safe
@public_page(name="guide_list")
def guide_list(request):
    division = request.GET.get("nganh", "").strip()[:2]
    qs = TechnicalGuide.objects.published().only("title", "slug", "summary", "division")
    divisions = division_names()
    if division:
        qs = qs.filter(division=division)
    groups: dict[str, list] = {}
    for guide in qs:
        groups.setdefault(guide.division, []).append(guide)
    present = sorted(
        TechnicalGuide.objects.published().values_list("division", flat=True).distinct()
    )
    return render_public(
        request,
        "public/guide_list.html",
        {
            "groups": [
                {"code": code, "name": divisions.get(code, ""), "guides": guides}
                for code, guides in sorted(groups.items())
            ],
            "division_choices": [(c, divisions.get(c, "")) for c in present],
            "division": division,
            "meta_description": _(
                "Hướng dẫn kỹ thuật sản xuất sạch hơn theo ngành công nghiệp (VSIC 2018)."
            ),
        },
    )


@require_safe
@public_page(name="guide_detail")
def guide_detail(request, slug: str):
    guide = get_object_or_404(TechnicalGuide.objects.published(), slug=slug)
    return _render_guide(request, guide)


def _render_guide(request, guide, *, preview: bool = False, edit_url: str = ""):
    return render_public(
        request,
        "public/guide_detail.html",
        {
            "guide": guide,
            "division_name": division_names().get(guide.division, ""),
            "preview": preview,
            "edit_url": edit_url,
            "files": file_urls(guide, "huong-dan", preview=preview),
            "og_type": "article",
            "meta_description": guide.summary or guide.title,
        },
    )


@require_safe
@public_page(name="provider_list")
def provider_list(request):
    kind = request.GET.get("loai", "")
    division = request.GET.get("nganh", "").strip()[:2]
    qs = Provider.objects.published().only(
        "title", "slug", "summary", "kind", "divisions", "phone", "email", "website"
    )
    if kind in ProviderKind.values:
        qs = qs.filter(kind=kind)
    else:
        kind = ""
    if division.isdigit():
        qs = qs.filter(divisions__regex=rf"(^|[ ,]){division}($|[ ,])")
    else:
        division = ""
    return render_public(
        request,
        "public/provider_list.html",
        {
            "page_obj": _page(request, qs, 20),
            "kind": kind,
            "kinds": ProviderKind.choices,
            "division": division,
            "division_names": division_names(),
            "query": _query_without_page(request),
            "meta_description": _(
                "Chuyên gia tư vấn sản xuất sạch hơn và đơn vị cung cấp công nghệ, thiết bị."
            ),
        },
    )


@require_safe
@public_page(name="provider_detail")
def provider_detail(request, slug: str):
    provider = get_object_or_404(Provider.objects.published(), slug=slug)
    return _render_provider(request, provider)


def _render_provider(request, provider, *, preview: bool = False, edit_url: str = ""):
    names = division_names()
    return render_public(
        request,
        "public/provider_detail.html",
        {
            "provider": provider,
            "divisions": [(c, names.get(c, "")) for c in provider.division_codes],
            "preview": preview,
            "edit_url": edit_url,
            "meta_description": provider.summary or provider.title,
        },
    )


# ---- documents -----------------------------------------------------------------------------------


def _document_state(doc, today) -> tuple[str, str]:
    if doc.replaced_by_id:
        return _("Đã được thay thế"), "muted"
    if doc.effective_on and doc.effective_on > today:
        return _("Chưa có hiệu lực"), "warn"
    return _("Đang có hiệu lực"), "ok"


@require_safe
@public_page(name="document_list")
def document_list(request):
    q = request.GET.get("q", "").strip()[:100]
    state = request.GET.get("hieu-luc", "")
    today = timezone.localdate()
    qs = LegalDocument.objects.only(
        "kind", "number", "title", "issuer", "signed_on", "effective_on", "replaced_by"
    ).order_by("-signed_on", "number")
    if q:
        qs = qs.filter(
            Q(title__icontains=q)
            | Q(number__icontains=q)
            | Q(issuer__icontains=q)
            | Q(original_text__icontains=q)
        )
    if state == "con":
        qs = qs.filter(pk__in=LegalDocument.objects.in_force(today).values("pk"))
    elif state == "het":
        qs = qs.filter(replaced_by__isnull=False)
    else:
        state = ""
    page_obj = _page(request, qs, 20)
    for doc in page_obj:
        doc.state_label, doc.state_badge = _document_state(doc, today)
    return render_public(
        request,
        "public/document_list.html",
        {
            "page_obj": page_obj,
            "q": q,
            "state": state,
            "query": _query_without_page(request),
            "meta_description": _(
                "Chương trình, kế hoạch, chỉ thị về sản xuất sạch hơn đang có hiệu lực và đã "
                "được thay thế, toàn văn và tiến độ thực hiện."
            ),
        },
    )


BUCKETS = ("done", "in_progress", "overdue", "not_started")


def document_progress(document, today) -> list[dict]:
    """Per item of the document: how many of its tasks are done / in progress / overdue / not
    started — counts only (one query); no agency's narrative, name or report."""
    period = current_period(all_periods(), today)  # q
    rows = (
        tasks_with_bucket(Task.objects.filter(document=document), period=period, today=today)
        .order_by("order", "ref", "pk")
        .values_list("ref", "section_title", "text", "bucket")  # q
    )
    items: dict[str, dict] = {}
    for ref, section, text, bucket in rows:
        item = items.setdefault(
            ref,
            {"ref": ref, "section": section, "text": text, "total": 0, **dict.fromkeys(BUCKETS, 0)},
        )
        item[bucket] += 1
        item["total"] += 1
    return list(items.values())


@require_safe
@public_page(name="document_detail")
def document_detail(request, pk: int):
    today = timezone.localdate()
    doc = get_object_or_404(LegalDocument.objects.select_related("replaced_by"), pk=pk)
    doc.state_label, doc.state_badge = _document_state(doc, today)
    items = document_progress(doc, today)
    totals = {b: sum(i[b] for i in items) for b in (*BUCKETS, "total")}
    return render_public(
        request,
        "public/document_detail.html",
        {
            "doc": doc,
            "replaces": list(doc.replaces.only("pk", "number", "title")),
            "items": items,
            "totals": totals,
            "today": today,
            "og_type": "article",
            "meta_description": f"{doc.number} — {doc.title}"[:300],
        },
    )


@require_safe
@login_not_required
def document_file(request, pk: int):
    doc = get_object_or_404(LegalDocument, pk=pk)
    if not doc.attachment:
        raise Http404
    return stored_file_response(doc.attachment, name=f"{doc.number or 'van-ban'}")


# ---- files of published content ------------------------------------------------------------------

FILE_MODELS = {"tin-tuc": NewsArticle, "huong-dan": TechnicalGuide}
FILE_FIELDS = {"anh": "image", "dinh-kem": "attachment"}


@require_safe
@login_not_required
def content_file(request, model: str, slug: str, field: str):
    """An image or attachment of a *published* item (editors preview drafts in the portal)."""
    klass = FILE_MODELS.get(model)
    attname = FILE_FIELDS.get(field)
    if klass is None or attname is None or not hasattr(klass, attname):
        raise Http404
    item = get_object_or_404(klass.objects.published(), slug=slug)
    fieldfile = getattr(item, attname)
    if not fieldfile:
        raise Http404
    name = getattr(item, "attachment_name", "") if attname == "attachment" else item.slug
    return stored_file_response(fieldfile, name=name or item.slug, inline_images=attname == "image")


# ---- contact ------------------------------------------------------------------------------------

CONTACT_LIMIT = 5  # messages per address per hour
CONTACT_WINDOW = 3600


@login_not_required
def contact(request):
    """The office's contact details and a message form (not cached: it carries a CSRF token)."""
    sent = request.GET.get("da-gui") == "1"
    form = ContactForm(request.POST or None)
    throttled = False
    if request.method == "POST":
        if over_limit(
            f"contact:{client_address(request)}", limit=CONTACT_LIMIT, seconds=CONTACT_WINDOW
        ):
            throttled = True
        elif form.is_valid():
            if not form.looks_automated():
                contact_message_create(form=form)
            return HttpResponseRedirect(reverse("public:contact") + "?da-gui=1")
    response = render_public(
        request,
        "public/contact.html",
        {
            "form": form,
            "sent": sent,
            "throttled": throttled,
            "meta_description": _(
                "Liên hệ Sở Công Thương về sản xuất sạch hơn: đăng ký tư vấn, đánh giá, hỗ trợ."
            ),
        },
        status=429 if throttled else 200,
    )
    return response


# ---- robots.txt ----------------------------------------------------------------------------------


@require_safe
@login_not_required
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /tai-khoan/",
        "Disallow: /quan-tri/",
        "Disallow: /ngon-ngu/",
        "Disallow: /cong-khai/quan-ly/",
        "Disallow: /bao-cao/",
        "Disallow: /nhiem-vu/",
        "Disallow: /doanh-nghiep/",
        "Disallow: /van-ban/",
        "Allow: /",
        f"Sitemap: {absolute(reverse('public:sitemap'), request)}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
