"""Events: the public list, detail, registration form and feeds (anonymous visitors), and DOIT's
pages in the portal — announcing an agency's activity, the registrations per event, confirming
and marking attendance, the CSV export.

The public pages show only what DOIT published, and never a registration: no registrant's
name, e-mail, phone or tax code leaves the DOIT pages.
"""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from accounts.roles import is_doit
from assignments.choices import ActivityKind, RegistrationStatus
from assignments.events import (
    event_defaults,
    public_event_save,
    registration_set_status,
    registration_submit,
    seats_taken,
)
from assignments.models import Activity, EventRegistration, PublicEvent
from config.ratelimit import client_address, over_limit
from config.spreadsheets import neutralise_formula
from public.caching import public_page, register_version_source
from public.forms_events import EventForm, RegistrationForm
from public.pages import render_public

# what the event pages show: a write to any of these refreshes the cached pages at once
for _label in (
    "assignments.PublicEvent",
    "assignments.EventRegistration",  # seats left
    "assignments.Activity",
    "accounts.Agency",
):
    register_version_source(_label)

#: kinds of activity the public list offers as a filter (and DOIT is offered to announce)
PUBLIC_KINDS = (
    ActivityKind.TRAINING,
    ActivityKind.WORKSHOP,
    ActivityKind.MEDIA,
    ActivityKind.DEMONSTRATION,
    ActivityKind.CONSULTING,
)
#: registrations per client address and hour before posts are silently dropped
REGISTRATION_LIMIT = 5
REGISTRATION_WINDOW = 3600
PAST_PER_PAGE = 12


def _published_events():
    return PublicEvent.objects.published().select_related("activity__agency")


def _kind_filter(request):
    kind = request.GET.get("loai", "")
    return kind if kind in PUBLIC_KINDS else ""


# --- public pages ------------------------------------------------------------------------------


@require_safe
@public_page(name="event_list")
def event_list(request):
    """Upcoming events (all of them) and past ones (paged). Queries: upcoming, past count, past
    page — whatever the number of events."""
    kind = _kind_filter(request)
    upcoming = _published_events().upcoming().with_seats_taken()
    past = _published_events().past()
    if kind:
        upcoming = upcoming.filter(activity__kind=kind)
        past = past.filter(activity__kind=kind)
    page = Paginator(past, PAST_PER_PAGE).get_page(request.GET.get("page"))
    upcoming = list(upcoming)
    now = timezone.now()
    for event in upcoming:
        event.state = event.registration_state(seats_taken=event.seats_taken, now=now)
    kinds = [(k.value, k.label) for k in PUBLIC_KINDS]
    return render_public(
        request,
        "public/events/event_list.html",
        {
            "meta_description": _(
                "Lớp tập huấn, hội thảo và chiến dịch truyền thông về sản xuất sạch hơn dành "
                "cho doanh nghiệp; đăng ký tham dự trực tuyến."
            ),
            "upcoming": upcoming,
            "page_obj": page,
            "past": page.object_list,
            "kind": kind,
            "kinds": kinds,
        },
    )


def _detail_context(request, event, form=None):
    taken = seats_taken(event)
    state = event.registration_state(seats_taken=taken)
    if form is None and state == "open":
        form = RegistrationForm()
    when = timezone.localtime(event.starts_at).strftime("%d/%m/%Y")
    description = " · ".join(p for p in (event.get_kind_display(), when, event.place) if p)
    if event.summary:
        description += ". " + Truncator(event.summary).chars(150)
    return {
        "meta_description": description,
        "og_type": "article",
        "canonical_path": reverse("public:event_detail", args=[event.pk]),
        "event": event,
        "state": state,
        "seats_left": event.seats_left(taken),
        "form": form if state == "open" else None,
        "is_over": (event.ends_at or event.starts_at) < timezone.now(),
    }


@require_safe
@public_page(name="event_detail")
def event_detail(request, pk: int):
    event = get_object_or_404(_published_events(), pk=pk)
    return render_public(
        request, "public/events/event_detail.html", _detail_context(request, event)
    )


