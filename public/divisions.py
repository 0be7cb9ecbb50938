"""VSIC 2018 divisions (two-digit codes) by name, for the guides and providers pages."""

from __future__ import annotations

from django.core.cache import cache
from django.utils.translation import get_language

from enterprises.choices import VsicLevel
from enterprises.models import VsicCode

#: manufacturing divisions the guides are written for, when the VSIC table is not loaded
FALLBACK = {
    "10": "Sản xuất, chế biến thực phẩm",
    "11": "Sản xuất đồ uống",
    "13": "Dệt",
    "14": "Sản xuất trang phục",
    "15": "Sản xuất da và các sản phẩm có liên quan",
    "16": "Chế biến gỗ và sản xuất sản phẩm từ gỗ",
    "17": "Sản xuất giấy và sản phẩm từ giấy",
    "20": "Sản xuất hoá chất và sản phẩm hoá chất",
    "22": "Sản xuất sản phẩm từ cao su và plastic",
    "23": "Sản xuất sản phẩm từ khoáng phi kim loại khác",
    "24": "Sản xuất kim loại",
    "25": "Sản xuất sản phẩm từ kim loại đúc sẵn",
}


def division_names() -> dict[str, str]:
    """``{"10": "Sản xuất, chế biến thực phẩm", …}``: one query, cached for an hour."""
    key = f"public:divisions:{get_language()}"
    found = cache.get(key)
    if found is None:
        found = dict(FALLBACK)
        found.update(VsicCode.objects.filter(level=VsicLevel.DIVISION).values_list("code", "name"))
        cache.set(key, found, 3600)
    return found
