"""What the plan adds to the lower apps: the "plan item" field of the activity form, and the
guard that keeps a frozen item's coordinating agencies as they are. Registered in
``PlansConfig.ready()`` through ``assignments.extensions``."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy

from accounts.widgets import FastSelect
from assignments import extensions
from assignments.locks import LockedError
from plans.choices import IN_FORCE_STATUSES

FIELD = "plan_item"


def linkable_items(agency):
    """Items of an approved plan (the version in force) the agency leads or coordinates."""
    from plans.models import PlanItem

    if agency is None:
        return PlanItem.objects.none()
    agency_id = getattr(agency, "pk", agency)
    return (
        PlanItem.objects.filter(version__status__in=IN_FORCE_STATUSES)
        .filter(Q(lead_agency_id=agency_id) | Q(coordinating_agencies__id=agency_id))
        .distinct()
        .select_related("version__plan")
        .order_by("-version__plan__year", "order", "pk")
    )


def suggested_item(items, task):
    """The item the task's activity most likely counts for: this year's item on that task."""
    if task is None:
        return None
    from django.utils import timezone

    year = timezone.localdate().year
    mine = [i for i in items if i.task_id == task.pk]
    mine.sort(key=lambda i: (i.version.plan.year != year, -i.version.plan.year, i.order))
    return mine[0] if mine else None


def _label(item) -> str:
    return f"{item.version.plan.year} · {item.order}. {item.title[:90]}"


def _contribute(form, *, agency, task) -> None:
    items = linkable_items(agency)
    field = forms.ModelChoiceField(
        label=gettext_lazy("Thuộc nội dung kế hoạch"),
        queryset=items,
        required=False,
        empty_label=gettext_lazy("— Không thuộc kế hoạch —"),
        widget=FastSelect,
        help_text=gettext_lazy(
            "Kinh phí của hoạt động được tính là kinh phí thực hiện của nội dung này."
        ),
    )
    field.label_from_instance = _label
    form.fields[FIELD] = field
    if not form.is_bound and FIELD not in form.initial:
        suggestion = suggested_item(list(items), task)
        if suggestion is not None:
            form.initial[FIELD] = suggestion.pk


def _save(*, obj, data, actor) -> None:
    item = data.get(FIELD)
    if item is None:
        return
    from plans.services import activity_link

    activity_link(activity=obj, item=item, actor=actor)


def _save_progress(*, obj, data, actor) -> None:
    item = data.get(FIELD)
    if item is None:
        return
    from plans.services import progress_link

    progress_link(progress=obj, item=item, actor=actor)


ACTIVITY_EXTENSION = extensions.FormExtension(
    name="plans.plan_item", field_names=(FIELD,), contribute=_contribute, save=_save
)
PROGRESS_EXTENSION = extensions.FormExtension(
    name="plans.plan_item", field_names=(FIELD,), contribute=_contribute, save=_save_progress
)


def register() -> None:
    extensions.register_activity_extension(ACTIVITY_EXTENSION)
    extensions.register_progress_extension(PROGRESS_EXTENSION)


def refuse_locked_coordinators(sender, instance, action, pk_set=None, **kwargs):
    """``m2m_changed``: a frozen item's coordinating agencies are frozen with it."""
    if action not in ("pre_add", "pre_remove", "pre_clear"):
        return
    from plans.models import PlanItem

    if isinstance(instance, PlanItem):
        reasons = PlanItem.objects.filter(pk=instance.pk).lock_reasons()
    else:  # the agency side: every item it would be added to or removed from
        items = PlanItem.objects.filter(pk__in=pk_set or ())
        if action == "pre_clear":
            items = PlanItem.objects.filter(coordinating_agencies=instance)
        reasons = items.lock_reasons()
    if reasons:
        raise LockedError(next(iter(reasons.values())))
