"""The open datasets: the aggregate statistics behind the public figures, as CSV, XLSX and JSON.

Each dataset is one breakdown of the release (``public.aggregates``) — by year, commune/ward,
industry (VSIC division), size class, option category — plus the solution library itself. No
row describes one enterprise and no column holds personal data: every figure is a count or a
sum over a group of facilities, and a figure of a group below the minimum size (or one that
would let a reader compute such a group by subtraction) is left empty (``null`` in JSON).

Licence and publisher come from settings (``OPEN_DATA_LICENCE``, ``PORTAL_PROVINCE``); the
"as of" date is the release's. Files are built once per data version, day and language.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from config.spreadsheets import append_row, neutralise_formula
from enterprises.choices import LocalityKind, OptionCategory, SizeClass
from public.aggregates import ALL, NONE, release
from public.caching import content_version

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "CSV"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
    "json": ("application/json", "JSON"),
}

#: every column any dataset has: key → (title, unit / kind)
COLUMNS = {
    "year": (_("Năm"), "year"),
    "locality_code": (_("Mã xã, phường"), "code"),
    "locality_name": (_("Tên xã, phường"), "text"),
    "locality_kind": (_("Loại đơn vị hành chính"), "text"),
    "division": (_("Mã ngành VSIC cấp 2"), "code"),
    "division_name": (_("Tên ngành"), "text"),
    "size_class": (_("Mã quy mô"), "code"),
    "size_label": (_("Quy mô (Nghị định 80/2021/NĐ-CP)"), "text"),
    "category": (_("Mã nhóm giải pháp"), "code"),
    "category_label": (_("Nhóm giải pháp SXSH"), "text"),
    "potential": (_("Số cơ sở có tiềm năng SXSH"), "facilities"),
    "informed": (_("Số cơ sở có tiềm năng đã được phổ biến SXSH"), "facilities"),
    "assessed": (_("Số cơ sở đã đánh giá SXSH"), "facilities"),
    "applying": (_("Số cơ sở đang áp dụng SXSH (có giải pháp đã thực hiện)"), "facilities"),
    "newly_informed": (_("Số cơ sở có tiềm năng được phổ biến lần đầu trong năm"), "facilities"),
    "newly_assessed": (_("Số cơ sở được đánh giá lần đầu trong năm"), "facilities"),
    "newly_applying": (_("Số cơ sở bắt đầu áp dụng trong năm"), "facilities"),
    "applying_that_year": (_("Số cơ sở có giải pháp thực hiện trong năm"), "facilities"),
    "options": (_("Số giải pháp đã thực hiện"), "count"),
    "investment_vnd": (_("Tổng chi phí đầu tư (đồng)"), "VND"),
    "annual_saving_vnd": (_("Tổng lợi ích hằng năm (đồng/năm)"), "VND/year"),
    "co2_reduction_t": (_("Giảm phát thải CO₂ (tấn/năm)"), "t/year"),
    "wastewater_reduction_m3": (_("Giảm nước thải (m³/năm)"), "m3/year"),
    "solid_waste_reduction_t": (_("Giảm chất thải rắn (tấn/năm)"), "t/year"),
    "facilities": (_("Số cơ sở đã áp dụng"), "facilities"),
    "median_investment_vnd": (_("Chi phí đầu tư trung vị mỗi cơ sở (đồng)"), "VND"),
    "median_annual_saving_vnd": (_("Lợi ích hằng năm trung vị mỗi cơ sở (đồng/năm)"), "VND/year"),
    "median_payback_years": (_("Thời gian hoàn vốn trung vị (năm)"), "years"),
    "typical_energy_kwh": (_("Tiết kiệm năng lượng điển hình (kWh/đơn vị SP)"), "kWh/unit"),
    "typical_water_m3": (_("Tiết kiệm nước điển hình (m³/đơn vị SP)"), "m3/unit"),
    "typical_material_t": (_("Tiết kiệm nguyên liệu điển hình (tấn/đơn vị SP)"), "t/unit"),
    "product_unit": (_("Đơn vị sản phẩm của các giá trị điển hình"), "text"),
}
STAGES = ["potential", "informed", "assessed", "applying"]
SUMS = [
    "options",
    "investment_vnd",
    "annual_saving_vnd",
    "co2_reduction_t",
    "wastewater_reduction_m3",
    "solid_waste_reduction_t",
]


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    columns: tuple[str, ...]
    keywords: tuple[str, ...] = ()

    @property
    def column_list(self) -> list[dict]:
        return [{"name": c, "title": COLUMNS[c][0], "unit": COLUMNS[c][1]} for c in self.columns]


DATASETS = [
    Dataset(
        "theo-nam",
        _("Áp dụng sản xuất sạch hơn theo năm"),
        _(
            "Mỗi năm: số cơ sở được phổ biến, đánh giá, bắt đầu áp dụng SXSH lần đầu trong năm; "
            "số giải pháp thực hiện trong năm, chi phí đầu tư, lợi ích và mức giảm phát thải của "
            "các giải pháp đó."
        ),
        (
            "year",
            "newly_informed",
            "newly_assessed",
            "newly_applying",
            "applying_that_year",
            *SUMS,
        ),
        ("năm", "xu hướng"),
    ),
    Dataset(
        "theo-xa-phuong",
        _("Áp dụng sản xuất sạch hơn theo xã, phường"),
        _(
            "Mỗi xã, phường, đặc khu (sau sắp xếp năm 2025): số cơ sở có tiềm năng, đã được phổ "
            "biến, đã đánh giá, đang áp dụng SXSH; số giải pháp, chi phí đầu tư, lợi ích, mức "
            "giảm phát thải. Dòng không có mã là các cơ sở chưa ghi xã, phường."
        ),
        ("locality_code", "locality_name", "locality_kind", *STAGES, *SUMS),
        ("xã", "phường", "địa bàn"),
    ),
    Dataset(
        "theo-nganh",
        _("Áp dụng sản xuất sạch hơn theo ngành (VSIC cấp 2)"),
        _(
            "Mỗi ngành kinh tế cấp 2 theo VSIC 2018 (10 chế biến thực phẩm, 13 dệt, 17 giấy…): "
            "cùng các chỉ tiêu như bộ dữ liệu theo xã, phường."
        ),
        ("division", "division_name", *STAGES, *SUMS),
        ("ngành", "VSIC"),
    ),
    Dataset(
        "theo-quy-mo",
        _("Áp dụng sản xuất sạch hơn theo quy mô cơ sở"),
        _(
            "Siêu nhỏ, nhỏ, vừa, lớn theo Nghị định 80/2021/NĐ-CP (và các cơ sở chưa xác định "
            "quy mô): cùng các chỉ tiêu như bộ dữ liệu theo xã, phường."
        ),
        ("size_class", "size_label", *STAGES, *SUMS),
        ("quy mô", "doanh nghiệp nhỏ và vừa"),
    ),
    Dataset(
        "theo-nhom-giai-phap",
        _("Giải pháp sản xuất sạch hơn theo nhóm giải pháp"),
        _(
            "Tám nhóm giải pháp SXSH tiêu chuẩn: số cơ sở đã áp dụng, số giải pháp, chi phí đầu "
            "tư, lợi ích và mức giảm phát thải. Một cơ sở có giải pháp ở nhiều nhóm được tính ở "
            "mỗi nhóm."
        ),
        ("category", "category_label", "applying", *SUMS),
        ("giải pháp", "nhóm giải pháp"),
    ),
    Dataset(
        "thu-vien-giai-phap",
        _("Thư viện giải pháp: giá trị điển hình theo ngành, nhóm giải pháp và quy mô"),
        _(
            "Mỗi tổ hợp ngành × nhóm giải pháp × quy mô (kể cả 'mọi ngành', 'mọi quy mô', mã *): "
            "số cơ sở đã áp dụng; chi phí đầu tư, lợi ích hằng năm và thời gian hoàn vốn trung vị "
            "mỗi cơ sở; mức tiết kiệm điển hình trên một đơn vị sản phẩm (trung vị, theo đơn vị "
            "sản phẩm phổ biến nhất của nhóm)."
        ),
        (
            "division",
            "division_name",
            "category",
            "category_label",
            "size_class",
            "size_label",
            "facilities",
            "median_investment_vnd",
            "median_annual_saving_vnd",
            "median_payback_years",
            "typical_energy_kwh",
            "typical_water_m3",
            "typical_material_t",
            "product_unit",
        ),
        ("thư viện giải pháp", "trung vị", "hoàn vốn"),
    ),
]
BY_SLUG = {d.slug: d for d in DATASETS}


def licence() -> dict:
    return settings.OPEN_DATA_LICENCE


def _labels() -> dict:
    return {
        "size": dict(SizeClass.choices) | {NONE: _("Chưa xác định"), ALL: _("Mọi quy mô")},
        "category": dict(OptionCategory.choices),
        "kind": dict(LocalityKind.choices),
    }


def _stage_part(row: dict) -> dict:
    return {k: row.get(k) for k in (*STAGES, *SUMS)}


def rows(slug: str, rel: dict) -> list[dict]:
    """The dataset's rows (dicts over its columns; ``None`` = suppressed)."""
    data, labels = rel["datasets"], _labels()
    total = {**_stage_part(data["total"])}
    everywhere = _("Toàn tỉnh")
    if slug == "theo-nam":
        return [dict(r) for r in data["year"]]
    if slug == "theo-xa-phuong":
        out = [
            {
                **r,
                "locality_name": r["locality_name"] or _("Chưa ghi xã, phường"),
                "locality_kind": labels["kind"].get(r["locality_kind"], ""),
            }
            for r in data["locality"]
        ]
        return [
            *out,
            {"locality_code": ALL, "locality_name": everywhere, "locality_kind": "", **total},
        ]
    if slug == "theo-nganh":
        out = [
            {
                **r,
                "division_name": r["name"]
                or (_("Chưa ghi mã ngành") if r["division"] == NONE else ""),
            }
            for r in data["division"]
        ]
        return [*out, {"division": ALL, "division_name": everywhere, **total}]
    if slug == "theo-quy-mo":
        out = [{**r, "size_label": labels["size"][r["size_class"]]} for r in data["size"]]
        return [*out, {"size_class": ALL, "size_label": everywhere, **total}]
    if slug == "theo-nhom-giai-phap":
        out = [{**r, "category_label": labels["category"][r["category"]]} for r in data["category"]]
        return [
            *out,
            {
                "category": ALL,
                "category_label": everywhere,
                "applying": total["applying"],
                **{k: total[k] for k in SUMS},
            },
        ]
    if slug == "thu-vien-giai-phap":
        return library_rows(rel, labels)
    raise KeyError(slug)


