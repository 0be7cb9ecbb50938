"""Editing the public site in the portal (DOIT reviewers): lists with the publish state, a form,
a preview that renders the public page itself with a "bản nháp" banner, publish / unpublish,
and the messages visitors sent from the contact page. Everyone else gets 403."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from public import services
from public import views as public_views
from public.files import stored_file_response
from public.forms import GuideForm, NewsForm, ProviderForm
from public.models import ContactMessage, NewsArticle, Provider, PublishStatus, TechnicalGuide

KINDS = {
    "tin-tuc": {
        "model": NewsArticle,
        "form": NewsForm,
        "render": public_views._render_article,
        "label": gettext_lazy("Tin tức"),
        "public_url": "public:news_detail",
    },
    "huong-dan": {
        "model": TechnicalGuide,
        "form": GuideForm,
        "render": public_views._render_guide,
        "label": gettext_lazy("Hướng dẫn kỹ thuật"),
        "public_url": "public:guide_detail",
    },
    "chuyen-gia": {
        "model": Provider,
        "form": ProviderForm,
        "render": public_views._render_provider,
        "label": gettext_lazy("Chuyên gia & nhà cung cấp"),
        "public_url": "public:provider_detail",
    },
}


def _kind(request, kind: str) -> dict:
    if not services.can_edit(request.user):
        raise PermissionDenied
    found = KINDS.get(kind)
    if found is None:
        raise Http404
    return found


@require_safe
def index(request):
    if not services.can_edit(request.user):
        raise PermissionDenied
    sections = []
    for slug, spec in KINDS.items():
        counts = spec["model"].objects.aggregate(
            drafts=Count("pk", filter=Q(status=PublishStatus.DRAFT)),
            published=Count("pk", filter=Q(status=PublishStatus.PUBLISHED)),
        )
        sections.append({"slug": slug, "label": spec["label"], **counts})
    unhandled = ContactMessage.objects.filter(handled=False).count()
    return render(
        request, "public/editor/index.html", {"sections": sections, "unhandled": unhandled}
    )


@require_safe
def item_list(request, kind: str):
    spec = _kind(request, kind)
    qs = (
        spec["model"]
        .objects.order_by("status", "-updated_at")
        .only("title", "slug", "status", "published_at", "updated_at")
    )
    page_obj = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "public/editor/item_list.html",
        {"kind": kind, "spec": spec, "page_obj": page_obj},
    )


def _edit(request, kind: str, item=None):
    spec = _kind(request, kind)
    form = spec["form"](request.POST or None, request.FILES or None, instance=item)
    if request.method == "POST" and form.is_valid():
        item = services.content_save(form=form, actor=request.user)
        messages.success(request, _("Đã lưu “%(title)s”.") % {"title": item.title})
        return redirect("public:edit_item", kind=kind, pk=item.pk)
    return render(
        request,
        "public/editor/item_form.html",
        {"kind": kind, "spec": spec, "form": form, "item": item},
    )


def item_create(request, kind: str):
    return _edit(request, kind)


def item_edit(request, kind: str, pk: int):
    spec = _kind(request, kind)
    return _edit(request, kind, get_object_or_404(spec["model"], pk=pk))


@require_safe
def item_preview(request, kind: str, pk: int):
    spec = _kind(request, kind)
    item = get_object_or_404(spec["model"], pk=pk)
    edit_url = reverse("public:edit_item", args=[kind, item.pk])
    response = spec["render"](request, item, preview=True, edit_url=edit_url)
    response["X-Robots-Tag"] = "noindex"
    return response


def _change_state(request, kind: str, pk: int, service, message: str):
    spec = _kind(request, kind)
    item = get_object_or_404(spec["model"], pk=pk)
    service(item=item, actor=request.user)
    messages.success(request, message % {"title": item.title})
    return redirect("public:edit_item", kind=kind, pk=pk)


@require_POST
def item_publish(request, kind: str, pk: int):
    message = _("Đã đăng “%(title)s” lên trang công khai.")
    return _change_state(request, kind, pk, services.content_publish, message)


@require_POST
def item_unpublish(request, kind: str, pk: int):
    message = _("Đã gỡ “%(title)s” khỏi trang công khai.")
    return _change_state(request, kind, pk, services.content_unpublish, message)


@require_safe
def item_file(request, kind: str, pk: int, field: str):
    spec = _kind(request, kind)
    item = get_object_or_404(spec["model"], pk=pk)
    attname = public_views.FILE_FIELDS.get(field)
    fieldfile = getattr(item, attname, None) if attname else None
    if not fieldfile:
        raise Http404
    name = getattr(item, "attachment_name", "") or item.slug
    return stored_file_response(fieldfile, name=name, inline_images=attname == "image")


@require_safe
def message_list(request):
    if not services.can_edit(request.user):
        raise PermissionDenied
    qs = ContactMessage.objects.order_by("handled", "-created_at")
    page_obj = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "public/editor/message_list.html", {"page_obj": page_obj})


@require_POST
def message_handle(request, pk: int):
    if not services.can_edit(request.user):
        raise PermissionDenied
    message = get_object_or_404(ContactMessage, pk=pk)
    services.contact_message_handle(message=message, actor=request.user)
    messages.success(request, _("Đã đánh dấu là đã xử lý."))
    return redirect("public:edit_messages")


urlpatterns = [
    path("", index, name="edit_index"),
    path("thu-lien-he/", message_list, name="edit_messages"),
    path("thu-lien-he/<int:pk>/xu-ly/", message_handle, name="edit_message_handle"),
    path("<slug:kind>/", item_list, name="edit_list"),
    path("<slug:kind>/moi/", item_create, name="edit_create"),
    path("<slug:kind>/<int:pk>/", item_edit, name="edit_item"),
    path("<slug:kind>/<int:pk>/xem-truoc/", item_preview, name="edit_preview"),
    path("<slug:kind>/<int:pk>/dang/", item_publish, name="edit_publish"),
    path("<slug:kind>/<int:pk>/go/", item_unpublish, name="edit_unpublish"),
    path("<slug:kind>/<int:pk>/tep/<slug:field>/", item_file, name="edit_file"),
]
