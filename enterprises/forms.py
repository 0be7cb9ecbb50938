"""Forms parse input only; the services decide and save."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from enterprises.choices import OptionStatus
from enterprises.models import Assessment, Enterprise, Option, VsicCode
from enterprises.rules import normalize_tax_code


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class EnterpriseForm(forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = [
            "tax_code",
            "name",
            "vsic",
            "address",
            "locality",
            "zone",
            "employees",
            "revenue_million_vnd",
            "capital_million_vnd",
            "has_sxsh_potential",
            "high_pollution_risk",
            "iso14001",
            "contact_name",
            "contact_phone",
            "contact_email",
        ]
        help_texts = {
            "tax_code": _("10 chữ số, hoặc 13 chữ số cho đơn vị phụ thuộc (0123456789-001)."),
            "employees": _("Lao động tham gia bảo hiểm xã hội bình quân năm."),
            "revenue_million_vnd": _("Quy mô được tính theo Nghị định 80/2021/NĐ-CP."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vsic"].queryset = VsicCode.objects.order_by("code")
        self.fields["vsic"].label_from_instance = lambda v: f"{v.code} — {v.name[:80]}"

    def clean_tax_code(self):
        return normalize_tax_code(self.cleaned_data["tax_code"])


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = [
            "assessed_on",
            "kind",
            "status",
            "consultant",
            "supporting_agency",
            "product_unit",
            "baseline_energy_kwh",
            "baseline_water_m3",
            "baseline_material_t",
            "annual_output",
            "notes",
        ]
        widgets = {"assessed_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "product_unit": _("Ví dụ: tấn sản phẩm, tấn lúa, 1.000 viên gạch."),
        }


class OptionForm(forms.ModelForm):
    class Meta:
        model = Option
        fields = [
            "category",
            "description",
            "status",
            "implemented_on",
            "investment_vnd",
            "annual_saving_vnd",
            "energy_saving_kwh",
            "water_saving_m3",
            "material_saving_t",
            "co2_reduction_t",
            "wastewater_reduction_m3",
            "solid_waste_reduction_t",
        ]
        widgets = {"implemented_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "energy_saving_kwh": _(
                "Mức giảm trên một đơn vị sản phẩm; tỷ lệ phần trăm so với mức nền được tự tính."
            ),
        }

    def clean(self):
        data = super().clean()
        if data.get("status") == OptionStatus.IMPLEMENTED and not data.get("implemented_on"):
            self.add_error("implemented_on", _("Giải pháp đã thực hiện cần có ngày thực hiện."))
        return data


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp danh sách cơ sở (.xlsx hoặc .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("Tệp quá lớn: tối đa %(mb)s MB."), params={"mb": limit // (1024 * 1024)}
            )
        if upload.size == 0:
            raise ValidationError(_("Tệp rỗng."))
        return upload
