"""Forms only parse input; the rules live in assignments.services."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.widgets import FastSelect
from assignments import extensions
from assignments.choices import ActivityKind, FundingSource, ProgressStatus, Recurrence
from assignments.locks import progress_locked_periods
from assignments.uploads import ACCEPT_ATTR, allowed_types_label
from programs.models import ReportingPeriod
from programs.periods import current_period


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Zero or more files; each is checked by content in the service (assignments.uploads)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTR, "multiple": True})
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = [d for d in data if d] if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        return [single(d, initial) for d in files]


def _files_help():
    from django.conf import settings

    return _("Định dạng %(types)s; tối đa %(mb)s MB mỗi tệp.") % {
        "types": allowed_types_label(),
        "mb": settings.UPLOAD_MAX_BYTES // 1048576,
    }


def started_periods(today=None):
    """Periods of the default regime that have started, newest first: what progress may name."""
    today = today or timezone.localdate()
    return ReportingPeriod.objects.filter(regime__is_default=True, starts_on__lte=today).order_by(
        "-ends_on", "kind"
    )


def open_periods(today=None, *, agency=None) -> list:
    """Started periods the agency may still write progress for (``assignments.locks`` decides),
    newest first; without ``agency``, those not closed for everyone."""
    periods = list(started_periods(today))
    locked = progress_locked_periods(periods=periods, agency=agency)
    return [p for p in periods if p.pk not in locked]


def default_period_for(task, periods):
    """The period a task's progress usually goes into: the current half-year, or the current
    year for a yearly task (``programs.periods.current_period``)."""
    return current_period(periods, timezone.localdate(), year=task.recurrence == Recurrence.YEARLY)


class ProgressForm(forms.Form):
    period = forms.ModelChoiceField(
        label=_("Kỳ báo cáo"), queryset=None, empty_label=None, widget=FastSelect
    )
    status = forms.ChoiceField(
        label=_("Tình trạng"), choices=ProgressStatus.choices, widget=FastSelect
    )
    percent = forms.IntegerField(label=_("Tỷ lệ hoàn thành (%)"), min_value=0, max_value=100)
    narrative = forms.CharField(
        label=_("Nội dung đã thực hiện"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )
    files = MultipleFileField(label=_("Minh chứng"))

    def __init__(self, *args, task=None, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Any started period parses, so a frozen one posted anyway (a stale page, a raw POST)
        # reaches progress_add and gets the lock's reason rather than "not a valid choice";
        # only the open ones are offered.
        field = self.fields["period"]
        field.queryset = started_periods()
        periods = self.offered_periods = open_periods(agency=agency)
        field.choices = [(p.pk, field.label_from_instance(p)) for p in periods]
        self.fields["files"].help_text = _files_help()
        if task is not None and not self.is_bound:
            period = default_period_for(task, periods)
            if period:
                self.initial.setdefault("period", period.pk)
        self.initial.setdefault("status", ProgressStatus.IN_PROGRESS)
        self.initial.setdefault("percent", 0)
        # fields higher apps add (the plan item the entry reports on), suggested from the task
        extensions.contribute(self, extensions.progress_extensions(), agency=agency, task=task)

    @property
    def extension_fields(self):
        return [self[name] for name in getattr(self, "extension_field_names", [])]


_CODE_SPLIT = re.compile(r"[\s,;]+")


class ActivityForm(forms.Form):
    task = forms.ModelChoiceField(
        label=_("Thuộc nhiệm vụ"),
        queryset=None,
        required=False,
        empty_label=_("— Không gắn —"),
        widget=FastSelect,
    )
    kind = forms.ChoiceField(
        label=_("Loại hoạt động"), choices=ActivityKind.choices, widget=FastSelect
    )
    title = forms.CharField(label=_("Tên hoạt động"), max_length=500)
    held_on = forms.DateField(
        label=_("Ngày thực hiện"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    location = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    quantity = forms.IntegerField(
        label=_("Số lượng"),
        min_value=0,
        initial=1,
        help_text=_("Số tin bài, số tờ rơi, số lớp… tùy loại hoạt động."),
    )
    participants = forms.IntegerField(label=_("Số người tham dự"), min_value=0, initial=0)
    cost_vnd = forms.DecimalField(
        label=_("Kinh phí (đồng)"), min_value=0, decimal_places=0, max_digits=16, initial=0
    )
    funding_source = forms.ChoiceField(
        label=_("Nguồn kinh phí"), choices=FundingSource.choices, widget=FastSelect
    )
    description = forms.CharField(
        label=_("Mô tả"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    enterprise_codes = forms.CharField(
        label=_("Doanh nghiệp tham gia (mã số thuế)"),
        widget=forms.Textarea(attrs={"rows": 2, "class": "tax-codes"}),
        required=False,
        help_text=_("Mỗi mã số thuế cách nhau bởi dấu phẩy hoặc xuống dòng; có thể tìm bên dưới."),
    )
    files = MultipleFileField(label=_("Minh chứng"))

    def __init__(self, *args, tasks=None, agency=None, task=None, **kwargs):
        # its own ids: the task page shows this form next to the progress form
        kwargs.setdefault("auto_id", "act_%s")
        super().__init__(*args, **kwargs)
        from assignments.models import Task

        self.fields["task"].queryset = tasks if tasks is not None else Task.objects.none()
        self.fields["task"].label_from_instance = lambda t: (
            f"{t.document.number or t.document} · {t.ref} — {t.text[:70]}"
        )
        self.fields["files"].help_text = _files_help()
        self.initial.setdefault("held_on", timezone.localdate())
        # fields higher apps add (the plan item the activity counts for), suggested from the task
        extensions.contribute(
            self, extensions.activity_extensions(), agency=agency, task=task or self._task()
        )

    def _task(self):
        """The task chosen in the form (posted, else initial), for the extensions' suggestion."""
        raw = self.data.get("task") if self.is_bound else self.initial.get("task")
        raw = getattr(raw, "pk", raw)
        if raw in (None, "") or not str(raw).isdigit():
            return None
        return self.fields["task"].queryset.filter(pk=raw).first()

    @property
    def extension_fields(self):
        return [self[name] for name in getattr(self, "extension_field_names", [])]

    def clean_enterprise_codes(self):
        from enterprises.models import Enterprise

        raw = self.cleaned_data.get("enterprise_codes") or ""
        codes = [c for c in _CODE_SPLIT.split(raw.strip()) if c]
        if not codes:
            self.enterprises = []
            return ""
        found = {e.tax_code: e for e in Enterprise.objects.filter(tax_code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(
                _("Không tìm thấy doanh nghiệp có mã số thuế: %(codes)s")
                % {"codes": ", ".join(unknown[:10])}
            )
        self.enterprises = list({c: found[c] for c in codes}.values())
        return ", ".join(codes)


class EvidenceForm(forms.Form):
    files = MultipleFileField(label=_("Thêm tệp minh chứng"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _files_help()
