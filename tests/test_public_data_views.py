"""The solution library and open-data pages for an anonymous visitor: content, files,
catalogue, no per-enterprise figure, bounded queries."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from enterprises.choices import OptionCategory as Cat
from public.datasets import DATASETS
from tests.public_data_helpers import FOOD, TEXTILES, facility

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    """Food: 4 small facilities (good housekeeping), one of which also changed technology, and a
    medium one; textiles: one facility (to be hidden), with a formula-like name."""
    fs = [facility(FOOD, "small", investment=100_000_000 * (i + 1), energy="12") for i in range(4)]
    facility(FOOD, "medium", investment=2_000_000_000, name="Công ty Bí Mật Lớn")
    facility(
        TEXTILES,
        "large",
        category=Cat.TECHNOLOGY_CHANGE,
        investment=9_999_000_000,
        name="=HYPERLINK(1)",
    )
    return fs


def test_library_page_for_an_anonymous_visitor(client, registry):
    response = client.get(reverse("public:library"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Thư viện giải pháp sản xuất sạch hơn" in body
    assert "Quản lý nội vi tốt" in body
    assert "Mọi ngành" in body
    assert "Bí Mật" not in body and "HYPERLINK" not in body  # no enterprise name
    assert "9.999" not in body  # the single textile facility's investment
    assert "Ẩn để bảo vệ số liệu" in body  # textiles' technology change: one facility


def test_library_filters(client, registry):
    response = client.get(reverse("public:library"), {"nganh": FOOD, "nhom": Cat.GOOD_HOUSEKEEPING})
    body = response.content.decode()
    assert response.status_code == 200
    assert "10 — Sản xuất chế biến thực phẩm" in body
    food = body.split('id="nganh-1"')[1].split('id="nganh-2"')[0]
    assert "Quản lý nội vi tốt" in food
    assert "Thay đổi công nghệ" not in food  # the category filter
    assert "Mọi ngành" in body.split('id="nganh-2"')[1]  # every industry, to compare
    # without an industry: the overview matrix links to each industry
    overview = client.get(reverse("public:library")).content.decode()
    assert 'href="?nganh=10"' in overview and 'href="?nganh=13"' in overview
    # an unknown value is ignored, not an error
    assert client.get(reverse("public:library"), {"nganh": "99x"}).status_code == 200


def test_library_size_filter_never_differs_from_all_sizes_by_one_facility(client, registry):
    """All sizes: 5 food facilities; small: 4; the difference is the one medium facility, so
    one of the two is hidden (the same rule across every filter)."""
    from public.aggregates import ALL, release

    lib = release()["library"]
    every, small = (
        lib[FOOD, Cat.GOOD_HOUSEKEEPING, ALL],
        lib.get((FOOD, Cat.GOOD_HOUSEKEEPING, "small")),
    )
    assert every is None or small is None
    assert lib.get((FOOD, Cat.GOOD_HOUSEKEEPING, "medium")) is None


def test_open_data_page_lists_every_dataset_with_licence_and_date(client, registry):
    response = client.get(reverse("public:open_data"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "CC BY 4.0" in body and "creativecommons.org/licenses/by/4.0/" in body
    assert "Số liệu tính đến ngày" in body
    for d in DATASETS:
        assert str(d.title) in body
        for fmt in ("csv", "xlsx", "json"):
            assert reverse("public:dataset", args=[d.slug, fmt]) in body


@pytest.mark.parametrize("slug", [d.slug for d in DATASETS])
def test_every_dataset_in_three_formats_without_enterprise_names(client, registry, slug):
    csv_resp = client.get(reverse("public:dataset", args=[slug, "csv"]))
    assert csv_resp.status_code == 200
    text = csv_resp.content.decode("utf-8-sig")
    assert "Bí Mật" not in text and "HYPERLINK" not in text
    table = list(csv.reader(io.StringIO(text)))
    dataset = next(d for d in DATASETS if d.slug == slug)
    assert table[0] == list(dataset.columns)
    data = json.loads(client.get(reverse("public:dataset", args=[slug, "json"])).content)
    assert data["license"]["name"] == "CC BY 4.0"
    assert data["as_of"]
    assert [c["name"] for c in data["columns"]] == list(dataset.columns)
    assert len(data["rows"]) == len(table) - 1
    xlsx = client.get(reverse("public:dataset", args=[slug, "xlsx"]))
    assert xlsx["Content-Disposition"].endswith(f'sxsh-{slug}.xlsx"')
    wb = load_workbook(io.BytesIO(xlsx.content))
    sheet = wb.worksheets[0]
    assert [c.value for c in sheet[2]] == list(dataset.columns)
    about = {r[0].value: r[1].value for r in wb.worksheets[1].iter_rows()}
    assert "CC BY 4.0" in about["Giấy phép"]


def test_industry_dataset_hides_the_single_facility_and_its_sums(client, registry):
    data = json.loads(client.get(reverse("public:dataset", args=["theo-nganh", "json"])).content)
    rows = {r["division"]: r for r in data["rows"]}
    assert rows[TEXTILES]["applying"] is None
    assert rows[TEXTILES]["investment_vnd"] is None
    # total − food must not give textiles back: one of them is hidden
    assert rows[FOOD]["investment_vnd"] is None or rows["*"]["investment_vnd"] is None


def test_unknown_dataset_or_format_is_404(client, registry):
    assert client.get(reverse("public:dataset", args=["khong-co", "csv"])).status_code == 404
    assert client.get(reverse("public:dataset", args=["theo-nam", "pdf"])).status_code == 404


def test_catalogue_is_dcat_json(client, registry):
    response = client.get(reverse("public:catalogue"))
    assert response.status_code == 200
    data = response.json()
    assert data["@type"] == "dcat:Catalog"
    assert len(data["dcat:dataset"]) == len(DATASETS)
    first = data["dcat:dataset"][0]
    assert first["dct:license"] == "https://creativecommons.org/licenses/by/4.0/"
    urls = [d["dcat:downloadURL"] for d in first["dcat:distribution"]]
    assert all(u.startswith("http://testserver/du-lieu-mo/") for u in urls)
    assert {d["dct:format"] for d in first["dcat:distribution"]} == {"CSV", "XLSX", "JSON"}


def test_bounded_queries_whatever_the_registry_size(client, registry):
    """Cold: the data version + six release queries; warm: the data version only. More
    facilities do not add queries."""
    url = reverse("public:library")
    with CaptureQueriesContext(connection) as cold:
        response = client.get(url)
    assert response.status_code == 200 and "Quản lý nội vi tốt" in response.content.decode()
    with CaptureQueriesContext(connection) as warm:
        response = client.get(url)
    assert response.status_code == 200 and "Quản lý nội vi tốt" in response.content.decode()
    for _ in range(6):
        facility(FOOD, "large")
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as bigger:
        response = client.get(url)
    assert response.status_code == 200
    assert len(cold) == len(bigger) <= 9
    assert len(warm) <= 2
    with CaptureQueriesContext(connection) as files:
        response = client.get(reverse("public:dataset", args=["theo-xa-phuong", "csv"]))
    assert response.status_code == 200 and response.content.decode("utf-8-sig").startswith(
        "locality_code"
    )
    assert len(files) <= 8


def test_a_new_counted_option_shows_at_once(client, registry):
    url = reverse("public:dataset", args=["theo-quy-mo", "json"])
    before = {r["size_class"]: r for r in json.loads(client.get(url).content)["rows"]}
    for _ in range(4):
        facility(FOOD, "large")
    after = {r["size_class"]: r for r in json.loads(client.get(url).content)["rows"]}
    assert before["*"]["applying"] == 6 and after["*"]["applying"] == 10
    assert before["large"]["applying"] is None  # one facility
    # 4 small, 1 medium (hidden), 5 large: the smallest visible part goes with the medium one
    assert after["large"]["applying"] == 5
    assert after["small"]["applying"] is None and after["medium"]["applying"] is None


def test_text_cells_are_guarded_against_formulas(client):
    from tests.factories import LocalityFactory

    place = LocalityFactory(name='=HYPERLINK("http://x")')
    for _ in range(3):
        facility(FOOD, "small", locality=place)
    text = client.get(reverse("public:dataset", args=["theo-xa-phuong", "csv"])).content
    rows = {r[0]: r for r in csv.reader(io.StringIO(text.decode("utf-8-sig")))}
    assert rows[place.code][1] == '\'=HYPERLINK("http://x")'
    assert rows[place.code][6] == "3"  # three facilities applying there
    xlsx = client.get(reverse("public:dataset", args=["theo-xa-phuong", "xlsx"])).content
    sheet = load_workbook(io.BytesIO(xlsx)).worksheets[0]
    cell = next(r[1] for r in sheet.iter_rows(min_row=3) if r[0].value == place.code)
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"
