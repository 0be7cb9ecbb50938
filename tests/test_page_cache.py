"""Signed-in pages kept between writes (``accounts.pagecache``): a hit answers as the view would
have — this user's page, a valid CSRF token, fresh one-time form tokens, this response's CSP
nonce — and any write shows on the next request."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from accounts.models import FormToken
from assignments.models import ProgressUpdate
from tests.factories import TaskFactory, make_periods
from tests.test_form_tokens import ALREADY, messages_of, progress_payload, token_of


@pytest.fixture
def periods(db):
    return make_periods()


@pytest.fixture
def task_a(periods, agency_a):
    return TaskFactory(
        lead_agency=agency_a,
        due_on=dt.date(2026, 12, 31),
        text="Tổ chức tập huấn SXSH cho cơ sở chế biến thủy sản.",
    )


@pytest.fixture
def task_b(periods, agency_b):
    return TaskFactory(
        lead_agency=agency_b,
        due_on=dt.date(2026, 12, 31),
        text="Khảo sát nhu cầu áp dụng SXSH trong khu công nghiệp.",
    )


def test_a_second_visit_is_kept_and_a_write_shows_at_once(
    client_for, staff_a, task_a, periods, django_assert_num_queries
):
    client = client_for(staff_a)
    url = reverse("assignments:index")
    first = client.get(url)
    assert first.status_code == 200 and task_a.text[:40] in first.content.decode()
    # session, user, the user's roles, the data version: the view did not run
    with django_assert_num_queries(4):
        kept = client.get(url)
    assert kept.status_code == 200 and task_a.text[:40] in kept.content.decode()

    page = reverse("assignments:task_detail", args=[task_a.pk])
    post = reverse("assignments:progress_create", args=[task_a.pk])
    data = progress_payload(periods["2026-H1"], token_of(client.get(page), post), percent=65)
    assert client.post(post, data).status_code == 302
    assert ProgressUpdate.objects.filter(task=task_a, percent=65).exists()

    after = client.get(url).content.decode()
    assert "65" in re.search(r"Tổ chức tập huấn SXSH.*?</tr>", after, re.S).group(0)


def test_each_user_is_served_their_own_page(client_for, staff_a, staff_b, task_a, task_b):
    url = reverse("assignments:index")
    for _ in range(2):  # the second round is served from the cache
        page_a = client_for(staff_a).get(url).content.decode()
        page_b = client_for(staff_b).get(url).content.decode()
        assert task_a.text[:40] in page_a and task_b.text[:40] not in page_a
        assert task_b.text[:40] in page_b and task_a.text[:40] not in page_b


def test_a_kept_page_carries_this_requests_csrf_token_and_csp_nonce(client_for, staff_a, task_a):
    client = client_for(staff_a)
    url = reverse("assignments:index")
    client.get(url)
    kept = client.get(url)
    body = kept.content.decode()
    assert "pagecache" not in body  # no placeholder left
    nonce = re.search(r'<script[^>]+nonce="([^"]+)"', body).group(1)
    assert f"'nonce-{nonce}'" in kept["Content-Security-Policy"]
    assert nonce != re.search(r'nonce="([^"]+)"', client.get(url).content.decode()).group(1)
    # the logout form of the kept page passes Django's CSRF check
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    client.handler.enforce_csrf_checks = True
    out = client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token})
    assert out.status_code == 302
    assert "_auth_user_id" not in client.session


def test_one_time_form_tokens_are_fresh_on_a_kept_page(client_for, staff_a, task_a, periods):
    client = client_for(staff_a)
    page = reverse("assignments:task_detail", args=[task_a.pk])
    post = reverse("assignments:progress_create", args=[task_a.pk])
    client.get(page)
    first, second = token_of(client.get(page), post), token_of(client.get(page), post)
    assert first != second and "pagecache" not in first

    saved = client.post(post, progress_payload(periods["2026-H1"], first))
    assert saved.status_code == 302
    again = client.post(post, progress_payload(periods["2026-H1"], first), follow=True)
    assert ALREADY in messages_of(again)
    assert ProgressUpdate.objects.filter(task=task_a).count() == 1
    assert FormToken.objects.filter(token=first).exists()
    assert not FormToken.objects.filter(token=second).exists()


def test_a_page_with_a_message_is_neither_served_from_nor_kept(
    client_for, staff_a, task_a, periods
):
    client = client_for(staff_a)
    page = reverse("assignments:task_detail", args=[task_a.pk])
    post = reverse("assignments:progress_create", args=[task_a.pk])
    client.get(page)
    data = progress_payload(periods["2026-H1"], token_of(client.get(page), post))
    shown = client.post(post, data, follow=True)
    notice = str(list(shown.context["messages"])[0])
    assert notice in shown.content.decode()
    assert notice not in client.get(page).content.decode()  # shown once, not kept


def test_turned_off_with_zero_seconds(client_for, staff_a, task_a, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = 0
    client = client_for(staff_a)
    url = reverse("assignments:index")
    client.get(url)
    with CaptureQueriesContext(connection) as ran:
        response = client.get(url)
    assert response.status_code == 200 and task_a.text[:40] in response.content.decode()
    assert len(ran) > 5  # the view's own queries: computed again


@pytest.mark.parametrize(("adds_message", "rendered"), [(False, 1), (True, 2)])
def test_a_page_that_adds_a_message_while_rendering_is_not_kept(
    rf, staff_a, adds_message, rendered
):
    from django.contrib import messages
    from django.contrib.messages.storage import default_storage
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpResponse

    from accounts.pagecache import cached_page

    calls = []

    @cached_page
    def view(request):
        calls.append(request)
        if adds_message:
            messages.info(request, "Đã áp dụng bộ lọc đã lưu.")
        return HttpResponse("<p>Danh sách nhiệm vụ</p>")

    for _ in range(2):
        request = rf.get("/nhiem-vu/")
        request.user = staff_a
        request.session = SessionStore()
        request._messages = default_storage(request)
        assert view(request).content.decode() == "<p>Danh sách nhiệm vụ</p>"
    assert len(calls) == rendered
