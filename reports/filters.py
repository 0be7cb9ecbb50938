"""The reports pages' filters (django-filter): the report list, the completeness matrix."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.choices import AgencyKind
from accounts.models import Agency
from accounts.widgets import FastSelect
from programs.models import ReportingPeriod
from reports.choices import ReportStatus
from reports.models import AgencyReport


def _periods(request):
    return ReportingPeriod.objects.order_by("-ends_on", "kind")


def _reporting_agencies(request):
    return Agency.objects.filter(reports__isnull=False).distinct().order_by("name")


def _default_regime_periods(request):
    return ReportingPeriod.objects.filter(regime__is_default=True).order_by("ends_on", "kind")


class ReportFilter(django_filters.FilterSet):
    """The report list; the agency filter only for those who see every agency."""

    period = django_filters.ModelChoiceFilter(
        widget=FastSelect, label=_("Kỳ báo cáo"), queryset=_periods, empty_label=_("Tất cả")
    )
    status = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Trạng thái"),
        choices=ReportStatus.choices,
        empty_label=_("Tất cả"),
    )
    agency = django_filters.ModelChoiceFilter(
        widget=FastSelect,
        label=_("Cơ quan"),
        queryset=_reporting_agencies,
        empty_label=_("Tất cả"),
    )

    class Meta:
        model = AgencyReport
        fields = ["period", "status", "agency"]

    def __init__(self, *args, show_agency: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_agency:
            del self.filters["agency"]


class CompletenessFilter(django_filters.FilterSet):
    """The periods of the completeness matrix (from … to …); ``kind`` narrows its agencies and
    is read by the view from the form."""

    start = django_filters.ModelChoiceFilter(
        widget=FastSelect,
        label=_("Từ kỳ"),
        queryset=_default_regime_periods,
        empty_label=_("6 kỳ gần nhất"),
        method="filter_start",
    )
    end = django_filters.ModelChoiceFilter(
        widget=FastSelect,
        label=_("Đến kỳ"),
        queryset=_default_regime_periods,
        empty_label=_("Kỳ mới nhất"),
        method="filter_end",
    )
    kind = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Loại cơ quan"),
        choices=AgencyKind.choices,
        empty_label=_("Tất cả"),
        method="filter_nothing",
    )

    class Meta:
        model = ReportingPeriod
        fields = ["start", "end", "kind"]

    def filter_start(self, queryset, name, value):
        return queryset.filter(ends_on__gte=value.ends_on)

    def filter_end(self, queryset, name, value):
        return queryset.filter(ends_on__lte=value.ends_on)

    def filter_nothing(self, queryset, name, value):
        return queryset

    @property
    def agency_kind(self) -> str:
        return (self.form.cleaned_data.get("kind") or "") if self.is_valid() else ""

    @property
    def has_start(self) -> bool:
        return self.is_bound and self.is_valid() and bool(self.form.cleaned_data.get("start"))
