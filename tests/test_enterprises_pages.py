"""Registry pages: who reads, who edits, filters, exports, the upload flow, bounded queries."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enterprises.choices import ImportJobStatus, OptionStatus
from enterprises.models import Assessment, Enterprise, ImportJob, Option, VsicCode
from enterprises.reference import reference_data_load
from tests.factories_enterprises import (
    AssessmentFactory,
    EnterpriseFactory,
    OptionFactory,
    valid_tax_code,
)


@pytest.fixture
def reference(db):
    return reference_data_load()


@pytest.fixture
def enterprise(reference):
    return EnterpriseFactory(name="Công ty TNHH Chế biến Thủy sản Sông Hậu")


# --- reading ------------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login(client, enterprise):
    for url in (
        reverse("enterprises:index"),
        reverse("enterprises:enterprise_detail", args=[enterprise.pk]),
        reverse("enterprises:import_upload"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("persona", ["staff_a", "leader", "doit"])
def test_every_role_reads_the_registry(request, client_for, enterprise, persona):
    c = client_for(request.getfixturevalue(persona))
    assert enterprise.name in c.get(reverse("enterprises:index")).content.decode()
    page = c.get(reverse("enterprises:enterprise_detail", args=[enterprise.pk]))
    assert page.status_code == 200
    assert enterprise.tax_code in page.content.decode()


def test_unknown_enterprise_answers_404(client_for, doit, reference):
    assert (
        client_for(doit).get(reverse("enterprises:enterprise_detail", args=[999999])).status_code
        == 404
    )


# --- editing ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["staff_a", "lead_a", "leader"])
def test_agency_users_and_leaders_cannot_edit(request, client_for, enterprise, persona):
    c = client_for(request.getfixturevalue(persona))
    assessment = AssessmentFactory(enterprise=enterprise)
    option = OptionFactory(assessment=assessment)
    urls = [
        reverse("enterprises:enterprise_new"),
        reverse("enterprises:enterprise_edit", args=[enterprise.pk]),
        reverse("enterprises:assessment_new", args=[enterprise.pk]),
        reverse("enterprises:assessment_edit", args=[assessment.pk]),
        reverse("enterprises:option_new", args=[assessment.pk]),
        reverse("enterprises:option_edit", args=[option.pk]),
        reverse("enterprises:import_upload"),
    ]
    for url in urls:
        assert c.get(url).status_code == 403, url
        assert c.post(url, {"name": "x"}).status_code == 403, url
    assert c.get(reverse("enterprises:import_template")).status_code == 403
    assert Enterprise.objects.get(pk=enterprise.pk).name == enterprise.name
    page = c.get(reverse("enterprises:enterprise_detail", args=[enterprise.pk])).content.decode()
    assert reverse("enterprises:enterprise_edit", args=[enterprise.pk]) not in page


def test_doit_creates_an_enterprise_with_a_normalised_tax_code(client_for, doit, reference):
    response = client_for(doit).post(
        reverse("enterprises:enterprise_new"),
        {
            "tax_code": "0100 233.488",
            "name": "Công ty CP Phân bón Tây Nam",
            "vsic": VsicCode.objects.get(code="2012").pk,
            "employees": "120",
            "revenue_million_vnd": "150000",
        },
    )
    e = Enterprise.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("enterprises:enterprise_detail", args=[e.pk])
    assert (e.tax_code, e.size_class) == ("0100233488", "medium")
    assert e.history.get().history_user == doit


def test_enterprise_form_rejects_bad_and_duplicate_tax_codes(client_for, doit, enterprise):
    c = client_for(doit)
    bad = c.post(reverse("enterprises:enterprise_new"), {"tax_code": "0100233489", "name": "X"})
    assert "chữ số kiểm tra" in bad.content.decode()
    dup = c.post(
        reverse("enterprises:enterprise_new"), {"tax_code": enterprise.tax_code, "name": "Y"}
    )
    assert dup.status_code == 200
    assert Enterprise.objects.count() == 1


def test_doit_edits_an_enterprise_and_size_is_recomputed(client_for, doit, enterprise):
    c = client_for(doit)
    data = {
        "tax_code": enterprise.tax_code,
        "name": "Tên mới",
        "vsic": enterprise.vsic_id,
        "employees": "250",
    }
    assert (
        c.post(reverse("enterprises:enterprise_edit", args=[enterprise.pk]), data).status_code
        == 302
    )
    enterprise.refresh_from_db()
    assert (enterprise.name, enterprise.size_class) == ("Tên mới", "large")


def test_doit_records_an_assessment_and_options_and_sees_computed_savings(
    client_for, doit, enterprise
):
    c = client_for(doit)
    response = c.post(
        reverse("enterprises:assessment_new", args=[enterprise.pk]),
        {
            "assessed_on": "2025-06-15",
            "kind": "detailed",
            "status": "completed",
            "consultant": "Trung tâm Khuyến công",
            "product_unit": "tấn sản phẩm",
            "baseline_energy_kwh": "500",
            "baseline_water_m3": "20",
            "baseline_material_t": "2",
        },
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    option_url = reverse("enterprises:option_new", args=[assessment.pk])
    option_data = {
        "category": "equipment_modification",
        "description": "Lắp biến tần cho máy nén khí",
        "status": "implemented",
        "investment_vnd": "120000000",
        "annual_saving_vnd": "80000000",
        "energy_saving_kwh": "40",
    }
    missing_date = c.post(option_url, option_data)
    assert "cần có ngày thực hiện" in missing_date.content.decode()
    assert Option.objects.count() == 0
    assert c.post(option_url, {**option_data, "implemented_on": "2025-10-01"}).status_code == 302
    option = Option.objects.get()
    assert option.implemented_on == dt.date(2025, 10, 1)
    page = c.get(reverse("enterprises:enterprise_detail", args=[enterprise.pk])).content.decode()
    assert "1,5 năm" in page  # payback 120/80
    assert "8,0 %" in page  # 40 of a 500 kWh baseline
    assert "Đang áp dụng SXSH" in page


def test_proposed_option_loses_a_stray_implementation_date(client_for, doit, enterprise):
    option = OptionFactory(assessment=AssessmentFactory(enterprise=enterprise))
    client_for(doit).post(
        reverse("enterprises:option_edit", args=[option.pk]),
        {
            "category": option.category,
            "description": option.description,
            "status": OptionStatus.PROPOSED,
            "implemented_on": "2025-01-01",
            "investment_vnd": "1",
            "annual_saving_vnd": "1",
        },
    )
    option.refresh_from_db()
    assert option.implemented_on is None


# --- list: filters, exports, queries ------------------------------------------------------------


def test_list_filters_by_search_stage_section_and_flags(client_for, doit, reference):
    seafood = EnterpriseFactory(name="Công ty Thủy sản Đồng Tiến", has_sxsh_potential=True)
    brick = EnterpriseFactory(
        name="Lò gạch Tuynel Phú Cường", vsic=VsicCode.objects.get(code="2392")
    )
    AssessmentFactory(enterprise=brick)
    shop = EnterpriseFactory(name="Cửa hàng Bán lẻ An Phú", vsic=VsicCode.objects.get(code="47"))
    c = client_for(doit)

    def names(**params):
        response = c.get(reverse("enterprises:index"), params)
        return {e.name for e in response.context["object_list"]}

    assert names(q="thuy san dong tien") == {seafood.name}
    assert names(stage="assessed") == {brick.name}
    assert names(stage="not_reached") == {seafood.name, shop.name}
    assert names(section="G") == {shop.name}
    assert names(has_sxsh_potential="1") == {seafood.name}


def _list_queries(client, n):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("enterprises:index"))
    assert response.status_code == 200
    assert len(response.context["object_list"]) == min(n, 25)
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow_with_rows(client_for, doit, reference):
    c = client_for(doit)
    EnterpriseFactory.create_batch(3)
    small = _list_queries(c, 3)
    EnterpriseFactory.create_batch(40)
    large = _list_queries(c, 43)
    # session, user, count, groups (role), the user's agency (header), the filter form's three
    # choice lists (localities, VSIC sections, zones), one page of rows with stage, VSIC,
    # locality and zone joined in, then the session save (savepoint, update, release)
    assert small == large
    assert large <= 12


def test_detail_query_count_does_not_grow_with_options(client_for, doit, enterprise):
    c = client_for(doit)
    url = reverse("enterprises:enterprise_detail", args=[enterprise.pk])
    OptionFactory(assessment=AssessmentFactory(enterprise=enterprise))
    with CaptureQueriesContext(connection) as few:
        c.get(url)
    for _ in range(3):
        assessment = AssessmentFactory(enterprise=enterprise)
        OptionFactory.create_batch(3, assessment=assessment)
    with CaptureQueriesContext(connection) as many:
        c.get(url)
    assert len(few.captured_queries) == len(many.captured_queries)


def test_csv_export_neutralises_formulas_and_has_vietnamese_headers(client_for, staff_a, reference):
    EnterpriseFactory(name='=HYPERLINK("http://evil")', contact_name="@SUM(A1)", address="+1")
    EnterpriseFactory(name="Công ty An Toàn", contact_phone="-2")
    response = client_for(staff_a).get(reverse("enterprises:export", args=["csv"]))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert {"Mã số thuế", "Tên cơ sở", "Xã/phường", "Quy mô", "Giai đoạn SXSH"} <= set(rows[0])
    evil = next(r for r in rows if "HYPERLINK" in r["Tên cơ sở"])
    assert evil["Tên cơ sở"].startswith("'=")
    assert evil["Người liên hệ"] == "'@SUM(A1)"
    assert evil["Địa chỉ"] == "'+1"
    assert next(r for r in rows if r["Tên cơ sở"] == "Công ty An Toàn")["Điện thoại"] == "'-2"


def test_xlsx_export_follows_the_filters_and_neutralises_formulas(client_for, leader, reference):
    EnterpriseFactory(name="=1+1 Công ty")
    EnterpriseFactory(name="Công ty Khác", vsic=VsicCode.objects.get(code="47"))
    response = client_for(leader).get(
        reverse("enterprises:export", args=["xlsx"]), {"section": "C"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Mã số thuế"
    assert [r[1] for r in rows[1:]] == ["=1+1 Công ty"]  # the name as typed, as text
    assert sheet["B2"].data_type == "s" and sheet["B2"].quotePrefix


# --- upload: preview, confirm, background job ---------------------------------------------------


def _xlsx(rows) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Mã số thuế", "Tên cơ sở", "Mã ngành VSIC", "Xã/phường"])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _upload(c, data: bytes, name="ds.xlsx"):
    return c.post(
        reverse("enterprises:import_upload"), {"file": SimpleUploadedFile(name, data)}, follow=True
    )


def test_upload_preview_then_confirm_writes_the_rows(client_for, doit, reference):
    c = client_for(doit)
    rows = [[valid_tax_code(n), f"Cơ sở {n}", "1020", "Phường Long Xuyên"] for n in range(1, 4)]
    preview = _upload(c, _xlsx(rows))
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.READY and job.to_create == 3
    assert "Sẽ thêm mới" in preview.content.decode()
    assert Enterprise.objects.count() == 0  # nothing written before confirming
    done = c.post(reverse("enterprises:import_confirm", args=[job.pk]), follow=True)
    assert "Đã nhập xong: 3 cơ sở mới" in done.content.decode()
    assert Enterprise.objects.count() == 3
    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportJobStatus.DONE, 3)


def test_upload_with_bad_rows_lists_them_and_cannot_be_confirmed(client_for, doit, reference):
    c = client_for(doit)
    rows = [[valid_tax_code(1), "Cơ sở 1", "1020", ""], ["0100233489", "Cơ sở 2", "XYZ", ""]]
    page = _upload(c, _xlsx(rows)).content.decode()
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.INVALID
    assert "chữ số kiểm tra" in page and "không có trong danh mục VSIC" in page
    assert {e["row"] for e in job.errors} == {3}
    c.post(reverse("enterprises:import_confirm", args=[job.pk]))
    assert Enterprise.objects.count() == 0


def test_upload_that_is_not_a_spreadsheet_gets_one_message(client_for, doit, reference):
    page = _upload(client_for(doit), b"%PDF-1.4\x00binary", name="bao-cao.pdf").content.decode()
    assert "không phải bảng tính" in page


def test_large_upload_runs_as_a_background_job_with_progress(
    client_for, doit, reference, monkeypatch
):
    from enterprises.importing import jobs

    monkeypatch.setattr(jobs, "INLINE_MAX_ROWS", 2)
    enqueued = []
    real_task = jobs.enterprise_import_job_run

    class Recording:
        def enqueue(self, **kwargs):
            enqueued.append(kwargs)
            return real_task.enqueue(**kwargs)  # the immediate backend runs it here

    monkeypatch.setattr(jobs, "enterprise_import_job_run", Recording())
    c = client_for(doit)
    rows = [[valid_tax_code(n), f"Cơ sở {n}", "1061", ""] for n in range(1, 6)]
    _upload(c, _xlsx(rows))
    job = ImportJob.objects.get()
    assert enqueued == [{"job_id": job.pk, "write": False}]
    assert job.status == ImportJobStatus.READY  # the immediate backend ran it already
    c.post(reverse("enterprises:import_confirm", args=[job.pk]))
    assert enqueued[-1] == {"job_id": job.pk, "write": True}
    assert Enterprise.objects.count() == 5


def test_progress_poll_returns_the_bar_while_busy_and_refreshes_when_done(
    client_for, doit, reference
):
    job = ImportJob.objects.create(
        created_by=doit,
        file_name="x",
        original_name="lon.xlsx",
        status=ImportJobStatus.RUNNING,
        total_rows=10_000,
        processed_rows=2_500,
    )
    c = client_for(doit)
    url = reverse("enterprises:import_job", args=[job.pk]) + "?poll=1"
    busy = c.get(url, headers={"HX-Request": "true"})
    assert b"<progress" in busy.content and b'value="2500"' in busy.content
    job.status = ImportJobStatus.DONE
    job.save()
    finished = c.get(url, headers={"HX-Request": "true"})
    assert finished["HX-Refresh"] == "true"


def test_another_users_upload_answers_404(client_for, doit, admin_user, reference):
    job = ImportJob.objects.create(created_by=admin_user, file_name="x", original_name="a.xlsx")
    c = client_for(doit)
    assert c.get(reverse("enterprises:import_job", args=[job.pk])).status_code == 404
    assert c.post(reverse("enterprises:import_confirm", args=[job.pk])).status_code == 404


def test_template_download_is_an_xlsx_with_vietnamese_headers(client_for, doit, reference):
    response = client_for(doit).get(reverse("enterprises:import_template"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:3] == ["Mã số thuế", "Tên cơ sở", "Mã ngành VSIC"]


# --- admin import -------------------------------------------------------------------------------


def test_admin_import_is_all_or_nothing(client_for, admin_user, reference):
    c = client_for(admin_user)
    url = reverse("admin:enterprises_enterprise_import")
    rows = [[valid_tax_code(1), "Cơ sở 1", "1020", ""], [valid_tax_code(2), "Cơ sở 2", "0000", ""]]
    response = c.post(
        url,
        {"format": "0", "resource": "0", "import_file": SimpleUploadedFile("a.xlsx", _xlsx(rows))},
    )
    assert response.status_code == 200
    assert "không có trong danh mục VSIC" in response.content.decode()
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert Enterprise.objects.count() == 0


def test_admin_import_refuses_a_zip_bomb_before_reading_it(client_for, admin_user, reference):
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (250 * 1024 * 1024))
    response = client_for(admin_user).post(
        reverse("admin:enterprises_enterprise_import"),
        {
            "format": "0",
            "resource": "0",
            "import_file": SimpleUploadedFile("b.xlsx", buf.getvalue()),
        },
    )
    assert "giải nén bất thường" in response.content.decode()
    assert Enterprise.objects.count() == 0
