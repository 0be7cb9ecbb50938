"""The Django admin: reverting from history, locked objects, view-only staff, stored files.

django-simple-history's history form saved any valid POST from a user who could merely *view*
the object; accepted periods were frozen only in the portal's pages; two admin pages answered
500. The per-model matrix of outcomes is in tests/test_authz_matrix.py.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertRedirects
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Agency
from accounts.roles import Role
from assignments.models import Activity, Evidence, ProgressUpdate, Task
from config.admin_base import PortalHistoryAdmin
from enterprises.models import Enterprise
from programs.choices import PeriodKind
from reports.choices import ReportStatus
from reports.models import AgencyReport
from tests.factories import PDF_BYTES, PeriodFactory, UserFactory, build_world


@pytest.fixture
def world(agency_a, staff_a, doit):
    return build_world(agency_a=agency_a, staff_a=staff_a, doit=doit)


def staff_with(*codenames, agency):
    """A staff user (admin access) holding only the named permissions."""
    user = UserFactory(username="chi_xem", agency=agency, is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    assert user.user_permissions.count() == len(codenames)
    return user


def accept(report, doit):
    report.status = ReportStatus.ACCEPTED
    report.submitted_at = report.accepted_at = timezone.now()
    report.accepted_by = doit
    report.save()
    return report


def history_form_url(obj):
    opts = obj._meta
    version = obj.history.order_by("-history_id").first().history_id
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, version]
    )


def admin_url(obj, view):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def bulk_delete(client, model, *pks):
    data = {"action": "delete_selected", "_selected_action": [str(pk) for pk in pks]}
    return client.post(changelist_url(model), {**data, "post": "yes"}, follow=True)


# --- the two reproductions -------------------------------------------------------------


def test_view_only_staff_cannot_make_a_user_superuser_through_history(client_for, staff_a, doit):
    viewer = staff_with("view_user", agency=doit.agency)
    c = client_for(viewer)
    url = history_form_url(staff_a)
    page = c.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()  # no Revert button …
    response = c.post(  # … and a hand-made POST is refused as well
        url,
        {
            "username": staff_a.username,
            "is_superuser": "on",
            "is_active": "on",
            "date_joined_0": "01/01/2026",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 403
    staff_a.refresh_from_db()
    assert not staff_a.is_superuser
    assert list(staff_a.groups.values_list("name", flat=True)) == [Role.AGENCY_STAFF]


def test_view_only_staff_cannot_rewrite_accepted_progress_through_history(client_for, world, doit):
    accept(world.report, doit)
    viewer = staff_with("view_progressupdate", agency=doit.agency)
    progress = world.progress
    response = client_for(viewer).post(
        history_form_url(progress),
        {
            "task": progress.task_id,
            "agency": progress.agency_id,
            "period": progress.period_id,
            "status": "done",
            "percent": 100,
            "narrative": "Viết lại qua lịch sử",
            "author": progress.author_id,
        },
    )
    assert response.status_code == 403
    progress.refresh_from_db()
    assert (progress.status, progress.percent) == ("in_progress", 40)
    assert progress.narrative.startswith("Đã tổ chức 2 lớp tập huấn")


# --- reverting ---------------------------------------------------------------------------------


def test_workflow_history_is_read_only_even_for_a_superuser(client_for, admin_user, world):
    """Progress, activities, evidence, reports, periods and accounts: shown, never restored."""
    c = client_for(admin_user)
    for obj in (
        world.progress,
        world.activity,
        world.evidence,
        world.report,
        world.period,
        admin_user,
    ):
        url = history_form_url(obj)
        page = c.get(url)
        assert page.status_code == 200, obj
        assert 'name="_save"' not in page.content.decode(), obj
        assert c.post(url, {}).status_code == 403, obj


def _agency_data(agency, **changes):
    return {"name": agency.name, "short_name": agency.short_name, "kind": agency.kind, **changes}


def _rename(client, agency, short_name):
    data = {
        **_agency_data(agency, short_name=short_name),
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
    }
    response = client.post(admin_url(agency, "change"), data)
    assertRedirects(response, reverse("admin:accounts_agency_changelist"))


def test_reference_data_can_still_be_reverted_with_change_permission(
    client_for, admin_user, agency_a
):
    c = client_for(admin_user)
    _rename(c, agency_a, "SAI")
    old = agency_a.history.order_by("history_id").first()
    url = reverse("admin:accounts_agency_simple_history", args=[agency_a.pk, old.history_id])
    assert 'name="_save"' in c.get(url).content.decode()
    response = c.post(url, _agency_data(agency_a, short_name=old.short_name))
    assertRedirects(response, reverse("admin:accounts_agency_changelist"))
    agency_a.refresh_from_db()
    assert agency_a.short_name == "SNNMT"


def test_revert_disabled_setting_refuses_the_post_not_only_the_button(
    client_for, admin_user, agency_a
):
    c = client_for(admin_user)
    _rename(c, agency_a, "SAI")
    url = history_form_url(agency_a)
    with override_settings(SIMPLE_HISTORY_REVERT_DISABLED=True):
        assert c.post(url, _agency_data(agency_a, short_name="QUA-LICH-SU")).status_code == 403
    assert Agency.objects.get(pk=agency_a.pk).short_name == "SAI"


@override_settings(SIMPLE_HISTORY_ENFORCE_HISTORY_MODEL_PERMISSIONS=True)
def test_enforced_history_permissions_need_change_on_the_object_too(
    client_for, agency_a, doit_agency
):
    """With the setting, the library shows Revert to holders of change_historicalagency; a
    revert still changes the agency itself, so change_agency is required as well."""
    user = staff_with(
        "view_agency", "view_historicalagency", "change_historicalagency", agency=doit_agency
    )
    url = history_form_url(agency_a)
    assert client_for(user).post(url, _agency_data(agency_a, short_name="X")).status_code == 403
    assert Agency.objects.get(pk=agency_a.pk).short_name == "SNNMT"


# --- locked objects, superuser -----------------------------------------------------------------


@pytest.fixture
def locked(world, doit):
    """Agency A's report for the period accepted: its progress, activity and evidence frozen."""
    accept(world.report, doit)
    return world


