"""Admin of the reporting cycle.

Agency reports are read-only here: their workflow (submit, return, accept, reopen) lives in the
portal's services so every step is recorded. An accepted report is locked through every path —
the admin refuses change, delete and reverting from history, and the model itself refuses a save
(``ReportLockedError``). Periods are closed and reopened in the portal ("Khóa sổ"), not here.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from config.admin_base import PortalHistoryAdmin
from programs.models import ReportingPeriod
from reports import consolidated
from reports.choices import ReportStatus
from reports.models import (
    AgencyReport,
    ConsolidatedReport,
    ReportLockedError,
    ReportTransition,
)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(PortalHistoryAdmin):
    # closing is a recorded portal action (programs.periods.period_close); a revert would restore
    # an old closed_at as well
    history_revert = False
    readonly_fields = ("closed_at",)
    list_display = ("key", "regime", "kind", "starts_on", "ends_on", "due_on", "closed_at")
    list_filter = ("regime", "kind", "year")
    list_select_related = ("regime",)
    search_fields = ("key",)


class ReportTransitionInline(admin.TabularInline):
    model = ReportTransition
    extra = 0
    can_delete = False
    fields = ("at", "actor", "from_status", "to_status", "comment")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AgencyReport)
class AgencyReportAdmin(PortalHistoryAdmin):
    history_revert = False
    list_display = ("agency", "period", "status", "first_submitted_at", "accepted_at", "version")
    list_filter = ("status", "period")
    list_select_related = ("agency", "period")
    search_fields = ("agency__name",)
    inlines = [ReportTransitionInline]
    readonly_fields = [f.name for f in AgencyReport._meta.fields]

    def has_add_permission(self, request):
        return False  # reports are opened by agencies in the portal (pre-filled)

    def has_change_permission(self, request, obj=None):
        return False  # workflow only through the portal's services; accepted = locked

    def lock_reason(self, obj):
        return ReportLockedError().messages[0] if obj.status == ReportStatus.ACCEPTED else None

    def lock_reasons(self, queryset):
        reason = ReportLockedError().messages[0]
        return {pk: reason for pk in queryset.accepted().values_list("pk", flat=True)}

    def has_delete_permission(self, request, obj=None):
        # only a draft, and only for a user who may delete reports at all
        return (
            super().has_delete_permission(request, obj)
            and obj is not None
            and obj.status == ReportStatus.DRAFT
        )

    def save_model(self, request, obj, form, change):  # pragma: no cover - defence in depth
        raise ValidationError("Báo cáo của đơn vị chỉ được xử lý trên cổng thông tin.")


@admin.register(ConsolidatedReport)
class ConsolidatedReportAdmin(PortalHistoryAdmin):
    list_display = ("period", "number", "issued_on", "signer_name", "updated_by", "updated_at")
    list_select_related = ("period", "updated_by")
    readonly_fields = ("updated_by", "updated_at")

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in consolidated.CONSOLIDATED_FIELDS}
        try:
            if not change:
                obj = consolidated.consolidated_get_or_create(period=obj.period, actor=request.user)
            consolidated.consolidated_update(report=obj, actor=request.user, **fields)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
