"""The admin "Nạp văn bản" flow (source → preview → save) and who may use it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from accounts.models import Agency
from assignments.models import Task
from programs.models import LegalDocument
from tests.directive_docs import docx_bytes, read_seed
from tests.factories import UserFactory
from tests.redirects import admin_login_url, login_url

IMPORT_URL = "admin:programs_legaldocument_import"


def assert_lands_on_the_new_document(response):
    """A saved import goes to the admin page of the document it created."""
    document = LegalDocument.objects.latest("pk")
    assertRedirects(response, reverse("admin:programs_legaldocument_change", args=[document.pk]))


def _save_data(response, **overrides):
    """The preview form as the browser would submit it untouched (plus overrides)."""
    form = response.context["form"]
    data = {"step": "save"}
    for name in form.fields:
        value = form[name].value()
        if value in (None, False):
            continue
        if isinstance(value, dt.date):
            value = value.strftime("%d/%m/%Y")
        data[name] = value
    data.update(overrides)
    return data


@pytest.fixture
def admin_client(client_for, admin_user):
    return client_for(admin_user)


def test_changelist_offers_the_import_button(admin_client):
    response = admin_client.get(reverse("admin:programs_legaldocument_changelist"))
    assert response.status_code == 200
    assert reverse(IMPORT_URL).encode() in response.content
    assert "Nạp văn bản" in response.content.decode()


def test_paste_preview_then_save_creates_document_tasks_and_agencies(
    admin_client, doit_agency, agency_b
):
    response = admin_client.post(
        reverse(IMPORT_URL), {"step": "parse", "text": read_seed("ben-tre-chi-thi-sxsh.md")}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Xem trước" in page
    assert "Báo Đồng Khởi" in page and "Mới" in page  # unknown → proposed new
    assert "Khớp tên" in page  # Sở Công Thương matched
    assert "không có ngày ký" in page  # the parser's warning is shown
    assert not LegalDocument.objects.exists()  # nothing saved by the preview

    data = _save_data(response, signed_on="05/03/2012")
    response = admin_client.post(reverse(IMPORT_URL), data)
    doc = LegalDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:programs_legaldocument_change", args=[doc.pk])
    assert doc.effective_on == dt.date(2012, 3, 15)
    assert doc.report_to == doit_agency
    assert Task.objects.filter(document=doc).count() > 20
    assert Agency.objects.filter(name="Báo Đồng Khởi").exists()


def test_admin_maps_a_new_name_onto_an_existing_agency_and_drops_a_task(
    admin_client, doit_agency, agency_b
):
    response = admin_client.post(
        reverse(IMPORT_URL), {"step": "parse", "text": read_seed("ben-tre-chi-thi-sxsh.md")}
    )
    form = response.context["form"]
    key = next(k for name, _m, k in form.agency_rows if name == "Báo Đồng Khởi")
    task_key = next(k for item, k in form.task_rows if item.ref == "1.a")
    admin_client.post(
        reverse(IMPORT_URL), _save_data(response, **{key: str(agency_b.pk), task_key: "on"})
    )
    doc = LegalDocument.objects.get()
    assert not Agency.objects.filter(name="Báo Đồng Khởi").exists()
    assert Task.objects.filter(document=doc, ref="8.a", lead_agency=agency_b).exists()
    assert not Task.objects.filter(document=doc, ref="1.a").exists()


def test_docx_upload_reaches_the_preview(admin_client, doit_agency):
    upload = SimpleUploadedFile("chuong-trinh.docx", docx_bytes())
    response = admin_client.post(reverse(IMPORT_URL), {"step": "parse", "file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "12/CTr-UBND" in page and "DM.3" in page and "chuong-trinh.docx" in page


def test_unreadable_upload_shows_the_reason_and_saves_nothing(admin_client):
    upload = SimpleUploadedFile("quyet-dinh.pdf", b"%PDF-1.4 garbage")
    response = admin_client.post(reverse(IMPORT_URL), {"step": "parse", "file": upload})
    assert response.status_code == 200
    assert "không được hỗ trợ" in response.content.decode()
    assert not LegalDocument.objects.exists()


def test_tampered_payload_is_refused(admin_client, doit_agency):
    response = admin_client.post(
        reverse(IMPORT_URL), {"step": "parse", "text": read_seed("an-giang-ct-11-2012.md")}
    )
    data = _save_data(response)
    data["payload"] = data["payload"][:-3] + "abc"
    response = admin_client.post(reverse(IMPORT_URL), data, follow=True)
    assert "hết hạn hoặc bị sửa đổi" in response.content.decode()
    assert not LegalDocument.objects.exists()


def test_saving_twice_reports_the_duplicate_and_keeps_one(admin_client, doit_agency):
    response = admin_client.post(
        reverse(IMPORT_URL), {"step": "parse", "text": read_seed("an-giang-ct-11-2012.md")}
    )
    data = _save_data(response)
    admin_client.post(reverse(IMPORT_URL), data)
    again = admin_client.post(reverse(IMPORT_URL), data)
    assert again.status_code == 200
    assert "đã có trong hệ thống" in again.content.decode()
    assert LegalDocument.objects.count() == 1


def test_empty_title_is_a_form_error(admin_client, doit_agency):
    response = admin_client.post(
        reverse(IMPORT_URL), {"step": "parse", "text": read_seed("an-giang-ct-11-2012.md")}
    )
    response = admin_client.post(reverse(IMPORT_URL), _save_data(response, title=""))
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert not LegalDocument.objects.exists()


def test_agency_user_is_sent_to_the_admin_login(client_for, staff_a):
    response = client_for(staff_a).get(reverse(IMPORT_URL))
    assertRedirects(response, admin_login_url(reverse(IMPORT_URL)))


def test_anonymous_is_sent_to_the_portal_login(client):
    response = client.get(reverse(IMPORT_URL))
    assertRedirects(response, login_url(reverse(IMPORT_URL)))


def test_staff_without_add_permission_gets_403(client_for, doit_agency):
    viewer = UserFactory(agency=doit_agency, is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_legaldocument"))
    response = client_for(viewer).get(reverse(IMPORT_URL))
    assert response.status_code == 403


def test_preview_names_group_tasks_and_skipped_paragraphs_and_assigns_one_by_hand(
    admin_client, doit_agency, agency_a
):
    from tests.test_directives_import import GROUPS_TEXT

    response = admin_client.post(reverse(IMPORT_URL), {"step": "parse", "text": GROUPS_TEXT})
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 phần giao cho nhóm" in page and "chưa lưu được" not in page
    assert "“Các doanh nghiệp sản xuất công nghiệp”" in page
    assert "Đoạn chưa nhận ra cơ quan được giao" in page
    assert "Chủ trì tổ chức kiểm tra liên ngành tại các…" in page
    form = response.context["form"]
    [(skip, key)] = form.skip_rows
    assert skip.ref == "3"
    response = admin_client.post(reverse(IMPORT_URL), _save_data(response, **{key: agency_a.pk}))
    doc = LegalDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:programs_legaldocument_change", args=[doc.pk])
    tasks = Task.objects.filter(document=doc).order_by("ref", "pk")
    # the groups, untouched, go to the groups created from their kinds
    assert [(t.ref, t.lead_agency, t.assignee_group_id is not None) for t in tasks] == [
        ("1", doit_agency, False),
        ("1", None, True),
        ("2", None, True),
        ("3", agency_a, False),
    ]


# --- mapping the groups in the preview -------------------------------------------------------


def _groups_preview(admin_client):
    from tests.test_directives_import import GROUPS_TEXT

    response = admin_client.post(reverse(IMPORT_URL), {"step": "parse", "text": GROUPS_TEXT})
    assert response.status_code == 200
    return response


def _group_tasks(ref):
    return Task.objects.filter(document=LegalDocument.objects.get(), ref=ref)


def test_preview_offers_each_group_choice(admin_client, doit_agency, admin_user):
    from assignments.groups import assignee_group_for_parsed

    communes = assignee_group_for_parsed(parsed_kind="communes", actor=admin_user)
    response = _groups_preview(admin_client)
    form = response.context["form"]
    choices = dict(form.fields["group_0_0"].choices)
    assert choices[f"group:{communes.pk}"] == f"Nhóm có sẵn: {communes.name}"
    assert form["group_0_0"].value() == f"group:{communes.pk}"  # the kind's group, existing
    assert form["group_1_0"].value() == "create"  # no enterprise group yet: created from kind
    assert {"split", "agency", "skip"} <= set(choices)
    page = response.content.decode()
    assert "➕ Tạo nhóm: Các doanh nghiệp sản xuất công nghiệp" in page
    assert 'name="group_1_0_members"' in page and 'name="group_1_0_agency"' in page


def test_preview_post_maps_to_an_existing_group(admin_client, doit_agency, admin_user):
    from assignments.groups import assignee_group_create

    named = assignee_group_create(
        name="Các xã ven sông", kind="named", agencies=[doit_agency], actor=admin_user
    )
    response = _groups_preview(admin_client)
    response = admin_client.post(
        reverse(IMPORT_URL),
        _save_data(response, group_0_0=f"group:{named.pk}", group_1_0="skip"),
    )
    assert_lands_on_the_new_document(response)
    [task] = _group_tasks("1").filter(lead_agency__isnull=True)
    assert task.assignee_group == named
    assert not _group_tasks("2").exists()


def test_preview_post_creates_the_group_from_its_kind(admin_client, doit_agency):
    from assignments.models import AssigneeGroup

    response = _groups_preview(admin_client)
    response = admin_client.post(reverse(IMPORT_URL), _save_data(response, group_1_0="create"))
    assert_lands_on_the_new_document(response)
    [task] = _group_tasks("2")
    assert task.assignee_group.kind == "enterprises"
    assert task.assignee_group.vsic_section == "C"
    assert AssigneeGroup.objects.filter(parsed_kind="enterprises").count() == 1


def test_preview_post_splits_a_group_into_chosen_agencies(
    admin_client, doit_agency, agency_a, agency_b
):
    response = _groups_preview(admin_client)
    data = _save_data(response, group_1_0="split")
    data["group_1_0_members"] = [str(agency_a.pk), str(agency_b.pk)]
    response = admin_client.post(reverse(IMPORT_URL), data)
    assert_lands_on_the_new_document(response)
    assert {t.lead_agency for t in _group_tasks("2")} == {agency_a, agency_b}
    assert not _group_tasks("2").filter(assignee_group__isnull=False).exists()


def test_preview_post_gives_a_group_to_one_agency(admin_client, doit_agency, agency_a):
    response = _groups_preview(admin_client)
    response = admin_client.post(
        reverse(IMPORT_URL),
        _save_data(response, group_1_0="agency", group_1_0_agency=str(agency_a.pk)),
    )
    assert_lands_on_the_new_document(response)
    assert [(t.lead_agency, t.assignee_group) for t in _group_tasks("2")] == [(agency_a, None)]


def test_preview_post_without_the_agency_it_needs_saves_nothing(admin_client, doit_agency):
    response = _groups_preview(admin_client)
    response = admin_client.post(reverse(IMPORT_URL), _save_data(response, group_1_0="agency"))
    assert response.status_code == 200
    assert "Hãy chọn cơ quan được giao." in response.content.decode()
    assert not LegalDocument.objects.exists() and not Task.objects.exists()


def test_preview_post_with_a_group_deleted_since_the_preview_saves_nothing(
    admin_client, doit_agency, admin_user
):
    from assignments.groups import assignee_group_create
    from assignments.models import AssigneeGroup

    doomed = assignee_group_create(
        name="Nhóm sẽ bị xóa", kind="named", agencies=[doit_agency], actor=admin_user
    )
    response = _groups_preview(admin_client)
    data = _save_data(response, group_0_0="create", group_1_0=f"group:{doomed.pk}")
    doomed.delete()  # deleted by another admin between the preview and the save
    response = admin_client.post(reverse(IMPORT_URL), data)
    assert response.status_code == 200
    assert "group_1_0" in response.context["form"].errors
    assert not LegalDocument.objects.exists() and not Task.objects.exists()
    assert not AssigneeGroup.objects.exists()


def test_preview_post_failing_in_the_save_rolls_back_the_groups_it_created(
    admin_client, doit_agency, monkeypatch
):
    """The communes group is created for item 1, then saving item 2 fails: all or nothing."""
    from assignments.directives import importing
    from assignments.models import AssigneeGroup

    real = importing._task_save

    def failing(document, item, lead, coordinating, order, actor, *, group=None):
        if item.ref == "2":
            raise importing.ValidationError("Lỗi thử khi lưu nhiệm vụ 2.")
        return real(document, item, lead, coordinating, order, actor, group=group)

    monkeypatch.setattr(importing, "_task_save", failing)
    response = _groups_preview(admin_client)
    response = admin_client.post(reverse(IMPORT_URL), _save_data(response))
    assert response.status_code == 200
    assert "Lỗi thử khi lưu nhiệm vụ 2." in response.content.decode()
    assert not LegalDocument.objects.exists() and not Task.objects.exists()
    assert not AssigneeGroup.objects.exists()  # the communes group was not left behind


def test_preview_post_creates_a_named_set_from_the_chosen_agencies(
    admin_client, doit_agency, agency_a, agency_b
):
    text = (
        "CHỈ THỊ\n\nVề sản xuất sạch hơn\n\n1. Yêu cầu thủ trưởng các sở, ngành tỉnh: Công "
        "Thương, Nông nghiệp và Môi trường tổ chức thực hiện nghiêm Chỉ thị này.\n\n"
        "Chỉ thị có hiệu lực kể từ ngày ký./."
    )
    response = admin_client.post(reverse(IMPORT_URL), {"step": "parse", "text": text})
    form = response.context["form"]
    assert form["group_0_0"].value() == "create"
    assert set(form["group_0_0_members"].value()) == {str(doit_agency.pk), str(agency_a.pk)}
    data = _save_data(response)
    data["group_0_0_members"] = [str(agency_a.pk), str(agency_b.pk)]  # the admin's own set
    response = admin_client.post(reverse(IMPORT_URL), data)
    assert_lands_on_the_new_document(response)
    [task] = Task.objects.filter(document=LegalDocument.objects.get())
    assert task.lead_agency is None and task.assignee_group.kind == "named"
    assert set(task.assignee_group.member_agencies()) == {agency_a, agency_b}
    assert task.assignee_group.name == "Thủ trưởng các sở, ngành tỉnh (mục 1, 2 cơ quan)"


def test_review_form_carries_report_to_and_a_correction_reaches_the_document(
    admin_client, doit_agency, agency_b
):
    response = admin_client.post(
        reverse(IMPORT_URL), {"step": "parse", "text": read_seed("ben-tre-chi-thi-sxsh.md")}
    )
    form = response.context["form"]
    assert form["report_to"].value() == "Sở Công Thương"
    assert 'name="report_to"' in response.content.decode()
    response = admin_client.post(
        reverse(IMPORT_URL),
        _save_data(response, signed_on="05/03/2012", report_to=agency_b.name),
    )
    doc = LegalDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:programs_legaldocument_change", args=[doc.pk])
    assert doc.report_to == agency_b
