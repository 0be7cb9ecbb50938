"""Forms of the enterprise's own pages and of DOIT's review (they parse input only)."""

from __future__ import annotations

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from assignments.uploads import ACCEPT_ATTR
from enterprises.forms import DateInput
from enterprises.models import Assessment, Enterprise, Option, VsicCode
from enterprises.profile import CONTACT_FIELDS, IDENTITY_FIELDS


class FirmProfileForm(forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = [*CONTACT_FIELDS, *IDENTITY_FIELDS]
        help_texts = {
            "employees": _("Lao động tham gia bảo hiểm xã hội bình quân năm."),
            "revenue_million_vnd": _("Quy mô được tính theo Nghị định 80/2021/NĐ-CP."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vsic"].queryset = VsicCode.objects.order_by("code")
        self.fields["vsic"].label_from_instance = lambda v: f"{v.code} — {v.name[:80]}"


class SelfAssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = [
            "assessed_on",
            "kind",
            "status",
            "consultant",
            "product_unit",
            "annual_output",
            "baseline_energy_kwh",
            "baseline_water_m3",
            "baseline_material_t",
            "notes",
        ]
        widgets = {"assessed_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "product_unit": _("Ví dụ: tấn sản phẩm, tấn lúa, 1.000 viên gạch."),
            "baseline_energy_kwh": _("Mức tiêu hao trước khi áp dụng giải pháp (mức nền)."),
        }


class SelfOptionForm(forms.ModelForm):
    """The option, and what the enterprise measures now per unit of product: the saving is the
    assessment's baseline minus this (computed by the service, never typed)."""

    current_energy_kwh = forms.DecimalField(
        label=_("Năng lượng hiện nay (kWh/đơn vị SP)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=3,
    )
    current_water_m3 = forms.DecimalField(
        label=_("Nước hiện nay (m³/đơn vị SP)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=3,
    )
    current_material_t = forms.DecimalField(
        label=_("Nguyên liệu hiện nay (tấn/đơn vị SP)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=3,
    )

    class Meta:
        model = Option
        fields = [
            "category",
            "description",
            "status",
            "implemented_on",
            "investment_vnd",
            "annual_saving_vnd",
        ]
        widgets = {"implemented_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "annual_saving_vnd": _("Chi phí tiết kiệm được trong một năm nhờ giải pháp."),
        }

    CURRENT = ("current_energy_kwh", "current_water_m3", "current_material_t")

    def split(self) -> tuple[dict, dict]:
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.CURRENT}
        current = {k: self.cleaned_data.get(k) for k in self.CURRENT}
        return data, current


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp minh chứng"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTR}),
        help_text=_("Hóa đơn, biên bản nghiệm thu, số liệu đồng hồ đo, ảnh chụp…"),
    )


class FirmReportForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    results = forms.CharField(
        label=_("Kết quả áp dụng SXSH trong năm"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    plan = forms.CharField(
        label=_("Kế hoạch SXSH năm sau"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    difficulties = forms.CharField(
        label=_("Khó khăn, vướng mắc"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    proposals = forms.CharField(
        label=_("Đề xuất, kiến nghị"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, tasks=(), answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        answers = answers or {}
        self.task_fields = []
        for task in tasks:
            name = f"task_{task.pk}"
            self.fields[name] = forms.CharField(
                label=f"{task.ref}. {Truncator(task.text).chars(160)}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=answers.get(str(task.pk), ""),
            )
            self.task_fields.append((task, name))

    def text_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("results", "plan", "difficulties", "proposals")}

    def task_answers(self) -> dict:
        return {str(task.pk): self.cleaned_data.get(name, "") for task, name in self.task_fields}


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Ý kiến của Sở Công Thương"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
