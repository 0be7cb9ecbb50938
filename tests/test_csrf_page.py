"""A form refused by the CSRF check (an old page, an expired session) gets the portal's
Vietnamese page, not Django's English "CSRF verification failed" (``CSRF_FAILURE_VIEW``)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from assignments.models import ProgressUpdate
from tests.factories import TaskFactory, make_periods

pytestmark = pytest.mark.django_db


def test_a_signed_in_post_without_a_valid_token_gets_the_vietnamese_page(staff_a, settings):
    assert settings.DEBUG is False
    period = make_periods()["2026-H1"]
    task = TaskFactory(lead_agency=staff_a.agency)
    c = Client(enforce_csrf_checks=True)
    c.force_login(staff_a)

    response = c.post(
        reverse("assignments:progress_create", args=[task.pk]),
        {"period": period.pk, "status": "in_progress", "percent": 10, "narrative": "Thử"},
    )

    assert response.status_code == 403
    page = response.content.decode()
    assert '<html lang="vi">' in page
    assert "Không gửi được biểu mẫu" in page
    assert "Hãy tải lại trang, nhập lại và gửi lần nữa." in page
    assert "CSRF verification failed" not in page
    assert f'href="{reverse("home")}"' in page
    assert "no-store" in response["Cache-Control"]
    assert not ProgressUpdate.objects.exists()


def test_an_anonymous_login_post_from_an_old_page_is_sent_back_to_sign_in(staff_a):
    c = Client(enforce_csrf_checks=True)
    response = c.post(
        reverse("accounts:login"), {"username": staff_a.username, "password": "x" * 12}
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "Dữ liệu chưa được lưu." in page
    assert f'href="{reverse("accounts:login")}"' in page
    assert "_auth_user_id" not in c.session


def test_the_page_is_in_english_for_a_user_who_chose_english(staff_a, settings):
    c = Client(enforce_csrf_checks=True)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    c.force_login(staff_a)
    response = c.post(reverse("accounts:password_change"), {})
    assert response.status_code == 403
    assert '<html lang="en">' in response.content.decode()
    assert "The form could not be sent" in response.content.decode()