@csrf_exempt
@login_not_required
@require_POST
def event_register(request, pk: int):
    """The registration form. A robot (honeypot, too fast, over the rate limit) and a second
    registration of the same tax code get the same answer as a real one; nothing is saved.

    Exempt from CSRF so the event page (which carries the form) can be cached for anonymous
    visitors without a per-visitor token: the form grants no one's session any power — a
    forged post could only do what its author can do directly — and the signed render time
    plays the token's part against replay from elsewhere."""
    event = get_object_or_404(_published_events(), pk=pk)
    form = RegistrationForm(request.POST)
    thanks = redirect("public:event_registered", pk=event.pk)
    if not form.is_valid():
        if form.looks_automated():
            return thanks
        context = _detail_context(request, event, form)
        return render_public(request, "public/events/event_detail.html", context, status=400)
    allowed = not over_limit(
        f"event-register:{client_address(request)}",
        limit=REGISTRATION_LIMIT,
        seconds=REGISTRATION_WINDOW,
    )
    if form.looks_automated() or not allowed:
        return thanks
    data = {k: form.cleaned_data[k] for k in
            ("enterprise_name", "tax_code", "contact_name", "email", "phone", "attendees")}  # fmt: skip
    try:
        registration_submit(event=event, **data)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
        context = _detail_context(request, event, form)
        if context["form"] is None:  # closed or full meanwhile: say so on the page
            context["closed_message"] = " ".join(exc.messages)
        return render_public(request, "public/events/event_detail.html", context, status=400)
    return thanks


@require_safe
@public_page(name="event_registered")
def event_registered(request, pk: int):
    event = get_object_or_404(_published_events(), pk=pk)
    return render_public(request, "public/events/event_registered.html", {"event": event})


class EventsFeed(Feed):
    """RSS 2.0 of the published events, the most recently announced first."""

    title = gettext_lazy("Sự kiện sản xuất sạch hơn")
    description = gettext_lazy(
        "Lớp tập huấn, hội thảo và chiến dịch truyền thông về sản xuất sạch hơn."
    )

    def link(self):
        return reverse("public:event_list")

    def items(self):
        return _published_events().order_by("-published_at", "-pk")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        when = timezone.localtime(item.starts_at).strftime("%d/%m/%Y %H:%M")
        return f"{item.get_kind_display()} · {when} · {item.place}\n\n{item.summary}".strip()

    def item_link(self, item):
        return reverse("public:event_detail", args=[item.pk])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class EventsAtomFeed(EventsFeed):
    feed_type = Atom1Feed
    subtitle = EventsFeed.description


events_rss = login_not_required(EventsFeed())
events_atom = login_not_required(EventsAtomFeed())


# --- DOIT's pages in the portal ---------------------------------------------------------------


def _require_doit(request) -> None:
    if not is_doit(request.user):
        raise PermissionDenied


@require_GET
def manage_events(request):
    """Announced events with their registrations by status, and the agencies' recent and
    coming activities not yet announced."""
    _require_doit(request)
    live = ~Q(registrations__status=RegistrationStatus.CANCELLED)
    events = (
        PublicEvent.objects.select_related("activity__agency")
        .annotate(
            n_live=Count("registrations", filter=live),
            n_new=Count("registrations", filter=Q(registrations__status="submitted")),
            n_attended=Count("registrations", filter=Q(registrations__status="attended")),
        )
        .order_by("-starts_at")
    )
    page = Paginator(events, 25).get_page(request.GET.get("page"))
    since = timezone.localdate() - timezone.timedelta(days=60)
    candidates = (
        Activity.objects.visible_to(request.user)
        .filter(kind__in=PUBLIC_KINDS, held_on__gte=since, public_event__isnull=True)
        .select_related("agency")
        .order_by("held_on")[:30]
    )
    return render(
        request,
        "public/events/manage_list.html",
        {"page_obj": page, "events": page.object_list, "candidates": candidates},
    )


