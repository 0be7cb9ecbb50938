"""Forms of the events pages: the public registration form and DOIT's announcement form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from assignments.events import EVENT_FIELDS
from assignments.models import PublicEvent
from enterprises.rules import normalize_tax_code
from public.throttle import HoneypotMixin

_DATETIME = {"type": "datetime-local"}
_DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


class RegistrationForm(HoneypotMixin, forms.Form):
    enterprise_name = forms.CharField(label=_("Tên doanh nghiệp, cơ sở"), max_length=300)
    tax_code = forms.CharField(
        label=_("Mã số thuế"),
        max_length=20,
        help_text=_("10 chữ số, hoặc 13 chữ số với đơn vị phụ thuộc (0123456789-001)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    contact_name = forms.CharField(
        label=_("Người liên hệ"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Thư điện tử"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = forms.CharField(
        label=_("Điện thoại"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    attendees = forms.IntegerField(
        label=_("Số người tham dự"), min_value=1, max_value=20, initial=1
    )

    def clean_tax_code(self):
        try:
            return normalize_tax_code(self.cleaned_data["tax_code"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None


class EventForm(forms.ModelForm):
    """What DOIT sets when announcing an activity (``assignments.events.public_event_save``)."""

    class Meta:
        model = PublicEvent
        fields = EVENT_FIELDS
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "starts_at": forms.DateTimeInput(attrs=_DATETIME, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs=_DATETIME, format="%Y-%m-%dT%H:%M"),
            "registration_closes_at": forms.DateTimeInput(attrs=_DATETIME, format="%Y-%m-%dT%H:%M"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at", "registration_closes_at"):
            self.fields[name].input_formats = _DATETIME_FORMATS
