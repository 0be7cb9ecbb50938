"""The enterprise's trainings page: what it attended, and the announced events it can register for."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import PublicEventFactory

pytestmark = pytest.mark.django_db


def test_upcoming_events_are_the_published_ones_with_their_registration_link(client, firm):
    open_ = PublicEventFactory(title="Tập huấn kiểm toán năng lượng cho doanh nghiệp")
    PublicEventFactory(title="Hội thảo nội bộ chưa công bố", is_public=False, published_at=None)
    client.force_login(firm)
    response = client.get(reverse("firms:trainings"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tập huấn kiểm toán năng lượng cho doanh nghiệp" in body
    assert reverse("public:event_detail", args=[open_.pk]) + "#h-register" in body
    assert "Hội thảo nội bộ chưa công bố" not in body


def test_the_enterprise_reports_its_annual_output_with_its_assessment(client, firm, firm_company):
    from enterprises.models import Assessment

    client.force_login(firm)
    url = reverse("firms:assessment_new", kwargs={"facility": firm_company.pk})
    page = client.get(url)
    assert page.status_code == 200 and 'name="annual_output"' in page.content.decode()
    response = client.post(
        url,
        {
            "assessed_on": "10/03/2026",
            "kind": "quick",
            "status": "completed",
            "product_unit": "tấn gạo",
            "annual_output": "12000",
            "baseline_energy_kwh": "85",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = Assessment.objects.get(enterprise=firm_company)
    assert saved.annual_output == 12000 and saved.product_unit == "tấn gạo"
