"""Case studies: figures from the presented options, consent and approval before publishing,
sanitised story, guarded files, a history row per change."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from enterprises.case_studies import case_study_figures, presented_options
from enterprises.choices import OptionCategory, OptionStatus, PublicationStatus
from enterprises.models import CaseStudy
from public.case_editing import (
    case_study_publish,
    case_study_record_consent,
    case_study_save,
    case_study_set_cover,
    case_study_unpublish,
    case_study_withdraw_consent,
)
from tests.factories import AssessmentFactory, CaseStudyFactory, EnterpriseFactory, OptionFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes(width=40, height=20) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (20, 120, 60)).save(out, format="PNG")
    return out.getvalue()


def implemented(assessment, **kw):
    kw.setdefault("status", OptionStatus.IMPLEMENTED)
    kw.setdefault("implemented_on", dt.date(2025, 8, 1))
    return OptionFactory(assessment=assessment, **kw)


def consent(case, actor):
    return case_study_record_consent(
        case=case,
        actor=actor,
        given_by="Ông Trần Văn Tâm, Giám đốc",
        given_on=dt.date(2026, 11, 2),
        document=SimpleUploadedFile("dong-y.pdf", PDF),
    )


@pytest.mark.django_db
def test_figures_come_from_the_options_with_the_registry_rules():
    assessment = AssessmentFactory(baseline_energy_kwh=Decimal(200), baseline_water_m3=Decimal(10))
    a = implemented(
        assessment,
        category=OptionCategory.TECHNOLOGY_CHANGE,
        investment_vnd=Decimal(300_000_000),
        annual_saving_vnd=Decimal(100_000_000),
        energy_saving_kwh=Decimal(150),
        water_saving_m3=None,
        co2_reduction_t=Decimal("12.5"),
    )
    b = implemented(
        assessment,
        category=OptionCategory.GOOD_HOUSEKEEPING,
        investment_vnd=Decimal(20_000_000),
        annual_saving_vnd=Decimal(60_000_000),
        energy_saving_kwh=Decimal(100),
        water_saving_m3=Decimal(2),
    )
    f = case_study_figures([a, b])
    assert f.investment_vnd == Decimal(320_000_000)
    assert f.annual_saving_vnd == Decimal(160_000_000)
    assert f.payback_years == Decimal("2.0")  # 320 / 160, as Option.payback_years
    energy, water, material = f.resources
    assert energy.percent == Decimal(100)  # 75 % + 50 %, capped as the indicators cap it
    assert energy.per_unit == Decimal(250)
    assert water.percent == Decimal("20.0")
    assert material.percent is None
    assert f.reductions["co2_t"] == Decimal("12.5")
    assert f.reductions["wastewater_m3"] is None
    # the standard category order, not the order of entry
    assert [label for label, _ in f.categories] == [
        OptionCategory.GOOD_HOUSEKEEPING.label,
        OptionCategory.TECHNOLOGY_CHANGE.label,
    ]


@pytest.mark.django_db
def test_story_is_sanitised_and_only_the_enterprises_implemented_options_are_accepted(doit):
    assessment = AssessmentFactory()
    mine = implemented(assessment)
    proposed = OptionFactory(assessment=assessment)
    foreign = implemented(AssessmentFactory())
    data = {
        "title": "Mô hình",
        "summary": "Tóm tắt",
        "problem": "Vấn đề",
        "story": '<p onclick="x()">Đo nước<script>alert(1)</script></p><img src="http://x/y">',
    }
    for wrong in (proposed, foreign):
        with pytest.raises(ValidationError) as exc:
            case_study_save(
                actor=doit, enterprise=assessment.enterprise, data=data, options=[wrong]
            )
        assert "options" in exc.value.message_dict
    case = case_study_save(actor=doit, enterprise=assessment.enterprise, data=data, options=[mine])
    assert case.story.startswith("<p>Đo nước</p>")
    for dropped in ("script", "alert", "onclick", "http://x"):  # an outside image's host too
        assert dropped not in case.story
    assert list(presented_options(case)) == [mine]
    assert case.status == PublicationStatus.DRAFT


@pytest.mark.django_db
def test_only_doit_edits_case_studies(staff_a):
    enterprise = EnterpriseFactory()
    with pytest.raises(PermissionDenied):
        case_study_save(actor=staff_a, enterprise=enterprise, data={"title": "x"}, options=[])


@pytest.mark.django_db
def test_publishing_needs_the_enterprises_consent_and_an_option(doit):
    assessment = AssessmentFactory()
    case = CaseStudyFactory(enterprise=assessment.enterprise)
    with pytest.raises(ValidationError, match="đồng ý"):
        case_study_publish(case=case, actor=doit)
    case = consent(case, doit)
    with pytest.raises(ValidationError, match="giải pháp"):
        case_study_publish(case=case, actor=doit)
    case.options.add(implemented(assessment))
    case = case_study_publish(case=case, actor=doit)
    assert case.approved_by == doit and case.approved_at is not None
    assert list(CaseStudy.objects.published()) == [case]
    assert case.consent_document.name.startswith("case_studies/")
    assert case.consent_document_name == "dong-y.pdf"


@pytest.mark.django_db
def test_the_database_refuses_a_published_row_without_consent(doit):
    from django.db import IntegrityError, transaction

    with transaction.atomic(), pytest.raises(IntegrityError):
        CaseStudyFactory(status=PublicationStatus.PUBLISHED)


@pytest.mark.django_db
def test_unpublishing_and_withdrawn_consent_take_it_down_with_history_rows(doit):
    assessment = AssessmentFactory()
    case = CaseStudyFactory(enterprise=assessment.enterprise)
    case.options.add(implemented(assessment))
    case = case_study_publish(case=consent(case, doit), actor=doit)
    case = case_study_unpublish(case=case, actor=doit)
    assert not CaseStudy.objects.published().exists()
    assert case.approved_at is None
    case = case_study_publish(case=case, actor=doit)
    case = case_study_withdraw_consent(case=case, actor=doit)
    assert not CaseStudy.objects.published().exists()
    assert not case.has_consent
    reasons = list(
        case.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )
    assert reasons[-5:] == [
        "Ghi nhận doanh nghiệp đồng ý công khai",
        "Phê duyệt và công khai",
        "Gỡ khỏi trang công khai",
        "Phê duyệt và công khai",
        "Doanh nghiệp rút lại đồng ý; gỡ khỏi trang công khai",
    ]
    assert {h.history_user for h in case.history.all()[:5]} == {doit}


@pytest.mark.django_db
def test_consent_document_must_be_a_pdf_or_a_scan(doit):
    case = CaseStudyFactory()
    with pytest.raises(ValidationError):
        case_study_record_consent(
            case=case,
            actor=doit,
            given_by="Bà Lê",
            given_on=dt.date(2026, 11, 2),
            document=SimpleUploadedFile("dong-y.pdf", b"<html><script>x</script></html>"),
        )
    case.refresh_from_db()
    assert not case.has_consent


@pytest.mark.django_db
def test_cover_is_re_encoded_and_scaled_and_a_disguised_file_is_refused(doit, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path)},
    }}  # fmt: skip
    case = CaseStudyFactory()
    big = png_bytes(3200, 400)
    case = case_study_set_cover(
        case=case, actor=doit, upload=SimpleUploadedFile("a.png", big), alt="Hệ thống thu hồi nhiệt"
    )
    with case.cover_image.open("rb") as fh, Image.open(fh) as image:
        assert image.size == (1600, 200)
    with pytest.raises(ValidationError):
        case_study_set_cover(
            case=case, actor=doit, upload=SimpleUploadedFile("b.png", PDF), alt="x"
        )
    with pytest.raises(ValidationError) as exc:
        case_study_set_cover(
            case=case, actor=doit, upload=SimpleUploadedFile("c.png", png_bytes()), alt=" "
        )
    assert "cover_alt" in exc.value.message_dict
