"""The document list's filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.choices import DocumentKind


class DocumentFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm"), required=False)
    kind = forms.ChoiceField(
        label=_("Loại văn bản"), required=False, choices=[("", _("Tất cả")), *DocumentKind.choices]
    )
    year = forms.IntegerField(label=_("Năm ký"), required=False, min_value=1945, max_value=2100)
