"""The enterprise's trainings page: what it attended, and the announced events it can register for."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories_public_events import PublicEventFactory

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
