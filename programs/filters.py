"""The document list's filters (django-filter): search, kind, year of signing."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programs.choices import DocumentKind
from programs.models import LegalDocument


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm"), method="filter_q")
    kind = django_filters.ChoiceFilter(
        label=_("Loại văn bản"), choices=DocumentKind.choices, empty_label=_("Tất cả")
    )
    year = YearFilter(
        label=_("Năm ký"),
        field_name="signed_on",
        lookup_expr="year",
        min_value=1945,
        max_value=2100,
    )

    class Meta:
        model = LegalDocument
        fields = ["q", "kind", "year"]

    def filter_q(self, queryset, name, value):
        q = value.strip()
        if not q:
            return queryset
        return queryset.filter(
            Q(number__icontains=q) | Q(title__icontains=q) | Q(issuer__icontains=q)
        )