def test_locked_rows_cannot_be_changed_or_deleted_in_the_admin(client_for, admin_user, locked):
    c = client_for(admin_user)
    activity_title = locked.activity.title
    for obj in (locked.progress, locked.activity, locked.evidence, locked.report):
        page = c.get(admin_url(obj, "change"))
        assert page.status_code == 200, obj  # readable …
        assert 'name="_save"' not in page.content.decode(), obj  # … not editable
        assert c.post(admin_url(obj, "change"), {"title": "Sửa"}).status_code == 403, obj
        assert c.get(admin_url(obj, "delete")).status_code == 403, obj
        assert c.post(admin_url(obj, "delete"), {"post": "yes"}).status_code == 403, obj
        assert c.post(history_form_url(obj), {}).status_code == 403, obj
    assert ProgressUpdate.objects.filter(pk=locked.progress.pk).exists()
    assert Activity.objects.get(pk=locked.activity.pk).title == activity_title
    assert Evidence.objects.filter(pk=locked.evidence.pk).exists()
    assert AgencyReport.objects.get(pk=locked.report.pk).status == ReportStatus.ACCEPTED


def test_bulk_delete_refuses_a_selection_with_a_locked_row(client_for, admin_user, locked, staff_a):
    open_one = ProgressUpdate.objects.create(
        task=locked.task,
        agency=locked.progress.agency,
        period=PeriodFactory(year=2026, kind=PeriodKind.H2),
        status="in_progress",
        percent=10,
        narrative="Kỳ sau, chưa khóa",
        author=staff_a,
    )
    c = client_for(admin_user)
    response = bulk_delete(c, ProgressUpdate, locked.progress.pk, open_one.pk)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Không xóa mục nào: 1 mục đã chọn đang bị khóa." in page
    assert "đã được Sở Công Thương tiếp nhận" in page
    assert ProgressUpdate.objects.count() == 2
    for model, obj in ((Activity, locked.activity), (Evidence, locked.evidence)):
        assert "đang bị khóa" in bulk_delete(c, model, obj.pk).content.decode()
        assert model.objects.filter(pk=obj.pk).exists()
    # rows that are not locked are still deleted by the same action
    bulk_delete(c, ProgressUpdate, open_one.pk)
    assert list(ProgressUpdate.objects.values_list("pk", flat=True)) == [locked.progress.pk]


