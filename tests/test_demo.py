"""The demo loader: every role has a login, and a second run changes nothing."""

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.models import Agency, User

pytestmark = pytest.mark.django_db

OUR_APPS = ("accounts", "programs", "assignments", "enterprises", "reports")


def _counts():
    return {
        model._meta.label: model._default_manager.count()
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
    }


def test_seed_demo_creates_every_role_and_is_idempotent(settings):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = _counts()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _counts() == first

    roles = {
        u.username: {g.name for g in u.groups.all()}
        for u in User.objects.prefetch_related("groups")
    }
    assert User.objects.get(username="admin").is_superuser
    assert "doit_reviewer" in roles["sct_reviewer"]
    assert "leadership" in roles["leader"]
    staff_agencies = {
        u.agency_id
        for u in User.objects.filter(groups__name="agency_staff").exclude(
            groups__name="agency_lead"
        )
    }
    lead_agencies = {u.agency_id for u in User.objects.filter(groups__name="agency_lead")}
    assert len(staff_agencies & lead_agencies) >= 2
    assert User.objects.get(username="sct_reviewer").agency.is_doit
    for username in ("admin", "sct_reviewer", "leader", "snnmt_staff", "snnmt_lead"):
        assert User.objects.get(username=username).check_password(settings.DEMO_PASSWORD)


def test_seed_demo_keeps_former_agencies_with_their_successor():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    tnmt = Agency.objects.get(name="Sở Tài nguyên và Môi trường")
    assert not tnmt.is_active
    assert tnmt.current().name == "Sở Nông nghiệp và Môi trường"
    assert Agency.objects.active().filter(name="Sở Tài nguyên và Môi trường").count() == 0
    for name in (
        "Sở Công Thương",
        "Sở Khoa học và Công nghệ",
        "Công an tỉnh",
        "Ban Quản lý các khu công nghiệp",
    ):
        assert Agency.objects.active().filter(name=name).exists()
