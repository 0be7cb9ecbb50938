"""The registry list filters (django-filter): search, locality, sector, zone, size, stage, flags."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.widgets import FastSelect
from enterprises.choices import SizeClass, Stage
from enterprises.models import Enterprise, IndustrialZone, Locality, VsicCode

YES_NO = [("1", _("Có")), ("0", _("Không"))]


def _sections(request):
    return VsicCode.objects.filter(level="section").order_by("code")


class EnterpriseFilter(django_filters.FilterSet):
    """Filters the registry; the stage filter uses ``in_stage`` (no per-row annotation needed)."""

    q = django_filters.CharFilter(label=_("Tìm tên, mã số thuế"), method="filter_q")
    locality = django_filters.ModelChoiceFilter(
        widget=FastSelect,
        label=_("Xã, phường"),
        queryset=Locality.objects.order_by("name"),
        empty_label=_("Tất cả xã, phường"),
    )
    section = django_filters.ModelChoiceFilter(
        widget=FastSelect,
        label=_("Ngành (VSIC cấp 1)"),
        queryset=_sections,
        method="filter_section",
        to_field_name="code",
        empty_label=_("Tất cả ngành"),
    )
    zone = django_filters.ModelChoiceFilter(
        widget=FastSelect,
        label=_("Khu, cụm công nghiệp"),
        queryset=IndustrialZone.objects.order_by("name"),
        empty_label=_("Tất cả"),
        null_label=_("Ngoài khu, cụm công nghiệp"),
        null_value="none",
    )
    size_class = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Quy mô"),
        choices=SizeClass.choices,
        empty_label=_("Tất cả quy mô"),
    )
    stage = django_filters.ChoiceFilter(
        widget=FastSelect,
        method="filter_stage",
        label=_("Giai đoạn SXSH"),
        choices=Stage.choices,
        empty_label=_("Tất cả giai đoạn"),
    )
    has_sxsh_potential = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Có tiềm năng SXSH"),
        choices=YES_NO,
        method="filter_flag",
        empty_label=_("Tất cả"),
    )
    high_pollution_risk = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Nguy cơ ô nhiễm cao"),
        choices=YES_NO,
        method="filter_flag",
        empty_label=_("Tất cả"),
    )

    class Meta:
        model = Enterprise
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_section(self, queryset, name, value):
        return queryset.filter(vsic__section=value.code) if value else queryset

    def filter_stage(self, queryset, name, value):
        return queryset.in_stage(value)

    def filter_flag(self, queryset, name, value):
        return queryset.filter(**{name: value == "1"})
