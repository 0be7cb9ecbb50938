"""Case study pages: only published + consented + approved is public (else 404), DOIT edits,
previews, publishes and takes down — the public page answers 404 at once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enterprises.choices import OptionStatus, PublicationStatus
from enterprises.models import CaseStudy
from public.case_editing import case_study_publish, case_study_set_cover
from tests.factories import AssessmentFactory, CaseStudyFactory, OptionFactory
from tests.test_case_studies_services import PDF, consent, png_bytes


def _case(doit, *, published=True, **kw):
    assessment = AssessmentFactory(
        enterprise__contact_email="giamdoc@secret-firm.example",
        enterprise__contact_phone="0912 345 678",
    )
    case = CaseStudyFactory(enterprise=assessment.enterprise, **kw)
    case.options.add(
        OptionFactory(
            assessment=assessment,
            status=OptionStatus.IMPLEMENTED,
            implemented_on=dt.date(2025, 9, 1),
            description="Thu hồi nước ngưng lò hơi",
            investment_vnd=Decimal(150_000_000),
            annual_saving_vnd=Decimal(100_000_000),
        )
    )
    if published:
        case = case_study_publish(case=consent(case, doit), actor=doit)
    return case


@pytest.fixture
def storage(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path)},
    }}  # fmt: skip


@pytest.mark.django_db
def test_published_case_study_is_public_with_its_figures(client, doit, storage):
    case = _case(doit, story="<p>Đo nước từng khu vực</p>")
    listing = client.get(reverse("public:case_list"))
    assert listing.status_code == 200
    assert case.title in listing.content.decode()
    response = client.get(reverse("public:case_detail", args=[case.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Thu hồi nước ngưng lò hơi" in body
    assert "150.000.000" in body and "100.000.000" in body
    assert "1,5 năm" in body  # payback, Vietnamese decimals
    assert "<p>Đo nước từng khu vực</p>" in body
    # the enterprise's contacts and tax code stay in the registry
    for secret in (case.enterprise.tax_code, "giamdoc@secret-firm.example", "0912 345 678"):
        assert secret not in body
        assert secret not in listing.content.decode()


@pytest.mark.django_db
def test_draft_unconsented_and_unpublished_case_studies_are_404(client, doit, storage):
    draft = _case(doit, published=False)
    consented = consent(_case(doit, published=False), doit)
    taken_down = _case(doit)
    client_doit = _login(doit)
    client_doit.post(reverse("public:manage_case_unpublish", args=[taken_down.pk]))
    for case in (draft, consented, taken_down):
        assert client.get(reverse("public:case_detail", args=[case.pk])).status_code == 404
    listing = client.get(reverse("public:case_list")).content.decode()
    for case in (draft, consented, taken_down):
        assert case.title not in listing


def _login(user):
    from django.test import Client

    c = Client()
    c.force_login(user)
    return c


@pytest.mark.django_db
def test_unpublishing_takes_the_page_down_at_once(client, doit, storage):
    case = _case(doit)
    url = reverse("public:case_detail", args=[case.pk])
    assert client.get(url).status_code == 200
    response = _login(doit).post(reverse("public:manage_case_unpublish", args=[case.pk]))
    assert response.status_code == 302
    assert client.get(url).status_code == 404
    case.refresh_from_db()
    assert case.status == PublicationStatus.DRAFT


@pytest.mark.django_db
def test_cover_image_is_served_only_for_a_published_case(client, doit, storage):
    case = _case(doit, published=False)
    case_study_set_cover(
        case=case, actor=doit, upload=SimpleUploadedFile("c.png", png_bytes()), alt="Lò hơi"
    )
    url = reverse("public:case_cover", args=[case.pk])
    assert client.get(url).status_code == 404
    preview = _login(doit).get(url)
    assert preview.status_code == 200 and preview["Content-Type"] == "image/png"
    case_study_publish(case=consent(case, doit), actor=doit)
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_doit_writes_previews_records_consent_and_publishes(doit, storage):
    assessment = AssessmentFactory()
    option = OptionFactory(
        assessment=assessment, status=OptionStatus.IMPLEMENTED, implemented_on=dt.date(2025, 3, 1)
    )
    c = _login(doit)
    pick = c.get(reverse("public:manage_case_new"))
    assert pick.status_code == 200 and assessment.enterprise.name in pick.content.decode()
    url = reverse("public:manage_case_new") + f"?co-so={assessment.enterprise.pk}"
    form = c.get(url)
    assert form.status_code == 200 and option.description in form.content.decode()
    response = c.post(url, {
        "enterprise": assessment.enterprise.pk, "title": "Gạch không nung tiết kiệm than",
        "summary": "Giảm 30 % than.", "problem": "Lò nung tốn than.",
        "story": "<h3>Bắt đầu</h3><p>Thay lò</p><script>x</script>", "options": [option.pk],
    })  # fmt: skip
    assert response.status_code == 302
    case = CaseStudy.objects.get()
    assert case.story == "<h3>Bắt đầu</h3><p>Thay lò</p>"
    preview = c.get(reverse("public:manage_case_preview", args=[case.pk]))
    assert preview.status_code == 200 and "Xem trước" in preview.content.decode()
    # publishing before consent is refused with a message
    c.post(reverse("public:manage_case_publish", args=[case.pk]))
    case.refresh_from_db()
    assert case.status == PublicationStatus.DRAFT
    c.post(
        reverse("public:manage_case_consent", args=[case.pk]),
        {"given_by": "Ông Tâm, Giám đốc", "given_on": "2026-11-20",
         "document": SimpleUploadedFile("dong-y.pdf", PDF)},
    )  # fmt: skip
    c.post(reverse("public:manage_case_publish", args=[case.pk]))
    case.refresh_from_db()
    assert case.is_published and case.approved_by == doit
    page = c.get(reverse("public:manage_case", args=[case.pk])).content.decode()
    assert "Phê duyệt và công khai" in page and "Ghi nhận doanh nghiệp đồng ý công khai" in page
    download = c.get(reverse("public:manage_case_consent_document", args=[case.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
