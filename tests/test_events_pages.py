"""Public event pages (anonymous), the registration form's spam guards, the feeds, and DOIT's
registration pages (confirm, attendance, CSV)."""

from __future__ import annotations

import datetime as dt
import time
from unittest import mock

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from assignments.choices import RegistrationStatus
from assignments.models import EventRegistration
from public.throttle import _SALT
from tests.factories import (
    EnterpriseFactory,
    EventRegistrationFactory,
    PublicEventFactory,
    valid_tax_code,
)


def _stamp(seconds_ago=10):
    """The form's signed time stamp as if the form had been shown ``seconds_ago``."""
    with mock.patch("django.core.signing.time.time", return_value=time.time() - seconds_ago):
        return signing.dumps(int(time.time() - seconds_ago), salt=_SALT)


def _post(client, event, **overrides):
    data = {
        "enterprise_name": "Công ty CP Gạch men Hòa Bình",
        "tax_code": valid_tax_code(),
        "contact_name": "Trần Minh Khoa",
        "email": "khoa@gachmen.example",
        "phone": "0296 3841 222",
        "attendees": "2",
        "website": "",
        "stamp": _stamp(),
    }
    data.update(overrides)
    return client.post(reverse("public:event_register", args=[event.pk]), data)


@pytest.mark.django_db
def test_list_shows_upcoming_and_past_public_events_only(client):
    now = timezone.now()
    soon = PublicEventFactory(
        title="Hội thảo tiết kiệm năng lượng", starts_at=now + dt.timedelta(days=5)
    )
    over = PublicEventFactory(title="Lớp tập huấn năm ngoái", starts_at=now - dt.timedelta(days=40))
    PublicEventFactory(title="Bản nháp chưa công khai", is_public=False, published_at=None)
    response = client.get(reverse("public:event_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert soon.title in body and over.title in body
    assert "Bản nháp chưa công khai" not in body
    assert body.index(soon.title) < body.index("Đã diễn ra") < body.index(over.title)
    assert "Đang nhận đăng ký" in body


@pytest.mark.django_db
def test_list_query_count_does_not_grow_with_events(client, django_assert_max_num_queries):
    for i in range(8):
        PublicEventFactory(starts_at=timezone.now() + dt.timedelta(days=i + 1))
        PublicEventFactory(starts_at=timezone.now() - dt.timedelta(days=i + 1))
    # the content version (cache key), upcoming (with seats), past count, past page
    with django_assert_max_num_queries(4):
        assert client.get(reverse("public:event_list")).status_code == 200
    # then from the cache: the content version only
    with django_assert_max_num_queries(1):
        response = client.get(reverse("public:event_list"))
    assert response["X-Public-Cache"] == "hit"


@pytest.mark.django_db
def test_unpublished_event_is_404_for_everyone_on_the_public_site(client):
    event = PublicEventFactory(is_public=False, published_at=None)
    for name in ("public:event_detail", "public:event_registered"):
        assert client.get(reverse(name, args=[event.pk])).status_code == 404
    assert _post(client, event).status_code == 404


@pytest.mark.django_db
def test_registration_lands_with_doit_and_the_visitor_gets_the_thank_you_page(client):
    enterprise = EnterpriseFactory()
    event = PublicEventFactory(capacity=30)
    response = _post(client, event, tax_code=enterprise.tax_code)
    assert response.status_code == 302
    assert response["Location"] == reverse("public:event_registered", args=[event.pk])
    registration = EventRegistration.objects.get()
    assert registration.enterprise == enterprise and registration.attendees == 2
    page = client.get(response["Location"]).content.decode()
    assert "Chúng tôi đã nhận đăng ký" in page
    detail = client.get(reverse("public:event_detail", args=[event.pk])).content.decode()
    assert "28 / 30" in detail  # seats left, never who took them


@pytest.mark.django_db
def test_a_wrong_tax_code_is_shown_on_the_form(client):
    event = PublicEventFactory()
    good = valid_tax_code()
    response = _post(client, event, tax_code=good[:9] + str((int(good[9]) + 1) % 10))
    assert response.status_code == 400
    assert "sai chữ số kiểm tra" in response.content.decode()
    assert not EventRegistration.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        lambda: {"website": "http://spam.example"},  # the honeypot
        lambda: {"stamp": _stamp(seconds_ago=0)},  # faster than a person
        lambda: {"stamp": "forged"},
        lambda: {"stamp": _stamp(seconds_ago=2 * 24 * 3600)},  # a page from two days ago
    ],
    ids=["honeypot", "too-fast", "forged", "stale"],
)
def test_robots_get_the_same_answer_and_nothing_is_saved(client, overrides):
    event = PublicEventFactory()
    response = _post(client, event, **overrides())
    assert response.status_code == 302
    assert response["Location"] == reverse("public:event_registered", args=[event.pk])
    assert not EventRegistration.objects.exists()


@pytest.mark.django_db
def test_posts_past_the_rate_limit_are_dropped_silently(client):
    event = PublicEventFactory()
    for _ in range(5):
        assert _post(client, event).status_code == 302
    assert EventRegistration.objects.count() == 5
    response = _post(client, event)
    assert response["Location"] == reverse("public:event_registered", args=[event.pk])
    assert EventRegistration.objects.count() == 5


@pytest.mark.django_db
def test_a_duplicate_gets_the_same_answer(client):
    event = PublicEventFactory()
    code = valid_tax_code()
    first, second = _post(client, event, tax_code=code), _post(client, event, tax_code=code)
    assert first["Location"] == second["Location"]
    assert EventRegistration.objects.count() == 1