def library_rows(rel: dict, labels: dict) -> list[dict]:
    out = []
    names = {**rel["divisions"], ALL: _("Mọi ngành")}
    order = {c: i for i, c in enumerate(labels["category"])}
    sizes = {s: i for i, s in enumerate([ALL, *SizeClass.values])}
    for (d, c, s), cell in sorted(
        rel["library"].items(),
        key=lambda kv: (kv[0][0] != ALL, kv[0][0], order[kv[0][1]], sizes[kv[0][2]]),
    ):
        row = {
            "division": d,
            "division_name": names.get(d, ""),
            "category": c,
            "category_label": labels["category"][c],
            "size_class": s,
            "size_label": labels["size"][s],
        }
        if cell is None:
            row.update(dict.fromkeys(BY_SLUG["thu-vien-giai-phap"].columns[6:]))
        else:
            units = {cell[k]["unit"] for k in ("energy_kwh", "water_m3", "material_t") if cell[k]}
            row.update(
                facilities=cell["facilities"],
                median_investment_vnd=cell["investment_vnd"],
                median_annual_saving_vnd=cell["annual_saving_vnd"],
                median_payback_years=cell["payback_years"],
                typical_energy_kwh=cell["energy_kwh"] and cell["energy_kwh"]["value"],
                typical_water_m3=cell["water_m3"] and cell["water_m3"]["value"],
                typical_material_t=cell["material_t"] and cell["material_t"]["value"],
                product_unit="; ".join(sorted(units)),
            )
        out.append(row)
    return out


