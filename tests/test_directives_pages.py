"""Document pages for every signed-in user: filterable list, document page with its tasks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from assignments.directives.importing import directive_import
from programs.directive_parser import parse_directive
from tests.factories import LegalDocumentFactory
from tests.redirects import login_url

DIRECTIVE = """ỦY BAN NHÂN DÂN TỈNH AN GIANG

Số: 03/2024/CT-UBND

An Giang, ngày 01 tháng 3 năm 2024

CHỈ THỊ

Về đẩy mạnh sản xuất sạch hơn năm 2024

Căn cứ Quyết định số 1419/QĐ-TTg ngày 07/9/2009 của Thủ tướng Chính phủ;

1. Sở Nông nghiệp và Môi trường:

a) Lồng ghép tuyên truyền sản xuất sạch hơn trong kiểm tra môi trường;

b) Tập huấn cán bộ môi trường cấp xã.

2. Đài Phát thanh và Truyền hình:

Mở chuyên mục riêng về sản xuất sạch hơn, phối hợp với Sở Công Thương thực hiện.

Các cơ quan định kỳ 6 tháng báo cáo kết quả về Sở Công Thương.

Chỉ thị có hiệu lực sau mười ngày kể từ ngày ký./.
"""


@pytest.fixture
def directive(doit_agency, agency_a, agency_b, admin_user):
    return directive_import(
        parsed=parse_directive(DIRECTIVE), actor=admin_user, original_text=DIRECTIVE
    ).document


def test_anonymous_is_sent_to_login(client, directive):
    for url in (
        reverse("programs:index"),
        reverse("programs:document_detail", args=[directive.pk]),
    ):
        assertRedirects(client.get(url), login_url(url))


def test_agency_user_sees_the_document_list(client_for, staff_a, directive):
    response = client_for(staff_a).get(reverse("programs:index"))
    assert response.status_code == 200
    assert "03/2024/CT-UBND" in response.content.decode()


def test_list_filters_by_kind_year_and_text(client_for, staff_a, directive):
    LegalDocumentFactory(
        number="9/2019/QĐ-UBND",
        kind="quyet_dinh",
        signed_on=dt.date(2019, 5, 1),
        title="Quy chế phối hợp",
    )
    c = client_for(staff_a)

    def numbers(**params):
        response = c.get(reverse("programs:index"), params)
        return [d.number for d in response.context["object_list"]]

    assert numbers() == ["03/2024/CT-UBND", "9/2019/QĐ-UBND"]
    assert numbers(kind="quyet_dinh") == ["9/2019/QĐ-UBND"]
    assert numbers(year=2024) == ["03/2024/CT-UBND"]
    assert numbers(q="sạch hơn") == ["03/2024/CT-UBND"]
    assert numbers(q="không có") == []
    assert (
        "Không có văn bản nào khớp bộ lọc"
        in c.get(reverse("programs:index"), {"q": "zzz"}).content.decode()
    )


def test_document_page_shows_facts_basis_and_all_tasks_to_doit(client_for, doit, directive):
    response = client_for(doit).get(reverse("programs:document_detail", args=[directive.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "01/03/2024" in page and "11/03/2024" in page  # signed, effective (+10 days)
    assert "6 tháng một lần" in page and "Sở Công Thương" in page
    assert "Căn cứ Quyết định số 1419/QĐ-TTg" in page
    assert "1. Sở Nông nghiệp và Môi trường" in page and "2. Đài Phát thanh và Truyền hình" in page
    assert "Tập huấn cán bộ môi trường" in page and "Mở chuyên mục riêng" in page
    assert "Nguyên văn" in page


def test_agency_user_sees_only_their_agencys_tasks_on_the_document(client_for, staff_b, directive):
    response = client_for(staff_b).get(reverse("programs:document_detail", args=[directive.pk]))
    page = response.content.decode()
    assert "Nhiệm vụ của đơn vị bạn trong văn bản này" in page
    assert "Mở chuyên mục riêng" in page
    assert "Tập huấn cán bộ môi trường cấp xã" not in page.split("Nguyên văn")[0]


def test_unknown_document_is_404(client_for, staff_a, directive):
    response = client_for(staff_a).get(
        reverse("programs:document_detail", args=[directive.pk + 999])
    )
    assert response.status_code == 404


def test_document_page_queries_do_not_grow_with_tasks(
    client_for, doit, directive, django_assert_max_num_queries
):
    c = client_for(doit)
    url = reverse("programs:document_detail", args=[directive.pk])
    c.get(url)  # warm the session
    # session, user, user's agency (header), groups (roles), document + report_to, legal basis,
    # targets + indicators, tasks + lead agency, coordinating agencies, two permission lookups
    # (the admin links), session save, and transaction savepoints
    with django_assert_max_num_queries(15):
        response = c.get(url)
    assert response.status_code == 200
    assert "Tập huấn cán bộ môi trường cấp xã" in response.content.decode()
    for ref in range(20):
        directive.tasks.create(
            ref=f"X.{ref}", text=f"Nhiệm vụ thêm số {ref}", lead_agency=doit.agency
        )
    with django_assert_max_num_queries(15):
        response = c.get(url)
    assert response.status_code == 200
    assert "Nhiệm vụ thêm số 19" in response.content.decode()


@pytest.mark.usefixtures("no_page_cache")
def test_list_queries_are_bounded(client_for, staff_a, directive, django_assert_max_num_queries):
    for n in range(30):
        LegalDocumentFactory(number=f"{n}/2020/KH-UBND")
    c = client_for(staff_a)
    c.get(reverse("programs:index"))
    # session, user, count, groups, user's agency (header), two permission lookups, the page of
    # documents, session save (+ savepoints): the same for 1 or 31 documents
    with django_assert_max_num_queries(12):
        response = c.get(reverse("programs:index"))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 31
    assert "29/2020/KH-UBND" in response.content.decode()


def test_target_values_read_without_trailing_zeros(directive):
    from programs.models import Indicator, Target

    indicator = Indicator.objects.create(code="thu", name="Thử")
    whole = Target(document=directive, indicator=indicator, value_min=50, comparison="at_least")
    assert whole.value_label == "50 %"
    span = Target(document=directive, indicator=indicator, value_min=5.5, value_max=8)
    assert span.value_label == "5,5–8 %"