@pytest.mark.django_db
def test_closed_and_full_events_show_no_form_and_refuse_posts(client):
    closed = PublicEventFactory(registration_closes_at=timezone.now() - dt.timedelta(hours=1))
    full = PublicEventFactory(capacity=1)
    EventRegistrationFactory(event=full)
    for event, text in ((closed, "Đã hết hạn đăng ký"), (full, "đã đủ số chỗ")):
        page = client.get(reverse("public:event_detail", args=[event.pk])).content.decode()
        assert text in page
        assert "Gửi đăng ký" not in page
        response = _post(client, event)
        assert response.status_code == 400
    assert EventRegistration.objects.count() == 1


@pytest.mark.django_db
def test_registrants_contact_and_tax_code_never_appear_publicly(client):
    event = PublicEventFactory()
    r = EventRegistrationFactory(
        event=event, email="secret-contact@firm.example", phone="0911 000 999"
    )
    urls = [
        reverse("public:event_list"),
        reverse("public:event_detail", args=[event.pk]),
        reverse("public:event_registered", args=[event.pk]),
        reverse("public:events_rss"),
        reverse("public:events_atom"),
    ]
    for url in urls:
        body = client.get(url).content.decode()
        for secret in (r.email, r.phone, r.tax_code, r.contact_name, r.enterprise_name):
            assert secret not in body, (url, secret)


@pytest.mark.django_db
def test_feeds_list_published_events(client):
    event = PublicEventFactory(title="Chiến dịch truyền thông SXSH 2026")
    PublicEventFactory(title="Chưa công khai", is_public=False, published_at=None)
    rss = client.get(reverse("public:events_rss"))
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    atom = client.get(reverse("public:events_atom"))
    assert atom["Content-Type"].startswith("application/atom+xml")
    for response in (rss, atom):
        body = response.content.decode()
        assert event.title in body and "Chưa công khai" not in body
        assert reverse("public:event_detail", args=[event.pk]) in body


@pytest.mark.django_db
def test_doit_sees_registrations_confirms_and_marks_attendance(client_for, doit):
    enterprise = EnterpriseFactory(has_sxsh_potential=True)
    event = PublicEventFactory()
    r = EventRegistrationFactory(event=event, tax_code=enterprise.tax_code, enterprise=enterprise)
    client = client_for(doit)
    page = client.get(reverse("public:manage_event", args=[event.pk])).content.decode()
    assert r.email in page and r.enterprise_name in page
    url = reverse("public:manage_registration_status", args=[r.pk])
    response = client.post(url, {"status": "attended"})
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.status == RegistrationStatus.ATTENDED
    assert list(event.activity.enterprises.all()) == [enterprise]
    listing = client.get(reverse("public:manage_events")).content.decode()
    assert event.title in listing


@pytest.mark.django_db
def test_registrations_csv_is_formula_safe(client_for, doit):
    event = PublicEventFactory()
    EventRegistrationFactory(
        event=event, enterprise_name='=HYPERLINK("http://x")', phone="+84 296 1"
    )
    response = client_for(doit).get(reverse("public:manage_registrations_csv", args=[event.pk]))
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body and "'+84 296 1" in body
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.django_db
def test_doit_announces_an_activity_from_the_portal(client_for, doit, agency_a):
    from tests.factories import ActivityFactory

    activity = ActivityFactory(
        agency=agency_a,
        held_on=timezone.localdate() + dt.timedelta(days=20),
        title="Lớp tập huấn ngành dệt",
    )
    client = client_for(doit)
    page = client.get(reverse("public:manage_events")).content.decode()
    assert activity.title in page
    url = reverse("public:manage_event_new", args=[activity.pk])
    form = client.get(url)
    assert form.status_code == 200 and "Lớp tập huấn ngành dệt" in form.content.decode()
    start = (timezone.localdate() + dt.timedelta(days=20)).strftime("%Y-%m-%dT08:00")
    response = client.post(url, {
        "is_public": "on", "title": "Tập huấn SXSH cho doanh nghiệp dệt may", "summary": "",
        "place": "Hội trường", "starts_at": start, "ends_at": "", "registration_open": "on",
        "registration_closes_at": "", "capacity": "40",
    })  # fmt: skip
    assert response.status_code == 302
    event = activity.public_event
    assert event.is_public and event.capacity == 40
    public = client.get(reverse("public:event_list")).content.decode()
    assert "Tập huấn SXSH cho doanh nghiệp dệt may" in public


@pytest.mark.django_db
def test_taking_an_event_off_the_site_removes_it_at_once_cache_included(client, doit):
    from assignments.events import public_event_save

    event = PublicEventFactory(title="Hội thảo sẽ bị gỡ")
    url = reverse("public:event_detail", args=[event.pk])
    assert client.get(url).status_code == 200
    assert "Hội thảo sẽ bị gỡ" in client.get(reverse("public:event_list")).content.decode()
    assert client.get(url)["X-Public-Cache"] == "hit"
    public_event_save(activity=event.activity, actor=doit, data={"is_public": False})
    assert client.get(url).status_code == 404
    assert "Hội thảo sẽ bị gỡ" not in client.get(reverse("public:event_list")).content.decode()


@pytest.mark.django_db
def test_the_public_home_lists_the_next_published_events(client):
    soon = PublicEventFactory(title="Hội thảo nhân rộng mô hình SXSH ngành thủy sản")
    PublicEventFactory(title="Lớp tập huấn chưa công bố", is_public=False, published_at=None)
    page = client.get("/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Sự kiện sắp tới" in body
    assert "Hội thảo nhân rộng mô hình SXSH ngành thủy sản" in body
    assert reverse("public:event_detail", args=[soon.pk]) in body
    assert "Lớp tập huấn chưa công bố" not in body