# --------------------------------------------------------------------------- files


def _json_value(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if value is not None and not isinstance(value, int | float | str | bool):
        return str(value)
    return value


def metadata(dataset: Dataset, rel: dict) -> dict:
    return {
        "identifier": dataset.slug,
        "title": str(dataset.title),
        "description": str(dataset.description),
        "as_of": rel["as_of"].isoformat(),
        "license": {"name": licence()["name"], "url": licence()["url"]},
        "publisher": str(publisher()),
        "minimum_group": rel["min_group"],
        "suppression": str(SUPPRESSION_NOTE) % {"n": rel["min_group"]},
        "columns": [
            {"name": c, "title": str(COLUMNS[c][0]), "unit": COLUMNS[c][1]} for c in dataset.columns
        ],
    }


SUPPRESSION_NOTE = _(
    "Ô trống (null) là số liệu được ẩn: nhóm dưới %(n)s cơ sở, hoặc một ô được ẩn thêm để "
    "không thể suy ra nhóm nhỏ bằng phép trừ các tổng."
)


def publisher():
    return _("Sở Công Thương tỉnh %(province)s") % {"province": settings.PORTAL_PROVINCE}


def render(slug: str, fmt: str, rel: dict | None = None) -> bytes:
    """The file's bytes; cached per data version, day and language (the release's key)."""
    dataset = BY_SLUG[slug]
    key = f"public:dataset:{slug}:{fmt}:{get_language()}:{timezone.localdate()}:{content_version()}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    rel = rel or release()
    body = {"csv": _csv, "xlsx": _xlsx, "json": _json}[fmt](dataset, rel)
    cache.set(key, body, 3600)
    return body


def _csv(dataset: Dataset, rel: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(dataset.columns)
    for row in rows(dataset.slug, rel):
        writer.writerow(
            ["" if row.get(c) is None else neutralise_formula(str(row[c])) for c in dataset.columns]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM: Excel reads UTF-8 then


def _json(dataset: Dataset, rel: dict) -> bytes:
    payload = {
        **metadata(dataset, rel),
        "rows": [
            {c: _json_value(row.get(c)) for c in dataset.columns} for row in rows(dataset.slug, rel)
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")


def _xlsx(dataset: Dataset, rel: dict) -> bytes:
    from openpyxl import Workbook

    meta = metadata(dataset, rel)
    wb = Workbook()
    sheet = wb.active
    sheet.title = str(_("Dữ liệu"))[:31]
    append_row(sheet, [str(COLUMNS[c][0]) for c in dataset.columns])
    append_row(sheet, list(dataset.columns))
    for row in rows(dataset.slug, rel):
        append_row(sheet, [row.get(c) for c in dataset.columns])
    sheet.freeze_panes = "A3"
    about = wb.create_sheet(str(_("Thông tin"))[:31])
    for label, value in (
        (_("Bộ dữ liệu"), meta["title"]),
        (_("Mô tả"), meta["description"]),
        (_("Số liệu tính đến ngày"), rel["as_of"]),
        (_("Đơn vị công bố"), meta["publisher"]),
        (_("Giấy phép"), f"{meta['license']['name']} — {meta['license']['url']}"),
        (_("Số liệu ẩn"), meta["suppression"]),
    ):
        append_row(about, [str(label), value])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
