"""One object of agency A for every kind of URL parameter (authorization matrix, hardening).

Built with the ORM directly (not the other issues' factories) so it keeps working while those
are being written. Every owned object belongs to agency A, so staff of agency B must get 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile

from assignments.choices import ActivityKind, ProgressStatus
from assignments.models import Activity, Evidence, ProgressUpdate, Task
from bench.synthetic import tax_codes
from enterprises.choices import AssessmentKind, OptionCategory, OptionStatus
from enterprises.models import Assessment, Enterprise, Option
from programs.choices import DocumentKind
from programs.models import Indicator, LegalDocument, ReportingPeriod
from reports.models import AgencyReport, ConsolidatedReport, SxshOfficer

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    period: ReportingPeriod
    document: LegalDocument
    task: Task
    progress: ProgressUpdate
    activity: Activity
    evidence: Evidence
    enterprise: Enterprise
    assessment: Assessment
    option: Option
    report: AgencyReport
    consolidated: ConsolidatedReport
    indicator: Indicator
    officer: SxshOfficer
    import_job: object | None


def period_current() -> ReportingPeriod:
    from programs.periods import periods_generate

    periods = periods_generate(year=2026)
    return next(p for p in periods if p.key == "2026-H1")


def build_world(*, agency_a, staff_a, doit) -> World:
    period = period_current()
    document = LegalDocument.objects.create(
        kind=DocumentKind.CHI_THI,
        number="11/2026/CT-UBND",
        title="Về việc đẩy mạnh sản xuất sạch hơn trong công nghiệp",
        issuer="UBND tỉnh",
        signed_on=dt.date(2026, 1, 5),
    )
    task = Task.objects.create(
        document=document,
        ref="1.a",
        text="Tuyên truyền, phổ biến sản xuất sạch hơn cho cơ sở sản xuất.",
        lead_agency=agency_a,
        due_on=dt.date(2026, 12, 31),
    )
    progress = ProgressUpdate.objects.create(
        task=task,
        agency=agency_a,
        period=period,
        status=ProgressStatus.IN_PROGRESS,
        percent=40,
        narrative="Đã tổ chức 2 lớp tập huấn (ghi chú nội bộ của đơn vị A).",
        author=staff_a,
    )
    activity = Activity.objects.create(
        agency=agency_a,
        task=task,
        kind=ActivityKind.TRAINING,
        title="Tập huấn sản xuất sạch hơn cho doanh nghiệp",
        held_on=dt.date(2026, 3, 10),
        participants=40,
        author=staff_a,
    )
    evidence = Evidence(
        agency=agency_a,
        progress=progress,
        original_name="bien-ban.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        uploaded_by=staff_a,
    )
    evidence.file.save("bien-ban.pdf", ContentFile(PDF_BYTES), save=False)
    evidence.save()
    enterprise = Enterprise.objects.create(
        tax_code=next(tax_codes(18, 1)),
        name="Công ty TNHH Thủy sản Sạch Hơn",
        search_text="cong ty tnhh thuy san sach hon",
    )
    assessment = Assessment.objects.create(
        enterprise=enterprise,
        assessed_on=dt.date(2026, 2, 1),
        kind=AssessmentKind.QUICK,
        baseline_energy_kwh=Decimal("100"),
    )
    option = Option.objects.create(
        assessment=assessment,
        category=OptionCategory.GOOD_HOUSEKEEPING,
        description="Sửa rò rỉ hơi nước",
        status=OptionStatus.PROPOSED,
    )
    report = AgencyReport.objects.create(agency=agency_a, period=period)
    consolidated, _ = ConsolidatedReport.objects.get_or_create(period=period)
    indicator = Indicator.objects.order_by("order", "code").first() or Indicator.objects.create(
        code="ty-le-pho-bien", name="Tỷ lệ cơ sở được phổ biến SXSH"
    )
    officer = SxshOfficer.objects.create(
        agency=agency_a, full_name="Trần Văn Sạch", since=dt.date(2025, 1, 1)
    )
    import_job = None
    try:
        from enterprises.models import ImportJob
    except ImportError:
        ImportJob = None
    if ImportJob is not None:
        import_job = ImportJob.objects.create(
            created_by=doit, file_name="imports/khong-co.xlsx", original_name="danh-sach.xlsx"
        )
    return World(
        period=period,
        document=document,
        task=task,
        progress=progress,
        activity=activity,
        evidence=evidence,
        enterprise=enterprise,
        assessment=assessment,
        option=option,
        report=report,
        consolidated=consolidated,
        indicator=indicator,
        officer=officer,
        import_job=import_job,
    )
