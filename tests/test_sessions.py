"""Login throttling, session expiry, logout, disabled users, and the Content-Security-Policy."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from tests.redirects import login_url

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-thu-2026"  # tests.factories.UserFactory


def _login(client, username, password):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, follow=True
    )


def test_repeated_wrong_passwords_lock_the_login_even_for_the_right_one(staff_a):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _login(client, staff_a.username, "sai-mat-khau")
    assert "Tài khoản tạm thời bị khóa" in response.content.decode()
    response = _login(client, staff_a.username, PASSWORD)
    assert "Tài khoản tạm thời bị khóa" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_one_wrong_password_does_not_lock(staff_a):
    client = Client()
    _login(client, staff_a.username, "sai-mat-khau")
    response = _login(client, staff_a.username, PASSWORD)
    assert "Tài khoản tạm thời bị khóa" not in response.content.decode()
    assert client.session["_auth_user_id"] == str(staff_a.pk)


def test_sessions_slide_and_expire_after_inactivity():
    assert "accounts.middleware.SlidingSessionMiddleware" in settings.MIDDLEWARE
    assert 0 < settings.SESSION_REFRESH_SECONDS <= 5 * 60
    assert 5 * 60 <= settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_ENGINE in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    )  # shared by every app server (see tests/test_scaleout.py)


def test_a_session_expires_server_side_after_the_idle_age(settings, staff_a):
    settings.SESSION_COOKIE_AGE = 1
    client = Client()
    client.force_login(staff_a)
    from django.contrib.sessions.models import Session

    Session.objects.update(expire_date="2000-01-01T00:00:00Z")
    tasks = reverse("assignments:index")
    assertRedirects(client.get(tasks), login_url(tasks))


def test_logout_invalidates_the_old_session_cookie(staff_a):
    client = Client()
    assert _login(client, staff_a.username, PASSWORD).status_code == 200
    old_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get(reverse("assignments:index")).status_code == 200
    client.post(reverse("accounts:logout"))
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_cookie
    tasks = reverse("assignments:index")
    assertRedirects(replay.get(tasks), login_url(tasks))


def test_a_disabled_user_is_logged_out_on_the_next_request(staff_a):
    client = Client()
    client.force_login(staff_a)
    assert client.get(reverse("assignments:index")).status_code == 200
    staff_a.is_active = False
    staff_a.save()
    tasks = reverse("assignments:index")
    assertRedirects(client.get(tasks), login_url(tasks))


def test_a_password_change_elsewhere_ends_other_sessions(staff_a):
    client = Client()
    client.force_login(staff_a)
    staff_a.set_password("Mat-khau-moi-2026!")
    staff_a.save()
    tasks = reverse("assignments:index")
    assertRedirects(client.get(tasks), login_url(tasks))


def test_every_page_has_a_strict_csp_with_a_fresh_script_nonce(client_for, staff_a):
    client = client_for(staff_a)
    first = client.get(reverse("assignments:index"))
    second = client.get(reverse("assignments:index"))
    policies = [first["Content-Security-Policy"], second["Content-Security-Policy"]]
    nonces = []
    for policy in policies:
        directives = dict(
            (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip()
        )
        script = directives["script-src"]
        assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script
        nonce = re.search(r"'nonce-([^']+)'", script)
        assert nonce, script
        nonces.append(nonce.group(1))
        assert "'unsafe-inline'" not in directives.get("style-src", "")
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"
    assert nonces[0] != nonces[1]
    html = first.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert f'nonce="{nonces[0]}"' in tag, tag


def test_the_login_page_has_the_csp_too(client):
    response = client.get(reverse("accounts:login"))
    assert "script-src" in response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def _expiry(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def test_a_session_slides_without_a_write_on_every_page(staff_a, time_machine):
    """Each request keeps the session alive, but it is saved at most once a refresh interval."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    time_machine.move_to(dt.datetime(2027, 1, 15, 8, 0, tzinfo=dt.UTC), tick=False)
    client = Client()
    assert _login(client, staff_a.username, PASSWORD).status_code == 200
    url = reverse("assignments:index")
    client.get(url)  # the first page after login stamps the session
    first = _expiry(client).expire_date

    time_machine.shift(settings.SESSION_REFRESH_SECONDS - 1)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    assert not [q for q in ctx.captured_queries if q["sql"].startswith("UPDATE")]
    assert _expiry(client).expire_date == first

    time_machine.shift(1)  # the interval has passed: this request saves it with a new expiry
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    assert [q for q in ctx.captured_queries if 'UPDATE "django_session"' in q["sql"]]
    assert _expiry(client).expire_date > first


def test_an_anonymous_visit_creates_no_session():
    client = Client()
    client.get(reverse("accounts:login"))
    assert settings.SESSION_COOKIE_NAME not in client.cookies
