"""Forms of the dashboard pages (they only parse input; services write)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency
from assignments.choices import ActivityKind
from assignments.models import Activity
from reports.models import SxshOfficer


class OfficerForm(forms.ModelForm):
    trainings = forms.ModelMultipleChoiceField(
        label=_("Khóa đào tạo đã tham dự"),
        queryset=Activity.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Chỉ liệt kê các hoạt động loại lớp tập huấn, đào tạo."),
    )

    class Meta:
        model = SxshOfficer
        fields = ["agency", "locality", "full_name", "position", "since", "until"]
        widgets = {
            "since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.active().order_by("name")
        self.fields["trainings"].queryset = (
            Activity.objects.filter(kind=ActivityKind.TRAINING)
            .select_related("agency")
            .order_by("-held_on")
        )
        self.fields["trainings"].label_from_instance = lambda a: (
            f"{a.held_on:%d/%m/%Y} · {a.title} ({a.agency.short_name or a.agency.name})"
        )
        if self.instance.pk:
            self.initial["trainings"] = list(self.instance.trainings.values_list("pk", flat=True))

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("Ngày kết thúc phân công phải sau ngày bắt đầu."))
        return data


class IndicatorValueForm(forms.Form):
    value = forms.DecimalField(label=_("Giá trị"), max_digits=16, decimal_places=2)
    note = forms.CharField(
        label=_("Ghi chú, nguồn số liệu"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
