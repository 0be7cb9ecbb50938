"""Admin of the annual plan. The workflow runs through the portal's services; here versions are
read (their document details edited while open), items and their parts edited while the version
is open, and nothing of an approved version changes (``plans.locks``, the one lock rule)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from config.admin_base import PortalHistoryAdmin
from plans import locks as plan_locks
from plans.models import (
    ActivityPlanLink,
    Plan,
    PlanBudgetLine,
    PlanDeliverable,
    PlanItem,
    PlanTransition,
    PlanVersion,
    ProgressPlanLink,
    over_total_message,
)


class _FrozenWithParentInline(admin.TabularInline):
    """An inline that is read-only when its parent is locked."""

    extra = 0

    def _parent_locked(self, obj) -> bool:
        return obj is not None and bool(self.parent_lock_reason(obj))

    def parent_lock_reason(self, obj):
        return PlanItem.objects.filter(pk=obj.pk).lock_reasons().get(obj.pk)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._parent_locked(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._parent_locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._parent_locked(obj)


class BudgetLineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        allocated = sum(
            (f.cleaned_data.get("planned_vnd") or 0)
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        )
        total = self.instance.total_vnd or 0
        if allocated > total:
            raise ValidationError(over_total_message(allocated=allocated, total=total))


class BudgetLineInline(_FrozenWithParentInline):
    model = PlanBudgetLine
    formset = BudgetLineFormSet
    fields = ("funding_source", "planned_vnd", "appraised_vnd", "approved_vnd")
    readonly_fields = ("appraised_vnd", "approved_vnd")  # set by appraisal and approval only


class DeliverableInline(_FrozenWithParentInline):
    model = PlanDeliverable
    fields = ("kind", "planned_quantity", "label")


@admin.register(PlanItem)
class PlanItemAdmin(PortalHistoryAdmin):
    history_revert = False  # a plan's text changes through the workflow, not by restoring rows
    list_display = ("title", "version", "lead_agency", "quarter", "month", "total_vnd", "order")
    list_filter = ("version__plan__year", "version__status", "quarter")
    list_select_related = ("version__plan", "lead_agency")
    search_fields = ("title", "lead_agency__name", "task__ref")
    autocomplete_fields = ("task", "lead_agency", "coordinating_agencies")
    readonly_fields = ("version", "lineage")
    inlines = [DeliverableInline, BudgetLineInline]

    def lock_reason(self, obj):
        return PlanItem.objects.filter(pk=obj.pk).lock_reasons().get(obj.pk)

    def has_add_permission(self, request):
        return False  # items are added to a version in the portal (the version's own page)

    def save_model(self, request, obj, form, change):
        obj._lines_follow = True  # the inline lines are saved next and checked with the item
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        PlanBudgetLine.objects.refuse_over_total([form.instance.pk])


class TransitionInline(admin.TabularInline):
    model = PlanTransition
    extra = 0
    can_delete = False
    fields = ("at", "actor", "from_status", "to_status", "comment")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PlanVersion)
class PlanVersionAdmin(PortalHistoryAdmin):
    history_revert = False
    list_display = ("plan", "number", "status", "decision_number", "decision_date", "created_at")
    list_filter = ("status", "plan__year")
    list_select_related = ("plan",)
    inlines = [TransitionInline]
    readonly_fields = (
        "plan",
        "number",
        "status",
        "based_on",
        "revision_reason",
        "appraisal_comment",
        "decision_number",
        "decision_date",
        "row_version",
        "created_by",
        "created_at",
    )

    def lock_reason(self, obj):
        return plan_locks.version_lock_reason(obj)

    def has_add_permission(self, request):
        return False  # opened by plan_create / plan_revise in the portal

    def save_model(self, request, obj, form, change):
        obj.row_version += 1  # a page built before this edit is stale (plans.services)
        super().save_model(request, obj, form, change)


@admin.register(Plan)
class PlanAdmin(PortalHistoryAdmin):
    list_display = ("year", "display_title")
    search_fields = ("title",)

    def has_add_permission(self, request):
        return False  # plan_create opens the plan with its first version

    def has_delete_permission(self, request, obj=None):
        return False  # its versions are the record


@admin.register(ActivityPlanLink)
class ActivityPlanLinkAdmin(PortalHistoryAdmin):
    history_revert = False
    list_display = ("activity", "item", "linked_by", "linked_at")
    list_select_related = ("activity", "item", "linked_by")
    raw_id_fields = ("activity", "item")
    readonly_fields = ("linked_by", "linked_at")

    def has_add_permission(self, request):
        return False  # chosen when the activity is logged

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ProgressPlanLink)
class ProgressPlanLinkAdmin(ActivityPlanLinkAdmin):
    list_display = ("progress", "item", "linked_by", "linked_at")
    list_select_related = ("progress", "item", "linked_by")
    raw_id_fields = ("progress", "item")
