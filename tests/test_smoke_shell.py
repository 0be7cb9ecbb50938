import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_staff_sees_shell_with_name_agency_and_role(client_for, staff_a):
    response = client_for(staff_a).get(reverse("programs:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Minh" in html
    assert "Sở Nông nghiệp và Môi trường" in html or "SNNMT" in html
    assert "Cán bộ đơn vị" in html
