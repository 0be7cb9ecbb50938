"""Enterprise accounts: DOIT's invitation (one-time, expiring link), the public access request
(same answer whether or not the tax code is registered, honeypot, rate limit), approval after
checking the registry, and turning a company's access off in one action."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.roles import is_enterprise_user
from accounts.scoping import company_of
from enterprises import access
from enterprises.choices import AccessRequestStatus
from enterprises.models import AccessRequest, CompanyAccess
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Sach-hon-2026-xanh"


def _link(message) -> str:
    """The invitation's path (the host is PORTAL_BASE_URL, empty in tests)."""
    return re.search(r"/tai-khoan/kich-hoat/\S+/", message.body).group(0)


def _invite(client_for, doit, tax_code, email="mai@thuysanxanh.vn"):
    data = {"tax_code": tax_code, "full_name": "Nguyễn Thị Mai", "email": email}
    return client_for(doit).post(reverse("enterprises:access_invite"), data)


def test_doit_invites_and_the_link_sets_a_password_once(
    firm_company, doit, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client_for, doit, firm_company.tax_code)
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["mai@thuysanxanh.vn"]
    assert firm_company.name in mail.outbox[0].body
    user = CompanyAccess.objects.get(tax_code=firm_company.tax_code).user
    assert not user.has_usable_password() and is_enterprise_user(user)
    link = _link(mail.outbox[0])
    browser = Client()
    form_page = browser.get(link, follow=True)
    assert form_page.status_code == 200 and "mai@thuysanxanh.vn" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = browser.post(set_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("accounts:invitation_done")
    signed_in = browser.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert signed_in.status_code == 302 and signed_in["Location"] == reverse("home")
    # the same link a second time: refused
    again = Client().get(link, follow=True)
    assert "không còn dùng được" in again.content.decode()


def test_invitation_link_expires(firm_company, doit, django_capture_on_commit_callbacks, settings):
    with django_capture_on_commit_callbacks(execute=True):
        access.company_invite(
            tax_code=firm_company.tax_code, email="a@b.vn", full_name="An", actor=doit
        )
    link = _link(mail.outbox[0])
    with time_machine.travel(settings.PASSWORD_RESET_TIMEOUT + 3600 + __import__("time").time()):
        page = Client().get(link, follow=True)
    assert "không còn dùng được" in page.content.decode()


def test_invite_refuses_a_tax_code_not_in_the_registry(doit, client_for):
    response = client_for(doit).post(
        reverse("enterprises:access_invite"),
        {"tax_code": "1600987654", "full_name": "X", "email": "x@y.vn"},
        follow=True,
    )
    assert "chưa có trong danh sách cơ sở" in response.content.decode()
    assert not CompanyAccess.objects.exists()


def test_invite_is_doit_only(firm_company, staff_a, client_for):
    response = client_for(staff_a).post(
        reverse("enterprises:access_invite"),
        {"tax_code": firm_company.tax_code, "full_name": "X", "email": "x@y.vn"},
    )
    assert response.status_code == 403
    assert client_for(staff_a).get(reverse("enterprises:access_admin")).status_code == 403


def _request(client, tax_code, **extra):
    data = {
        "tax_code": tax_code,
        "company_name": "Công ty CP Thủy sản Xanh",
        "contact_name": "Nguyễn Thị Mai",
        "email": "mai@thuysanxanh.vn",
        **extra,
    }
    return client.post(reverse("enterprises:access_request"), data)


def _answer(response) -> str:
    body = response.content.decode()
    return re.sub(r"\s+", " ", body[body.index("<main") : body.index("</main>")])


def test_request_answers_the_same_whether_or_not_the_tax_code_is_registered(firm_company):
    registered = _request(Client(), firm_company.tax_code)
    unknown = _request(Client(), "1600987654")
    assert registered.status_code == unknown.status_code == 200
    assert "Nếu mã số thuế này có trong danh sách" in _answer(registered)
    assert _answer(registered) == _answer(unknown)
    assert AccessRequest.objects.count() == 2


def test_request_with_a_bad_check_digit_is_refused_on_the_form(db):
    response = _request(Client(), "1600987655")
    assert response.status_code == 200 and "sai chữ số kiểm tra" in response.content.decode()
    assert not AccessRequest.objects.exists()


def test_honeypot_request_is_dropped_with_the_same_answer(firm_company):
    response = _request(Client(), firm_company.tax_code, website="http://spam.example")
    assert "Nếu mã số thuế này có trong danh sách" in response.content.decode()
    assert not AccessRequest.objects.exists()


def test_requests_are_rate_limited_per_address(firm_company, settings):
    settings.ENTERPRISE_REQUESTS_PER_HOUR = 2
    client = Client()
    assert _request(client, firm_company.tax_code).status_code == 200
    assert _request(client, "1600987654").status_code == 200
    limited = _request(client, firm_company.tax_code)
    assert limited.status_code == 429 and "Quá nhiều đề nghị" in limited.content.decode()
    assert AccessRequest.objects.count() == 2


def test_doit_sees_the_registry_beside_a_request_and_approves_it(
    firm_company, doit, client_for, django_capture_on_commit_callbacks
):
    _request(Client(), firm_company.tax_code)
    _request(Client(), "1600987654")
    client = client_for(doit)
    page = client.get(reverse("enterprises:access_admin")).content.decode()
    assert firm_company.name in page and "Mã số thuế không có trong danh sách" in page
    mine = AccessRequest.objects.get(tax_code=firm_company.tax_code)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("enterprises:access_request_decide", args=[mine.pk, "duyet"]))
    mine.refresh_from_db()
    assert mine.status == AccessRequestStatus.APPROVED and mine.decided_by == doit
    access_row = CompanyAccess.objects.get(tax_code=firm_company.tax_code)
    assert access_row.user.email == "mai@thuysanxanh.vn" and len(mail.outbox) == 1


def test_several_users_per_company_and_one_action_turns_them_off(
    firm, firm_company, doit, client_for
):
    second = access.company_invite(
        tax_code=firm_company.tax_code,
        email="ke-toan@thuysanxanh.vn",
        full_name="Lê Văn B",
        actor=doit,
    ).user
    assert CompanyAccess.objects.of_company(firm_company.tax_code).count() == 2
    firm_client = client_for(firm)
    assert firm_client.get(reverse("firms:overview")).status_code == 200
    response = client_for(doit).post(
        reverse("enterprises:company_access_toggle", args=[firm_company.tax_code]), {"active": "0"}
    )
    assert response.status_code == 302
    for user in (firm, second):
        user.refresh_from_db()
        assert not user.is_active
        assert company_of(type(user).objects.get(pk=user.pk)) is None
    # the open session ends
    assert firm_client.get(reverse("firms:overview")).status_code == 302
    client_for(doit).post(
        reverse("enterprises:company_access_toggle", args=[firm_company.tax_code]), {"active": "1"}
    )
    firm.refresh_from_db()
    assert firm.is_active


def test_branch_tax_code_invites_to_the_company(firm_company, doit):
    branch = EnterpriseFactory(tax_code=f"{firm_company.tax_code}-002", name="Chi nhánh Châu Đốc")
    invitation = access.company_invite(
        tax_code=branch.tax_code, email="cn@thuysanxanh.vn", full_name="C", actor=doit
    )
    assert invitation.user.company_access.tax_code == firm_company.tax_code
