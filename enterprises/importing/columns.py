"""The columns of the registry file: the Enterprise field each fills, its template header, the
other headers accepted for it, and how its cells are read."""

from __future__ import annotations

import re
from dataclasses import dataclass

from config.text import unaccent


@dataclass(frozen=True)
class Column:
    key: str  # the Enterprise field it fills
    header: str  # the header written in the template
    aliases: tuple[str, ...] = ()
    kind: str = "text"  # text | int | decimal | bool | vsic | locality | zone | email | tax_code
    max_length: int | None = None
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("tax_code", "Mã số thuế", ("MST", "Mã số doanh nghiệp"), "tax_code", required=True),
    Column(
        "name",
        "Tên cơ sở",
        ("Tên doanh nghiệp", "Tên cơ sở sản xuất", "Tên đơn vị"),
        max_length=500,
        required=True,
    ),
    Column("vsic", "Mã ngành VSIC", ("Mã ngành", "VSIC", "Ngành VSIC", "Mã VSIC"), "vsic"),
    Column("address", "Địa chỉ", (), max_length=500),
    Column("locality", "Xã/phường", ("Xã, phường", "Phường/xã", "Xã phường, đặc khu"), "locality"),
    Column("zone", "Khu/cụm công nghiệp", ("KCN/CCN", "Khu, cụm công nghiệp"), "zone"),
    Column("employees", "Số lao động", ("Lao động", "Số lao động (người)"), "int"),
    Column("revenue_million_vnd", "Doanh thu (triệu đồng)", ("Doanh thu",), "decimal"),
    Column("capital_million_vnd", "Nguồn vốn (triệu đồng)", ("Nguồn vốn", "Vốn"), "decimal"),
    Column("has_sxsh_potential", "Có tiềm năng SXSH", ("Tiềm năng SXSH",), "bool"),
    Column("high_pollution_risk", "Nguy cơ ô nhiễm cao", ("Ô nhiễm cao",), "bool"),
    Column("iso14001", "ISO 14001", ("Có ISO 14001",), "bool"),
    Column("contact_name", "Người liên hệ", (), max_length=200),
    Column("contact_phone", "Điện thoại", ("Số điện thoại", "SĐT"), max_length=30),
    Column("contact_email", "Email", ("Thư điện tử", "E-mail"), "email", max_length=254),
)


COLUMN_BY_KEY = {c.key: c for c in COLUMNS}


FK_FIELDS = {"vsic": "vsic_id", "locality": "locality_id", "zone": "zone_id"}


def header_key(text: object) -> str:
    return re.sub(r"[^a-z0-9]", "", unaccent(str(text or "")))


HEADER_LOOKUP: dict[str, str] = {}


for _col in COLUMNS:
    for _label in (_col.header, *_col.aliases):
        HEADER_LOOKUP[header_key(_label)] = _col.key


def column_key(header: object) -> str | None:
    """The field a header names (its label or any alias, accents and punctuation ignored)."""
    if header in (None, ""):
        return None
    return HEADER_LOOKUP.get(header_key(header))
