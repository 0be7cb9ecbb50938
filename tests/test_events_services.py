"""Public events: announcing an activity, registering from the public form, attendance counting
as the enterprise's participation (the one relation the informed indicator reads)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assignments.choices import RegistrationStatus
from assignments.events import public_event_save, registration_set_status, registration_submit
from assignments.models import EventRegistration, PublicEvent
from programs.models import PeriodClosure
from reports.indicators import enterprise_stage_counts
from tests.factories import (
    ActivityFactory,
    EnterpriseFactory,
    EventRegistrationFactory,
    PublicEventFactory,
    make_periods,
    valid_tax_code,
)


def _submit(event, **overrides):
    data = {
        "event": event,
        "enterprise_name": "Công ty TNHH Thủy sản Mekong",
        "tax_code": valid_tax_code(),
        "contact_name": "Nguyễn Thị Hạnh",
        "email": "hanh@mekong.example",
        "phone": "0296 3852 123",
    }
    data.update(overrides)
    return registration_submit(**data)


@pytest.mark.django_db
def test_registration_matches_the_registry_enterprise_by_tax_code():
    enterprise = EnterpriseFactory()
    event = PublicEventFactory()
    # typed with spaces: normalised before matching
    typed = f"{enterprise.tax_code[:4]} {enterprise.tax_code[4:]}"
    registration = _submit(event, tax_code=typed)
    assert registration.tax_code == enterprise.tax_code
    assert registration.enterprise == enterprise
    assert registration.status == RegistrationStatus.SUBMITTED


@pytest.mark.django_db
def test_registration_with_a_wrong_check_digit_is_refused():
    event = PublicEventFactory()
    good = valid_tax_code()
    bad = good[:9] + str((int(good[9]) + 1) % 10)
    with pytest.raises(ValidationError, match="chữ số kiểm tra"):
        _submit(event, tax_code=bad)
    assert not EventRegistration.objects.exists()


@pytest.mark.django_db
def test_second_registration_of_the_same_tax_code_changes_nothing():
    event = PublicEventFactory()
    code = valid_tax_code()
    assert _submit(event, tax_code=code) is not None
    assert _submit(event, tax_code=code, email="other@x.example") is None
    assert list(event.registrations.values_list("email", flat=True)) == ["hanh@mekong.example"]


@pytest.mark.django_db
def test_registration_after_the_closing_time_is_refused():
    event = PublicEventFactory(registration_closes_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="không còn nhận đăng ký"):
        _submit(event)


@pytest.mark.django_db
def test_registration_for_an_event_not_public_or_not_taking_any_is_refused():
    for event in (
        PublicEventFactory(is_public=False),
        PublicEventFactory(registration_open=False),
    ):
        with pytest.raises(ValidationError):
            _submit(event)
    assert not EventRegistration.objects.exists()


@pytest.mark.django_db
def test_capacity_counts_people_and_the_last_seats_are_given_once():
    event = PublicEventFactory(capacity=5)
    _submit(event, attendees=3)
    with pytest.raises(ValidationError) as exc:
        _submit(event, attendees=3)
    assert "Chỉ còn 2 chỗ." in str(exc.value)
    _submit(event, attendees=2)
    with pytest.raises(ValidationError, match="đủ số chỗ"):
        _submit(event)
    # a cancelled registration frees its seats
    EventRegistration.objects.filter(attendees=2).update(status=RegistrationStatus.CANCELLED)
    assert _submit(event, attendees=2) is not None


@pytest.mark.django_db
def test_only_doit_announces_an_activity(staff_a, doit):
    activity = ActivityFactory(agency=staff_a.agency, held_on=dt.date(2026, 9, 1))
    with pytest.raises(PermissionDenied):
        public_event_save(activity=activity, actor=staff_a, data={"title": "X"})
    data = {
        "is_public": True,
        "title": "  Hội thảo SXSH ngành thủy sản ",
        "starts_at": timezone.make_aware(dt.datetime(2026, 9, 1, 8)),
    }
    event = public_event_save(activity=activity, actor=doit, data=data)
    assert event.title == "Hội thảo SXSH ngành thủy sản"
    assert event.published_at is not None
    assert event.history.first().history_user == doit


@pytest.mark.django_db
def test_a_frozen_activity_can_still_be_announced(doit, agency_a):
    periods = make_periods()
    activity = ActivityFactory(agency=agency_a, held_on=dt.date(2026, 3, 10))
    PeriodClosure.objects.create(period=periods["2026-H1"], agency=agency_a)
    event = public_event_save(
        activity=activity,
        actor=doit,
        data={"is_public": True, "title": "Lớp tập huấn", "starts_at": timezone.now()},
    )
    assert PublicEvent.objects.published().filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_closing_time_after_the_start_is_refused(doit, agency_a):
    activity = ActivityFactory(agency=agency_a)
    start = timezone.make_aware(dt.datetime(2026, 9, 1, 8))
    with pytest.raises(ValidationError) as exc:
        public_event_save(
            activity=activity,
            actor=doit,
            data={
                "title": "X",
                "starts_at": start,
                "registration_closes_at": start + dt.timedelta(hours=1),
            },
        )
    assert "registration_closes_at" in exc.value.message_dict


@pytest.mark.django_db
def test_upcoming_and_past_split_on_the_end_time():
    now = timezone.now()
    running = PublicEventFactory(
        starts_at=now - dt.timedelta(hours=2), ends_at=now + dt.timedelta(hours=2)
    )
    soon = PublicEventFactory(starts_at=now + dt.timedelta(days=3))
    over = PublicEventFactory(starts_at=now - dt.timedelta(days=3))
    PublicEventFactory(is_public=False, starts_at=now + dt.timedelta(days=1))
    assert list(PublicEvent.objects.upcoming()) == [running, soon]
    assert list(PublicEvent.objects.past()) == [over]


@pytest.mark.django_db
def test_attendance_counts_the_enterprise_as_informed_and_undoing_it_takes_it_back(doit):
    """The informed indicator (reports.indicators) reads the activity's participants: an attended
    registration is counted there, a confirmed one is not."""
    enterprise = EnterpriseFactory(has_sxsh_potential=True)
    event = PublicEventFactory(activity__held_on=dt.date(2026, 3, 10))
    registration = EventRegistrationFactory(event=event, tax_code=enterprise.tax_code)
    as_of = dt.date(2026, 6, 1)

    def informed():
        return enterprise_stage_counts(as_of)[0]["informed"]

    assert informed() == 0
    registration_set_status(registration=registration, status="confirmed", actor=doit)
    assert informed() == 0
    registration = registration_set_status(
        registration=registration, status=RegistrationStatus.ATTENDED, actor=doit
    )
    # matched at attendance time: the enterprise entered the registry after registering
    assert registration.enterprise == enterprise
    assert registration.counted_in_activity
    assert list(event.activity.enterprises.all()) == [enterprise]
    assert informed() == 1
    registration_set_status(registration=registration, status="cancelled", actor=doit)
    assert not event.activity.enterprises.exists()
    assert informed() == 0


@pytest.mark.django_db
def test_undoing_attendance_keeps_an_enterprise_the_agency_listed_itself(doit):
    enterprise = EnterpriseFactory()
    event = PublicEventFactory()
    event.activity.enterprises.add(enterprise)
    registration = EventRegistrationFactory(
        event=event, tax_code=enterprise.tax_code, enterprise=enterprise
    )
    registration = registration_set_status(registration=registration, status="attended", actor=doit)
    assert not registration.counted_in_activity
    registration_set_status(registration=registration, status="confirmed", actor=doit)
    assert list(event.activity.enterprises.all()) == [enterprise]


@pytest.mark.django_db
def test_attendance_on_a_frozen_activity_is_refused(doit, agency_a):
    periods = make_periods()
    enterprise = EnterpriseFactory()
    event = PublicEventFactory(activity__agency=agency_a, activity__held_on=dt.date(2026, 3, 10))
    registration = EventRegistrationFactory(event=event, tax_code=enterprise.tax_code)
    PeriodClosure.objects.create(period=periods["2026-H1"], agency=agency_a)
    with pytest.raises(ValidationError, match="tiếp nhận"):
        registration_set_status(registration=registration, status="attended", actor=doit)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.SUBMITTED
    assert not event.activity.enterprises.exists()


@pytest.mark.django_db
def test_only_doit_changes_a_registration(staff_a):
    registration = EventRegistrationFactory()
    with pytest.raises(PermissionDenied):
        registration_set_status(registration=registration, status="confirmed", actor=staff_a)


@pytest.mark.django_db
def test_an_enterprise_the_agency_listed_can_be_marked_attended_on_a_frozen_activity(
    doit, agency_a
):
    periods = make_periods()
    enterprise = EnterpriseFactory()
    event = PublicEventFactory(activity__agency=agency_a, activity__held_on=dt.date(2026, 3, 10))
    event.activity.enterprises.add(enterprise)
    registration = EventRegistrationFactory(event=event, tax_code=enterprise.tax_code)
    PeriodClosure.objects.create(period=periods["2026-H1"], agency=agency_a)
    registration = registration_set_status(registration=registration, status="attended", actor=doit)
    assert registration.status == RegistrationStatus.ATTENDED
    assert not registration.counted_in_activity
