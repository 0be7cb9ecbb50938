"""Enterprise users: one company (its tax code and branches), fenced to their own pages.

The fence (``accounts.fence``) answers 404 on every internal page not marked for enterprises;
scoping (``accounts.scoping``) gives them their company's registry rows and nothing of agencies.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import Role, is_enterprise_user, primary_role_label
from accounts.scoping import company_of
from assignments.models import Task
from enterprises.models import Assessment, Enterprise, Option
from tests.factories import EnterpriseFactory, OptionFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_enterprise_user_role_and_company(firm, firm_company, doit):
    assert is_enterprise_user(firm)
    assert company_of(firm) == firm_company.tax_code
    assert str(primary_role_label(firm)) == "Doanh nghiệp"
    assert company_of(doit) is None and not is_enterprise_user(doit)


def test_doit_given_the_enterprise_group_by_mistake_is_still_doit(doit):
    from django.contrib.auth.models import Group

    doit.groups.add(Group.objects.get(name=Role.ENTERPRISE_USER))
    doit = type(doit).objects.get(pk=doit.pk)
    assert not is_enterprise_user(doit)
    assert Enterprise.objects.visible_to(doit).count() == Enterprise.objects.count()


def test_enterprise_user_sees_its_company_and_branches_only(firm, firm_company, other_company):
    branch = EnterpriseFactory(tax_code=f"{firm_company.tax_code}-001", name="Chi nhánh Long Xuyên")
    lookalike = EnterpriseFactory(tax_code="1600123461", name="Công ty mã gần giống")
    assert set(Enterprise.objects.visible_to(firm)) == {firm_company, branch}
    assert lookalike not in Enterprise.objects.visible_to(firm)
    mine = OptionFactory(assessment__enterprise=firm_company)
    theirs = OptionFactory(assessment__enterprise=other_company)
    assert list(Option.objects.visible_to(firm)) == [mine]
    assert list(Assessment.objects.visible_to(firm)) == [mine.assessment]
    assert theirs in Option.objects.visible_to(UserFactory())  # agency users read the registry


def test_enterprise_user_sees_no_agency_rows_even_with_an_agency(firm, agency_a):
    TaskFactory(lead_agency=agency_a)
    firm.agency = agency_a
    firm.save()
    firm = type(firm).objects.get(pk=firm.pk)
    assert not Task.objects.visible_to(firm).exists()


def test_deactivated_access_is_no_company(firm, firm_company):
    access = firm.company_access
    access.active = False
    access.save()
    firm = type(firm).objects.get(pk=firm.pk)
    assert company_of(firm) is None
    assert not Enterprise.objects.visible_to(firm).exists()


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("assignments:index", None),
        ("enterprises:index", None),
        ("programs:index", None),
        ("reports:index", None),
        ("dashboards:dashboard", None),
        ("dashboards:agency_dashboard", None),
        ("accounts:audit", None),
        ("enterprises:export", {"fmt": "xlsx"}),
    ],
)
def test_internal_pages_answer_404_to_an_enterprise_user(name, kwargs, firm, client_for):
    response = client_for(firm).get(reverse(name, kwargs=kwargs))
    assert response.status_code == 404


def test_enterprise_pages_of_another_company_answer_404(firm, other_company, client_for):
    url = reverse("enterprises:enterprise_detail", args=[other_company.pk])
    assert client_for(firm).get(url).status_code == 404


def test_home_sends_an_enterprise_user_to_its_company_page(firm, firm_company, client_for):
    client = client_for(firm)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("firms:overview")
    page = client.get(reverse("firms:overview"))
    assert page.status_code == 200
    assert firm_company.name in page.content.decode()


def test_company_pages_answer_404_to_agency_users(staff_a, client_for):
    assert client_for(staff_a).get(reverse("firms:overview")).status_code == 404


def test_password_change_and_logout_stay_open(firm, client_for):
    client = client_for(firm)
    assert client.get(reverse("accounts:password_change")).status_code == 200
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302


@pytest.mark.parametrize("name", ["firms:overview", "firms:options", "firms:report_list"])
def test_company_pages_do_not_grow_queries_with_rows(name, firm, firm_company, client_for):
    """The count stays the same from 1 to 6 options (no query per row)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(firm)
    url = reverse(name)
    OptionFactory(assessment__enterprise=firm_company)
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.status_code == 200 and firm_company.name in response.content.decode()
    for _ in range(5):
        OptionFactory(assessment__enterprise=firm_company)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
