"""Public events: DOIT announces an agency's activity on the public site, enterprises register,
DOIT confirms them and marks who attended.

Attendance is where a registration becomes an enterprise's participation: the matched registry
enterprise is added to the activity's participants (``Activity.enterprises``) — the one relation
every count of informed enterprises reads (``reports.indicators.informed_q``, the enterprise's
stage, the period report's "enterprises reached"). Nothing else counts registrations.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_doit
from assignments.choices import RegistrationStatus
from assignments.locks import activity_lock_reason
from assignments.models import Activity, EventRegistration, PublicEvent
from enterprises.models import Enterprise
from enterprises.rules import normalize_tax_code

#: the fields DOIT edits on an event (``public_event_save``)
EVENT_FIELDS = (
    "is_public",
    "title",
    "summary",
    "place",
    "starts_at",
    "ends_at",
    "registration_open",
    "registration_closes_at",
    "capacity",
)


def _check_doit(actor) -> None:
    if not is_doit(actor):
        raise PermissionDenied(_("Chỉ Sở Công Thương công khai sự kiện và quản lý đăng ký."))


def event_defaults(activity: Activity) -> dict:
    """What a new announcement starts from: the activity's own title, place and date (8:00).

    Not its description: that is the agency's internal note and only DOIT's own text is public.
    """
    start = timezone.make_aware(dt.datetime.combine(activity.held_on, dt.time(8, 0)))
    return {"title": activity.title, "place": activity.location, "starts_at": start}


@transaction.atomic
def public_event_save(*, activity: Activity, actor, data: dict) -> PublicEvent:
    """Create or change the announcement of ``activity`` (DOIT only).

    Publishing stamps ``published_at`` the first time; taking it down keeps the row (and its
    registrations) but the public site stops showing it at once.
    """
    _check_doit(actor)
    event = PublicEvent.objects.select_for_update().filter(activity=activity).first()
    if event is None:
        event = PublicEvent(activity=activity, created_by=actor)
    for name in EVENT_FIELDS:
        if name in data:
            setattr(event, name, data[name])
    event.title = (event.title or "").strip()
    if event.is_public and event.published_at is None:
        event.published_at = timezone.now()
    if event.registration_closes_at and event.registration_closes_at > event.starts_at:
        raise ValidationError(
            {"registration_closes_at": _("Hạn đăng ký phải trước khi sự kiện bắt đầu.")}
        )
    event._history_user = actor
    event.full_clean()
    event.save()
    return event


def seats_taken(event: PublicEvent) -> int:
    return PublicEvent.objects.filter(pk=event.pk).with_seats_taken().get().seats_taken


@transaction.atomic
def registration_submit(
    *,
    event: PublicEvent,
    enterprise_name: str,
    tax_code: str,
    contact_name: str,
    email: str,
    phone: str,
    attendees: int = 1,
    now: dt.datetime | None = None,
) -> EventRegistration | None:
    """An enterprise registers from the public form.

    Raises ``ValidationError`` when the tax code is invalid or the event is closed or full (the
    public may know that). A second registration with the same tax code changes nothing and
    returns None: the form answers the same either way, so nobody learns who has registered.
    """
    # the row lock serialises registrations for one event, so the last seat is given once
    event = PublicEvent.objects.select_for_update().get(pk=event.pk)
    tax_code = normalize_tax_code(tax_code)
    state = event.registration_state(seats_taken=seats_taken(event), now=now)
    if state == "closed":
        raise ValidationError(_("Sự kiện này không còn nhận đăng ký."), code="closed")
    left = event.seats_left(seats_taken(event))
    if left is not None and attendees > left:
        if left == 0:
            raise ValidationError(_("Sự kiện đã đủ số chỗ."), code="full")
        raise ValidationError({"attendees": _("Chỉ còn %(n)s chỗ.") % {"n": left}}, code="full")
    live = event.registrations.exclude(status=RegistrationStatus.CANCELLED)
    if live.filter(tax_code=tax_code).exists():
        return None
    registration = EventRegistration(
        event=event,
        enterprise_name=enterprise_name.strip(),
        tax_code=tax_code,
        contact_name=contact_name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        attendees=attendees,
        enterprise=Enterprise.objects.filter(tax_code=tax_code).first(),
    )
    registration.full_clean()
    registration.save()
    return registration


@transaction.atomic
def registration_set_status(
    *, registration: EventRegistration, status: str, actor
) -> EventRegistration:
    """DOIT confirms, marks attended or cancels a registration.

    Marking it attended adds the registry enterprise (matched by tax code now, if it was not
    when the form came in) to the activity's participants; moving it away from attended takes
    it off again — only if this registration put it there. Refused while the activity is frozen
    by an accepted report or a closed period when that would change its participants (and so
    reported figures); an enterprise the agency already listed may be marked at any time.
    """
    _check_doit(actor)
    registration = EventRegistration.objects.select_for_update().get(pk=registration.pk)
    if status not in RegistrationStatus.values:
        raise ValidationError(_("Tình trạng không hợp lệ."))
    if status == registration.status:
        return registration
    if registration.status == RegistrationStatus.CANCELLED:
        renewed = (
            EventRegistration.objects.filter(
                event=registration.event_id, tax_code=registration.tax_code
            )
            .exclude(status=RegistrationStatus.CANCELLED)
            .exists()
        )
        if renewed:
            raise ValidationError(
                _("Doanh nghiệp này đã có một đăng ký khác còn hiệu lực cho sự kiện."),
                code="duplicate",
            )
    activity = registration.event.activity
    if registration.enterprise_id is None:
        registration.enterprise = Enterprise.objects.filter(tax_code=registration.tax_code).first()
    adds = (
        status == RegistrationStatus.ATTENDED
        and registration.enterprise_id is not None
        # an enterprise the agency already listed: attendance changes no figure
        and not activity.enterprises.filter(pk=registration.enterprise_id).exists()
    )
    removes = registration.counted_in_activity and status != RegistrationStatus.ATTENDED
    if adds or removes:
        reason = activity_lock_reason(date=activity.held_on, agency=activity.agency_id)
        if reason:
            raise ValidationError(reason, code="locked")
    if adds:
        activity.enterprises.add(registration.enterprise_id)
        registration.counted_in_activity = True
    if removes:
        # another registration or the agency itself may also have listed the enterprise
        others = (
            EventRegistration.objects.filter(
                event__activity=activity,
                enterprise_id=registration.enterprise_id,
                counted_in_activity=True,
            )
            .exclude(pk=registration.pk)
            .exists()
        )
        if not others:
            activity.enterprises.remove(registration.enterprise_id)
        registration.counted_in_activity = False
    registration.status = status
    registration._history_user = actor
    registration.save()
    return registration