def _event_form_view(request, *, activity, event=None):
    instance = event or PublicEvent(activity=activity, created_by=request.user)
    initial = None if event else event_defaults(activity)
    form = EventForm(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = public_event_save(activity=activity, actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if saved.is_public:
                messages.success(request, _("Đã lưu; sự kiện hiện trên trang thông tin."))
            else:
                messages.success(request, _("Đã lưu; sự kiện chưa công khai."))
            return redirect("public:manage_event", pk=saved.pk)
    return render(
        request,
        "public/events/manage_form.html",
        {"form": form, "activity": activity, "event": event},
    )


@require_http_methods(["GET", "POST"])
def manage_event_new(request, activity_pk: int):
    _require_doit(request)
    activity = get_object_or_404(Activity.objects.select_related("agency"), pk=activity_pk)
    if hasattr(activity, "public_event"):
        return redirect("public:manage_event_edit", pk=activity.public_event.pk)
    return _event_form_view(request, activity=activity)


@require_http_methods(["GET", "POST"])
def manage_event_edit(request, pk: int):
    _require_doit(request)
    event = get_object_or_404(PublicEvent.objects.select_related("activity__agency"), pk=pk)
    return _event_form_view(request, activity=event.activity, event=event)


@require_GET
def manage_event(request, pk: int):
    """One event's registrations, with the actions on each."""
    _require_doit(request)
    event = get_object_or_404(
        PublicEvent.objects.select_related("activity__agency").with_seats_taken(), pk=pk
    )
    registrations = event.registrations.select_related("enterprise").order_by("submitted_at")
    status = request.GET.get("tinh-trang", "")
    if status in RegistrationStatus.values:
        registrations = registrations.filter(status=status)
    counts = dict(event.registrations.order_by().values_list("status").annotate(n=Count("pk")))
    return render(
        request,
        "public/events/manage_event.html",
        {
            "event": event,
            "registrations": registrations,
            "status": status,
            "statuses": [(s.value, s.label, counts.get(s.value, 0)) for s in RegistrationStatus],
            "state": event.registration_state(seats_taken=event.seats_taken),
            "seats_left": event.seats_left(event.seats_taken),
        },
    )


@require_POST
def manage_registration_status(request, pk: int):
    _require_doit(request)
    registration = get_object_or_404(EventRegistration.objects.select_related("event"), pk=pk)
    status = request.POST.get("status", "")
    if status not in RegistrationStatus.values:
        return HttpResponseBadRequest(_("Tình trạng không hợp lệ."))
    try:
        registration = registration_set_status(
            registration=registration, status=status, actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if status == RegistrationStatus.ATTENDED and registration.enterprise_id is None:
            messages.warning(
                request,
                _(
                    "Đã ghi nhận %(name)s tham dự. Mã số thuế %(code)s chưa có trong danh bạ nên "
                    "chưa được tính vào số doanh nghiệp được phổ biến."
                )
                % {"name": registration.enterprise_name, "code": registration.tax_code},
            )
        else:
            messages.success(
                request,
                _("%(name)s: %(status)s.")
                % {
                    "name": registration.enterprise_name,
                    "status": registration.get_status_display(),
                },
            )
    return redirect("public:manage_event", pk=registration.event_id)


@require_GET
def manage_registrations_csv(request, pk: int):
    """The event's registrations as CSV (UTF-8 with BOM for Excel; formula-safe cells)."""
    _require_doit(request)
    event = get_object_or_404(PublicEvent, pk=pk)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [_("Đăng ký lúc"), _("Tên doanh nghiệp, cơ sở"), _("Mã số thuế"), _("Người liên hệ"),
         _("Thư điện tử"), _("Điện thoại"), _("Số người tham dự"), _("Tình trạng"),
         _("Cơ sở trong danh bạ")]
    )  # fmt: skip
    for r in event.registrations.select_related("enterprise").order_by("submitted_at", "pk"):
        row = [
            timezone.localtime(r.submitted_at).strftime("%d/%m/%Y %H:%M"),
            r.enterprise_name,
            r.tax_code,
            r.contact_name,
            r.email,
            r.phone,
            r.attendees,
            r.get_status_display(),
            r.enterprise.name if r.enterprise_id else "",
        ]
        writer.writerow([neutralise_formula(v) for v in row])
    response = HttpResponse(
        ("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = (
        f'attachment; filename="dang-ky-su-kien-{event.pk}-{stamp}.csv"'
    )
    return response
