"""Login everywhere, scoping to the user's agency (404 outside), the role-aware shell."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from accounts.models import User
from accounts.scoping import get_visible_or_404
from assignments.choices import ActivityKind
from assignments.models import Activity
from programs.models import ReportingPeriod, ReportingRegime
from reports.models import AgencyReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def period():
    regime = ReportingRegime.objects.get(code="nd09-2019")
    return ReportingPeriod.objects.create(
        regime=regime,
        key="2026-H1",
        kind="h1",
        year=2026,
        starts_on=dt.date(2025, 12, 15),
        ends_on=dt.date(2026, 6, 14),
        due_on=dt.date(2026, 6, 19),
    )


@pytest.fixture
def report_a(agency_a, period):
    return AgencyReport.objects.create(agency=agency_a, period=period)


@pytest.fixture
def activity_a(agency_a, staff_a):
    return Activity.objects.create(
        agency=agency_a,
        kind=ActivityKind.TRAINING,
        title="Tập huấn SXSH",
        held_on=dt.date(2026, 3, 1),
        author=staff_a,
    )


@pytest.mark.parametrize(
    "name",
    [
        "programs:index",
        "assignments:index",
        "enterprises:index",
        "reports:index",
        "accounts:profile",
    ],
)
def test_anonymous_is_sent_to_login(client, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert f"next={url}" in response["Location"]


def test_anonymous_gets_login_page_and_static_files(client):
    login = client.get(reverse("accounts:login"))
    assert login.status_code == 200
    assert "Đăng nhập hệ thống" in login.content.decode()
    css = client.get("/static/css/portal.css")
    assert css.status_code == 200


def test_wrong_password_shows_vietnamese_error_and_no_session(client, staff_a):
    response = client.post(
        reverse("accounts:login"), {"username": staff_a.username, "password": "sai-mat-khau"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "tên đăng nhập và mật khẩu" in response.content.decode().lower()


def test_login_with_right_password_lands_on_home(client, staff_a):
    response = client.post(
        reverse("accounts:login"), {"username": staff_a.username, "password": "Mat-khau-thu-2026"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_a.pk)


def test_logout_is_a_post_and_ends_the_session(client_for, staff_a):
    c = client_for(staff_a)
    assert c.get(reverse("accounts:logout")).status_code == 405
    c.post(reverse("accounts:logout"))
    assert c.get(reverse("accounts:profile")).status_code == 302


def test_agency_b_cannot_see_agency_a_report(client_for, staff_b, report_a):
    assert not AgencyReport.objects.visible_to(staff_b).filter(pk=report_a.pk).exists()
    with pytest.raises(Http404):
        get_visible_or_404(AgencyReport, staff_b, pk=report_a.pk)
    response = client_for(staff_b).get(reverse("reports:report_detail", args=[report_a.pk]))
    assert response.status_code == 404


def test_agency_a_sees_its_own_report_and_doit_sees_all(staff_a, doit, leader, report_a):
    assert get_visible_or_404(AgencyReport, staff_a, pk=report_a.pk) == report_a
    assert AgencyReport.objects.visible_to(doit).filter(pk=report_a.pk).exists()
    assert AgencyReport.objects.visible_to(leader).filter(pk=report_a.pk).exists()


def test_agency_b_cannot_see_agency_a_activity(staff_b, staff_a, activity_a):
    assert list(Activity.objects.visible_to(staff_a)) == [activity_a]
    assert list(Activity.objects.visible_to(staff_b)) == []


def test_inactive_or_agencyless_user_sees_nothing(staff_a, activity_a, agency_a):
    staff_a.is_active = False
    assert Activity.objects.visible_to(staff_a).count() == 0
    orphan = User.objects.create(username="orphan")
    assert Activity.objects.visible_to(orphan).count() == 0


def test_a_non_admin_user_must_belong_to_an_agency():
    with pytest.raises(ValidationError) as exc:
        User(username="x").clean()
    assert "agency" in exc.value.message_dict


def test_shell_shows_name_agency_and_role(client_for, staff_a):
    html = client_for(staff_a).get(reverse("programs:index")).content.decode()
    assert "Minh" in html and "SNNMT" in html and "Cán bộ đơn vị" in html
    for label in ("Tổng quan", "Văn bản", "Nhiệm vụ", "Doanh nghiệp", "Báo cáo"):
        assert f">{label}</a>" in html


def test_admin_link_only_for_admins(client_for, staff_a, doit, admin_user):
    admin_href = f'href="{reverse("admin:index")}"'
    assert admin_href not in client_for(staff_a).get(reverse("programs:index")).content.decode()
    assert admin_href not in client_for(doit).get(reverse("programs:index")).content.decode()
    assert admin_href in client_for(admin_user).get(reverse("programs:index")).content.decode()


def test_role_label_for_each_persona(client_for, doit, lead_a, leader):
    assert (
        "Chuyên viên Sở Công Thương"
        in client_for(doit).get(reverse("accounts:profile")).content.decode()
    )
    assert "Lãnh đạo đơn vị" in client_for(lead_a).get(reverse("accounts:profile")).content.decode()
    assert (
        "Lãnh đạo UBND / Bộ Công Thương"
        in client_for(leader).get(reverse("accounts:profile")).content.decode()
    )


def test_home_shows_doit_the_province_dashboard_and_agency_users_theirs(
    client_for, doit, leader, staff_a, db
):
    """Rendered at "/" itself (no redirect): one round trip for the page after login."""
    for user, template in (
        (doit, "reports/dashboard.html"),
        (leader, "reports/dashboard.html"),
        (staff_a, "reports/agency_dashboard.html"),
    ):
        response = client_for(user).get(reverse("home"))
        assert response.status_code == 200
        assert template in [t.name for t in response.templates]
    assert response.context["agency"] == staff_a.agency


def test_home_without_an_agency_shows_the_empty_overview(client_for, db):
    from tests.factories import UserFactory

    response = client_for(UserFactory(agency=None)).get(reverse("home"))
    assert response.status_code == 200
    assert "Chưa có bảng điều khiển" in response.content.decode()


def test_admin_is_refused_to_non_staff(client_for, doit):
    response = client_for(doit).get(reverse("admin:index"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_admin_lists_agencies_and_users_in_vietnamese(client_for, admin_user, agency_a):
    c = client_for(admin_user)
    agencies = c.get(reverse("admin:accounts_agency_changelist") + "?q=nong+nghiep")
    assert agencies.status_code == 200
    assert "Sở Nông nghiệp và Môi trường" in agencies.content.decode()
    users = c.get(reverse("admin:accounts_user_changelist"))
    assert users.status_code == 200
    assert "người dùng" in users.content.decode().lower()


def test_language_switch_to_english_works_on_login_page(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("accounts:login")}
    )
    assert response.status_code == 302
    page = client.get(reverse("accounts:login"))
    assert '<html lang="en">' in page.content.decode()


def test_interface_is_vietnamese_even_when_the_browser_asks_for_english(client):
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in page.content.decode()


def test_full_name_in_vietnamese_order(staff_a):
    assert staff_a.get_full_name() == "Lê Văn Minh"


def test_every_page_sends_a_csp_with_script_nonce(client_for, staff_a):
    response = client_for(staff_a).get(reverse("programs:index"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp
    assert "unsafe-inline" not in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


def test_sessions_expire_after_inactivity(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert "accounts.middleware.SlidingSessionMiddleware" in settings.MIDDLEWARE


def test_change_history_records_the_actor(client_for, admin_user, agency_a):
    c = client_for(admin_user)
    url = reverse("admin:accounts_agency_change", args=[agency_a.pk])
    response = c.post(
        url,
        {
            "name": agency_a.name,
            "short_name": "SNN&MT",
            "kind": agency_a.kind,
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "aliases-MIN_NUM_FORMS": "0",
            "aliases-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = agency_a.history.first()
    assert latest.short_name == "SNN&MT"
    assert latest.history_user == admin_user
