"""The admin "Nạp văn bản" flow (source → preview → save) and who may use it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Agency
from assignments.models import Task
from programs.models import LegalDocument
from tests.factories import UserFactory
from tests.factories_directives import docx_bytes, read_seed

IMPORT_URL = "admin:programs_legaldocument_import"


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
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_anonymous_is_sent_to_a_login(client):
    response = client.get(reverse(IMPORT_URL))
    assert response.status_code == 302


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
    assert "2: giao cho nhóm “Các doanh nghiệp sản xuất công nghiệp” — chưa lưu được." in page
    assert "Đoạn chưa nhận ra cơ quan được giao" in page
    assert "Chủ trì tổ chức kiểm tra liên ngành tại các…" in page
    form = response.context["form"]
    [(skip, key)] = form.skip_rows
    assert skip.ref == "3"
    response = admin_client.post(reverse(IMPORT_URL), _save_data(response, **{key: agency_a.pk}))
    doc = LegalDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:programs_legaldocument_change", args=[doc.pk])
    tasks = Task.objects.filter(document=doc).order_by("ref")
    assert [(t.ref, t.lead_agency) for t in tasks] == [("1", doit_agency), ("3", agency_a)]
