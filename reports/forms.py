"""Forms of the reports pages: they parse input; the services decide and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency
from assignments.choices import ActivityKind
from assignments.models import Activity
from reports.consolidated import CONSOLIDATED_FIELDS
from reports.models import ConsolidatedReport, SxshOfficer
from reports.prefill import FIGURE_ROWS


class VersionedForm(forms.Form):
    """Every write form carries the ``version`` the page was built from (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class NarrativeForm(VersionedForm):
    results = forms.CharField(
        label=_("Kết quả đạt được"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    difficulties = forms.CharField(
        label=_("Khó khăn, vướng mắc"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    proposals = forms.CharField(
        label=_("Đề xuất, kiến nghị"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )


class AdjustForm(VersionedForm):
    key = forms.ChoiceField(label=_("Chỉ tiêu"), choices=[(r.key, r.label) for r in FIGURE_ROWS])
    value = forms.IntegerField(
        label=_("Số liệu điều chỉnh"),
        min_value=0,
        required=False,
        help_text=_("Để trống để bỏ điều chỉnh, dùng lại số liệu tự động."),
    )
    reason = forms.CharField(
        label=_("Lý do điều chỉnh"), max_length=500, widget=forms.TextInput(), required=True
    )


class CommentForm(VersionedForm):
    comment = forms.CharField(
        label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, comment_required=False, comment_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = comment_required
        if comment_label:
            self.fields["comment"].label = comment_label


class ConsolidatedForm(forms.ModelForm):
    class Meta:
        model = ConsolidatedReport
        fields = list(CONSOLIDATED_FIELDS)
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 6}),
            "difficulties": forms.Textarea(attrs={"rows": 5}),
            "proposals": forms.Textarea(attrs={"rows": 5}),
            "recipients": forms.Textarea(attrs={"rows": 5}),
            "signer_title": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "recipients": _("Mỗi dòng một nơi nhận, ví dụ “UBND tỉnh (b/c);” … “Lưu: VT, QLCN.”"),
            "signer_title": _(
                "Mỗi dòng một dòng chức danh, ví dụ “KT. GIÁM ĐỐC” / “PHÓ GIÁM ĐỐC”."
            ),
        }


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