def test_deleting_a_task_with_locked_progress_is_refused(client_for, admin_user, locked):
    c = client_for(admin_user)
    url = admin_url(locked.task, "delete")
    page = c.get(url)
    assert page.status_code == 200
    assert page.context["protected"]
    c.post(url, {"post": "yes"})
    response = bulk_delete(c, Task, locked.task.pk)
    assert response.status_code == 200
    assert Task.objects.filter(pk=locked.task.pk).exists()
    assert ProgressUpdate.objects.filter(pk=locked.progress.pk).exists()


# --- the two 500s ------------------------------------------------------------------------------


def test_evidence_pages_name_the_file_and_link_the_checked_download(client_for, admin_user, world):
    c = client_for(admin_user)
    download = reverse("assignments:evidence_download", args=[world.evidence.pk])
    for url in (admin_url(world.evidence, "change"), history_form_url(world.evidence)):
        page = c.get(url)
        assert page.status_code == 200, url
        assert f'<a href="{download}">bien-ban.pdf</a>' in page.content.decode(), url


def test_posting_an_agency_report_history_form_is_refused_not_an_error(
    client_for, admin_user, world
):
    response = client_for(admin_user).post(history_form_url(world.report), {"results": "x"})
    assert response.status_code == 403
    assert AgencyReport.objects.get(pk=world.report.pk).results == ""


def test_a_document_with_an_attachment_opens_in_the_admin(client_for, admin_user, world):
    document = world.document
    document.attachment.save("van-ban.pdf", ContentFile(PDF_BYTES))
    viewer = staff_with("view_legaldocument", agency=admin_user.agency)
    for user in (admin_user, viewer):
        page = client_for(user).get(admin_url(document, "change"))
        assert page.status_code == 200, user
        assert "van-ban" in page.content.decode(), user
    assert client_for(admin_user).get(history_form_url(document)).status_code == 200


# --- view-only staff and the other write paths of the admin ------------------------------------


def test_view_only_staff_cannot_delete_a_draft_report(client_for, world, doit):
    viewer = staff_with("view_agencyreport", agency=doit.agency)
    response = client_for(viewer).post(admin_url(world.report, "delete"), {"post": "yes"})
    assert response.status_code == 403
    assert AgencyReport.objects.filter(pk=world.report.pk).exists()


def test_view_only_staff_cannot_merge_agencies(client_for, agency_a, agency_b, doit):
    agency_a.successor = agency_b
    agency_a.save()
    viewer = staff_with("view_agency", agency=doit.agency)
    response = client_for(viewer).post(
        changelist_url(Agency),
        {"action": "merge_into_successor", "_selected_action": [str(agency_a.pk)]},
    )
    assert response.status_code == 200  # the changelist again: no action is offered to a viewer
    assert "merge_into_successor" not in response.content.decode()
    agency_a.refresh_from_db()
    assert agency_a.active_until is None


def test_view_only_staff_cannot_import_enterprises(client_for, doit):
    viewer = staff_with("view_enterprise", agency=doit.agency)
    response = client_for(viewer).get(reverse("admin:enterprises_enterprise_import"))
    assert response.status_code == 403
    assert not Enterprise.objects.exists()
    assert client_for(viewer).get(reverse("admin:enterprises_enterprise_export")).status_code == 200


def test_staff_without_permissions_cannot_export_the_registry(client_for, doit):
    nobody = staff_with(agency=doit.agency)
    response = client_for(nobody).get(reverse("admin:enterprises_enterprise_export"))
    assert response.status_code == 403


def test_every_history_admin_uses_the_guarded_base():
    history_admins = {
        model._meta.label: model_admin
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, SimpleHistoryAdmin)
    }
    assert len(history_admins) >= 19
    plain = [label for label, a in history_admins.items() if not isinstance(a, PortalHistoryAdmin)]
    assert not plain
    read_only = {label for label, a in history_admins.items() if not a.history_revert}
    assert read_only == {
        "accounts.User",
        "assignments.ProgressUpdate",
        "assignments.Activity",
        "assignments.Evidence",
        "reports.AgencyReport",
        "programs.ReportingPeriod",
        # the plan changes through its workflow and revisions, never by restoring rows
        "plans.PlanVersion",
        "plans.PlanItem",
        "plans.ActivityPlanLink",
        "plans.ProgressPlanLink",
    }
