"""Forms only parse input; the rules live in plans.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency
from accounts.widgets import FastSelect
from assignments.choices import FundingSource
from assignments.models import Task
from plans.choices import DeliverableKind, Quarter

_MONEY = {"min_value": 0, "max_value": 10**15}


def money_field(label, **kwargs):
    return forms.IntegerField(
        label=label,
        required=False,
        widget=forms.NumberInput(attrs={"step": 1000, "inputmode": "numeric", "class": "money"}),
        **_MONEY,
        **kwargs,
    )


class ItemForm(forms.Form):
    task = forms.ModelChoiceField(
        label=_("Nhiệm vụ"), queryset=Task.objects.none(), widget=FastSelect
    )
    title = forms.CharField(
        label=_("Nội dung công việc"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    lead_agency = forms.ModelChoiceField(
        label=_("Cơ quan chủ trì"), queryset=Agency.objects.none(), widget=FastSelect
    )
    coordinating_agencies = forms.ModelMultipleChoiceField(
        label=_("Cơ quan phối hợp"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    quarter = forms.TypedChoiceField(label=_("Quý"), choices=Quarter.choices, coerce=int)
    month = forms.TypedChoiceField(
        label=_("Tháng (nếu có)"),
        choices=[("", "—"), *[(m, str(m)) for m in range(1, 13)]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    total_vnd = forms.IntegerField(label=_("Tổng kinh phí (đồng)"), **_MONEY)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, tasks, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks
        self.fields["task"].label_from_instance = lambda t: (
            f"{t.document.number or t.document} · {t.ref} — {t.text[:80]}"
        )
        self.fields["lead_agency"].queryset = agencies
        self.fields["coordinating_agencies"].queryset = Agency.objects.active().order_by("name")
        for source, label in FundingSource.choices:
            self.fields[f"src_{source}"] = money_field(label)
        for kind, label in DeliverableKind.choices:
            self.fields[f"out_{kind}"] = forms.IntegerField(
                label=label, required=False, min_value=0, max_value=10**7
            )
        self.fields["out_label"] = forms.CharField(
            label=_("Mô tả sản phẩm khác"), required=False, max_length=200
        )

    def budget(self) -> dict[str, int]:
        return {s: self.cleaned_data.get(f"src_{s}") or 0 for s in FundingSource.values}

    def deliverables(self) -> list[tuple[str, int, str]]:
        label = self.cleaned_data.get("out_label") or ""
        return [
            (k, self.cleaned_data.get(f"out_{k}") or 0, label if k == DeliverableKind.OTHER else "")
            for k in DeliverableKind.values
        ]

    def source_fields(self):
        return [self[f"src_{s}"] for s in FundingSource.values]

    def output_fields(self):
        return [self[f"out_{k}"] for k in DeliverableKind.values]


def item_initial(item) -> dict:
    initial = {
        "task": item.task_id,
        "title": item.title,
        "lead_agency": item.lead_agency_id,
        "coordinating_agencies": list(item.coordinating_agencies.values_list("pk", flat=True)),
        "quarter": item.quarter,
        "month": item.month,
        "total_vnd": item.total_vnd,
        "note": item.note,
    }
    for line in item.budget_lines.all():
        initial[f"src_{line.funding_source}"] = line.planned_vnd
    for d in item.deliverables.all():
        initial[f"out_{d.kind}"] = d.planned_quantity
        if d.label:
            initial["out_label"] = d.label
    return initial


class StepForm(forms.Form):
    row_version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ApproveForm(StepForm):
    decision_number = forms.CharField(label=_("Số quyết định của UBND tỉnh"), max_length=60)
    decision_date = forms.DateField(
        label=_("Ngày quyết định"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )


class ReviseForm(StepForm):
    comment = forms.CharField(label=_("Lý do điều chỉnh"), widget=forms.Textarea(attrs={"rows": 4}))


class AppraiseForm(StepForm):
    """One "appraised amount" per budget line, defaulting to the planned amount."""

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            self.fields[f"line_{line.pk}"] = forms.IntegerField(
                label=line.get_funding_source_display(),
                initial=line.planned_vnd,
                min_value=0,
                max_value=line.planned_vnd,
                widget=forms.NumberInput(attrs={"step": 1000, "class": "money"}),
            )

    def amounts(self) -> dict[int, int]:
        return {line.pk: self.cleaned_data[f"line_{line.pk}"] for line in self.lines}

    def rows(self):
        return [(line, self[f"line_{line.pk}"]) for line in self.lines]


class DocumentForm(StepForm):
    doc_number = forms.CharField(label=_("Số văn bản"), max_length=60, required=False)
    issued_on = forms.DateField(
        label=_("Ngày ban hành"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    recipients = forms.CharField(
        label=_("Nơi nhận"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    signer_title = forms.CharField(
        label=_("Chức danh ký"), max_length=120, widget=forms.Textarea(attrs={"rows": 2})
    )
    signer_name = forms.CharField(label=_("Người ký"), max_length=120, required=False)


class NewPlanForm(forms.Form):
    year = forms.IntegerField(label=_("Năm kế hoạch"), min_value=2020, max_value=2100)
    title = forms.CharField(label=_("Tên kế hoạch (để trống: tên mặc định)"), required=False)
