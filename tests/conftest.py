"""Named personas shared by the whole suite (after healthchecks' alice/bob/charlie).

- ``doit``: Chị Lan, DOIT reviewer at Sở Công Thương
- ``staff_a`` / ``lead_a``: staff and head of agency A (Sở Nông nghiệp và Môi trường)
- ``staff_b``: staff of agency B (Đài Phát thanh và Truyền hình)
- ``leader``: a provincial leader (UBND tỉnh), read-only
- ``firm``: Chị Mai, contact of Công ty CP Thủy sản Xanh (an enterprise user, fenced to /co-so/);
  ``firm_company`` is its facility, ``other_company`` another enterprise it must never see
- anonymous: the pytest-django ``client`` fixture, not logged in
"""

from __future__ import annotations

import os

import pytest

from accounts.roles import Role
from tests.browser import browser, page_for, shot  # noqa: F401 -- one session browser for all modules
from tests.factories import AgencyFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from that
# thread are safe here because the live server runs in its own thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    ):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the dashboards' keys hold the data version (max ids),
    and SQLite reuses ids after a test's rollback, so another test's page could match."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _interface_language():
    """Each test starts, and leaves the thread, in the interface language (Vietnamese). A request
    in English (the language switch, the English catalogue's tests) leaves English active in the
    test thread, and the next test's gettext, forms and templates would speak English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _migration_data(request):
    """Transactional tests (browser journeys, live servers, threads) flush the database after
    themselves, and with it the rows data migrations made: the four role groups and the default
    reporting regime. They are re-made, idempotently, before such a test and its personas."""
    if not _is_transactional(request):
        return
    request.getfixturevalue("transactional_db")
    import importlib

    from django.apps import apps

    importlib.import_module("accounts.migrations.0003_create_role_groups").create_groups(apps, None)
    importlib.import_module("accounts.migrations.0006_enterprise_user_group").create_group(
        apps, None
    )
    importlib.import_module("plans.migrations.0001_annual_plan").create_appraiser_group(apps, None)
    importlib.import_module("programs.migrations.0002_default_reporting_regime").create_default(
        apps, None
    )


@pytest.fixture
def no_page_cache(settings):
    """The view computes every page (``accounts.pagecache`` off): for tests that count the
    queries of the computation or read ``response.context`` of a repeated request."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def doit_agency(db):
    return AgencyFactory(name="Sở Công Thương", short_name="SCT", is_doit=True)


@pytest.fixture
def agency_a(db):
    return AgencyFactory(name="Sở Nông nghiệp và Môi trường", short_name="SNNMT")


@pytest.fixture
def agency_b(db):
    return AgencyFactory(name="Đài Phát thanh và Truyền hình", short_name="ĐPTTH")


@pytest.fixture
def province_agency(db):
    return AgencyFactory(name="UBND tỉnh", short_name="UBND", kind="province_committee")


@pytest.fixture
def doit(doit_agency):
    return UserFactory(
        username="lan_sct",
        first_name="Lan",
        last_name="Trần Thị",
        agency=doit_agency,
        roles=[Role.DOIT_REVIEWER],
    )


@pytest.fixture
def staff_a(agency_a):
    return UserFactory(
        username="minh_a",
        first_name="Minh",
        last_name="Lê Văn",
        agency=agency_a,
        roles=[Role.AGENCY_STAFF],
    )


@pytest.fixture
def lead_a(agency_a):
    return UserFactory(
        username="hoa_a",
        first_name="Hoa",
        last_name="Phạm Thị",
        agency=agency_a,
        roles=[Role.AGENCY_STAFF, Role.AGENCY_LEAD],
    )


@pytest.fixture
def staff_b(agency_b):
    return UserFactory(
        username="tuan_b",
        first_name="Tuấn",
        last_name="Võ Anh",
        agency=agency_b,
        roles=[Role.AGENCY_STAFF],
    )


@pytest.fixture
def leader(province_agency):
    return UserFactory(
        username="leader",
        first_name="Hùng",
        last_name="Đặng Quốc",
        agency=province_agency,
        roles=[Role.LEADERSHIP],
    )


@pytest.fixture
def admin_user(doit_agency):
    return UserFactory(username="root", agency=doit_agency, is_staff=True, is_superuser=True)


@pytest.fixture
def firm_company(db):
    from tests.factories import EnterpriseFactory

    return EnterpriseFactory(
        tax_code="1600123453", name="Công ty CP Thủy sản Xanh", contact_email="mai@thuysanxanh.vn"
    )


@pytest.fixture
def other_company(db):
    from tests.factories import EnterpriseFactory

    return EnterpriseFactory(tax_code="1600987654", name="Công ty TNHH Dệt Nhuộm Bên Kia")


@pytest.fixture
def firm(firm_company):
    from tests.factories import CompanyAccessFactory

    user = UserFactory(
        username="mai_thuysanxanh",
        first_name="Mai",
        last_name="Nguyễn Thị",
        agency=None,
        roles=[Role.ENTERPRISE_USER],
    )
    CompanyAccessFactory(user=user, tax_code=firm_company.tax_code)
    return user


@pytest.fixture
def client_for(client):
    """``client_for(user)``: a test client logged in as ``user`` (force_login skips django-axes)."""

    def make(user):
        from django.test import Client

        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make
