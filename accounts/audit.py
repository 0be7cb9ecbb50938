"""The change history page: who changed which record of the domain, when, and which fields.

Reads django-simple-history's tables. With a model chosen, one paginated queryset; without,
the latest ``MERGED_LIMIT`` changes of every model merged by time (one query per model, so the
page's query count depends on the number of models, never on the number of rows).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from heapq import merge

from django import forms
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_doit

AUDITED_APPS = ("accounts", "programs", "assignments", "enterprises", "reports", "public")
PAGE_SIZE = 25
MERGED_LIMIT = 500
CHANGE_LABELS = {"+": _("Tạo mới"), "~": _("Sửa"), "-": _("Xóa")}
CHANGE_BADGES = {"+": "ok", "~": "info", "-": "bad"}


def audited_models() -> dict[str, type]:
    """``{"app.model": Model}`` of every model with a change history, by verbose name."""
    found = {}
    for model in apps.get_models():
        if model._meta.app_label not in AUDITED_APPS:
            continue
        manager = getattr(model._meta, "simple_history_manager_attribute", None)
        if manager:
            found[model._meta.label_lower] = model
    return dict(sorted(found.items(), key=lambda kv: str(kv[1]._meta.verbose_name)))


class AuditFilterForm(forms.Form):
    model = forms.ChoiceField(label=_("Loại dữ liệu"), required=False)
    user = forms.CharField(label=_("Người thực hiện"), required=False, max_length=150)
    since = forms.DateField(
        label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, models: dict[str, type], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("Tất cả"))] + [
            (key, str(model._meta.verbose_name).capitalize()) for key, model in models.items()
        ]


@dataclass
class Change:
    when: dt.datetime
    model_label: str
    object_label: str
    object_id: int
    kind: str
    kind_label: str
    badge: str
    actor: object
    fields: list[str]
    reason: str


def _filtered(history_qs, data: dict):
    qs = history_qs.select_related("history_user").order_by("-history_date", "-history_id")
    if data.get("user"):
        term = data["user"]
        qs = qs.filter(
            Q(history_user__username__icontains=term)
            | Q(history_user__first_name__icontains=term)
            | Q(history_user__last_name__icontains=term)
        )
    tz = timezone.get_current_timezone()
    if data.get("since"):
        qs = qs.filter(history_date__gte=dt.datetime.combine(data["since"], dt.time.min, tz))
    if data.get("until"):
        qs = qs.filter(
            history_date__lt=dt.datetime.combine(data["until"], dt.time.min, tz)
            + dt.timedelta(days=1)
        )
    return qs


def _changed_fields(record, model) -> list[str]:
    """Verbose names of the fields an update changed (one query for the previous version)."""
    if record.history_type != "~":
        return []
    previous = record.prev_record
    if previous is None:
        return []
    delta = record.diff_against(previous)
    names = []
    for change in delta.changes:
        try:
            names.append(str(model._meta.get_field(change.field).verbose_name))
        except Exception:  # noqa: BLE001 -- an m2m or removed field: show its attribute name
            names.append(change.field)
    return names


def _as_change(record, model) -> Change:
    return Change(
        when=record.history_date,
        model_label=str(model._meta.verbose_name).capitalize(),
        # simple-history's str() appends " as of <timestamp>"; the time has its own column
        object_label=str(record).rsplit(" as of ", 1)[0][:120],
        object_id=record.id,
        kind=record.history_type,
        kind_label=CHANGE_LABELS.get(record.history_type, record.history_type),
        badge=CHANGE_BADGES.get(record.history_type, "muted"),
        actor=record.history_user,
        fields=_changed_fields(record, model),
        reason=record.history_change_reason or "",
    )


def audit_log(request):
    """DOIT reviewers and system administrators browse the change history; others get 403."""
    if not (request.user.is_superuser or is_doit(request.user)):
        raise PermissionDenied
    models = audited_models()
    form = AuditFilterForm(request.GET or None, models=models)
    data = form.cleaned_data if form.is_valid() else {}
    chosen = data.get("model") or ""
    if chosen:
        model = models[chosen]
        paginator = Paginator(_filtered(model.history.all(), data), PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        changes = [_as_change(record, model) for record in page.object_list]
    else:
        # the newest MERGED_LIMIT changes of each model, merged newest first
        streams = [
            [(r, model) for r in _filtered(model.history.all(), data)[:MERGED_LIMIT]]
            for model in models.values()
        ]
        merged = list(
            merge(
                *streams, key=lambda pair: (pair[0].history_date, pair[0].history_id), reverse=True
            )
        )[:MERGED_LIMIT]
        paginator = Paginator(merged, PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        changes = [_as_change(record, model) for record, model in page.object_list]
    return render(
        request,
        "accounts/audit.html",
        {
            "form": form,
            "changes": changes,
            "page_obj": page,
            "filtered": bool(request.GET and any(data.values())),
            "merged_limit": MERGED_LIMIT if not chosen else None,
        },
    )
