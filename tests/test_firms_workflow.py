"""Self-reporting and its verification: an enterprise's figures wait for DOIT (they do not count
in indicators) until DOIT accepts the annual report that carries them; the report goes draft →
submitted → returned with comments → resubmitted → accepted, each step recorded with its actor,
stale forms refused; DOIT sees who has not reported and reminds them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enterprises.choices import OptionStatus, Provenance
from enterprises.models import Enterprise, Option
from reports import firm_workflow as wf
from reports import indicators
from reports.choices import ReportStatus
from reports.models import EnterpriseReport, OptionEvidence
from tests.factories import AssessmentFactory, OptionFactory

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
YEAR = wf.current_report_year()


@pytest.fixture
def assessment(firm_company):
    return AssessmentFactory(enterprise=firm_company, baseline_energy_kwh=Decimal("250"))


def _report_option(client, assessment, **extra):
    data = {
        "category": "equipment_modification",
        "description": "Thay động cơ máy nén bằng động cơ hiệu suất cao IE3",
        "status": OptionStatus.IMPLEMENTED,
        "implemented_on": f"{YEAR}-05-20",
        "investment_vnd": "350000000",
        "annual_saving_vnd": "180000000",
        "current_energy_kwh": "220",
        **extra,
    }
    return client.post(reverse("firms:option_new", args=[assessment.pk]), data)


def test_self_reported_option_is_pending_and_does_not_count(firm, assessment, client_for):
    response = _report_option(client_for(firm), assessment)
    option = Option.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "firms:option_edit", args=[option.pk]
    )
    assert option.source == Provenance.SELF_PENDING
    assert option.energy_saving_kwh == Decimal("30.000")  # 250 − 220
    assert option.energy_saving_percent == Decimal("12.0")
    assert not Option.objects.counted().exists()
    assert not indicators.implemented_options(dt.date(YEAR, 12, 31)).exists()
    assert not Enterprise.objects.filter(pk=assessment.enterprise_id).in_stage("applying").exists()


def test_current_consumption_above_baseline_is_refused(firm, assessment, client_for):
    response = _report_option(client_for(firm), assessment, current_energy_kwh="300")
    assert response.status_code == 200
    assert "lớn hơn mức ban đầu" in response.content.decode()
    assert not Option.objects.exists()


def test_an_enterprise_cannot_report_on_another_companys_assessment(
    firm, other_company, client_for
):
    theirs = AssessmentFactory(enterprise=other_company)
    response = _report_option(client_for(firm), theirs)
    assert response.status_code == 404
    assert not Option.objects.exists()


def test_evidence_goes_through_the_guarded_upload(firm, assessment, client_for, doit, staff_a):
    client = client_for(firm)
    _report_option(client, assessment)
    option = Option.objects.get()
    url = reverse("firms:option_evidence_add", args=[option.pk])
    bad = client.post(url, {"file": SimpleUploadedFile("hoa-don.pdf", b"MZ\x90\x00" + b"0" * 50)})
    assert bad.status_code == 302 and not OptionEvidence.objects.exists()
    client.post(url, {"file": SimpleUploadedFile("dong-ho-dien.png", PNG)})
    evidence = OptionEvidence.objects.get()
    assert evidence.content_type == "image/png" and evidence.uploaded_by == firm
    download = reverse("firms:evidence_download", args=[evidence.pk])
    assert client.get(download).status_code == 200
    assert client_for(doit).get(download).status_code == 200
    assert client_for(staff_a).get(download).status_code == 404


def _submit(client, report, results="Đã thay động cơ máy nén, giảm 12% điện năng."):
    return client.post(
        reverse("firms:report_detail", args=[report.pk]),
        {"version": report.version, "results": results, "submit": "1"},
    )


def test_report_cycle_return_fix_resubmit_accept_verifies_figures(
    firm, assessment, doit, client_for
):
    client = client_for(firm)
    _report_option(client, assessment)
    client.post(reverse("firms:report_start", args=[YEAR]))
    report = EnterpriseReport.objects.get()
    assert report.figures["totals"]["implemented"] == 1
    # an empty narrative cannot be sent
    _submit(client, report, results="")
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    _submit(client, report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    # frozen while DOIT checks it
    frozen = _report_option(client, assessment)
    assert (
        frozen.status_code == 200 and "đang chờ Sở Công Thương thẩm tra" in frozen.content.decode()
    )
    assert Option.objects.count() == 1
    reviewer = client_for(doit)
    queue = reviewer.get(reverse("firms:review_queue")).content.decode()
    assert assessment.enterprise.name in queue
    detail = reviewer.get(reverse("firms:review_detail", args=[report.pk])).content.decode()
    assert "Thay động cơ máy nén" in detail and "Tự báo cáo, chờ thẩm tra" in detail
    # a return needs a comment
    action = reverse("firms:review_action", args=[report.pk, "tra-lai"])
    reviewer.post(action, {"version": report.version, "comment": ""})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    reviewer.post(action, {"version": report.version, "comment": "Bổ sung hóa đơn điện."})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    page = client.get(reverse("firms:report_detail", args=[report.pk])).content.decode()
    assert "Bổ sung hóa đơn điện." in page
    _submit(client, report, results="Đã bổ sung hóa đơn điện tháng 6–11.")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    # a stale version (the form before the resubmission) is refused
    accept = reverse("firms:review_action", args=[report.pk, "tiep-nhan"])
    reviewer.post(accept, {"version": report.version - 1, "comment": ""})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    reviewer.post(accept, {"version": report.version, "comment": ""})
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.accepted_by == doit
    option = Option.objects.get()
    assert option.source == Provenance.SELF_VERIFIED
    assert list(Option.objects.counted()) == [option]
    assert indicators.implemented_options(dt.date(YEAR, 12, 31)).count() == 1
    steps = [(t.to_status, t.actor_id) for t in report.transitions.all()]
    assert steps[1:] == [
        (ReportStatus.SUBMITTED, firm.pk),
        (ReportStatus.RETURNED, doit.pk),
        (ReportStatus.SUBMITTED, firm.pk),
        (ReportStatus.ACCEPTED, doit.pk),
    ]


def test_only_doit_reviews(firm, assessment, staff_a, leader, client_for):
    client = client_for(firm)
    client.post(reverse("firms:report_start", args=[YEAR]))
    report = EnterpriseReport.objects.get()
    _submit(client, report)
    report.refresh_from_db()
    url = reverse("firms:review_action", args=[report.pk, "tiep-nhan"])
    # agencies and leaders are refused (403); the enterprise never sees the review pages (404)
    for user, status in ((staff_a, 403), (leader, 403), (firm, 404)):
        response = client_for(user).post(url, {"version": report.version})
        assert response.status_code == status
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_doit_entered_figures_count_and_show_their_provenance(firm, firm_company, client_for):
    OptionFactory(
        assessment__enterprise=firm_company,
        status=OptionStatus.IMPLEMENTED,
        implemented_on=dt.date(YEAR, 3, 1),
    )
    assert Option.objects.counted().count() == 1
    page = client_for(firm).get(reverse("firms:options")).content.decode()
    assert "Sở Công Thương nhập" in page


def test_not_reported_companies_and_reminders_once_a_day(firm, firm_company, doit, client_for):
    rows = wf.companies_not_reported(YEAR)
    assert [r["tax_code"] for r in rows] == [firm_company.tax_code]
    client_for(doit).post(reverse("firms:review_remind"))
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [firm.email]
    assert str(YEAR) in mail.outbox[0].subject
    result = wf.firm_reminders_send(year=YEAR)
    assert result.sent == 0 and result.already_sent == 1
    client = client_for(firm)
    client.post(reverse("firms:report_start", args=[YEAR]))
    _submit(client, EnterpriseReport.objects.get())
    assert wf.companies_not_reported(YEAR) == []


def test_reminder_command(firm, capsys):
    from django.core.management import call_command

    call_command("send_enterprise_reminders", "--year", str(YEAR))
    assert "đã gửi 1 thư" in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_profile_contact_now_identity_after_doit(firm, firm_company, doit, client_for):
    from enterprises.models import ProfileChange

    client = client_for(firm)
    url = reverse("firms:profile", args=[firm_company.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(contact_phone="0296 3841 234", name="Công ty CP Thủy sản Xanh An Giang")
    data["vsic"] = firm_company.vsic_id or ""
    for flag in ("iso14001", "has_sxsh_unit"):
        if not data.get(flag):
            data.pop(flag, None)
    data["has_sxsh_unit"] = "on"
    client.post(url, data)
    firm_company.refresh_from_db()
    assert firm_company.contact_phone == "0296 3841 234"
    assert firm_company.name == "Công ty CP Thủy sản Xanh" and not firm_company.has_sxsh_unit
    change = ProfileChange.objects.get()
    assert set(change.changes) == {"name", "has_sxsh_unit"}
    admin_page = client_for(doit).get(reverse("enterprises:access_admin")).content.decode()
    assert "Công ty CP Thủy sản Xanh An Giang" in admin_page
    client_for(doit).post(reverse("enterprises:profile_change_decide", args=[change.pk, "ap-dung"]))
    firm_company.refresh_from_db()
    assert firm_company.name == "Công ty CP Thủy sản Xanh An Giang" and firm_company.has_sxsh_unit


def test_consolidated_enterprise_results_count_only_accepted_figures(firm_company, other_company):
    from programs.periods import periods_generate
    from reports.selectors import enterprise_results

    period = next(p for p in periods_generate(year=YEAR) if p.kind == "year")
    on = period.starts_on + dt.timedelta(days=30)
    for company, source in (
        (firm_company, Provenance.SELF_PENDING),
        (other_company, Provenance.DOIT),
    ):
        OptionFactory(
            assessment__enterprise=company,
            assessment__assessed_on=on,
            status=OptionStatus.IMPLEMENTED,
            implemented_on=on,
            source=source,
            annual_saving_vnd=Decimal(1_000_000),
        )
    results = enterprise_results(period=period)
    assert results["totals"]["options"] == 1
    assert [r["assessment__enterprise__tax_code"] for r in results["rows"]] == [
        other_company.tax_code
    ]
