"""Admin of tasks and what agencies log on them.

Progress, activities and evidence are written by agencies through the portal's services; here
they are read, and deleted only while not frozen (``assignments.locks``). Their history is
read-only: reverting an agency's entry from the admin would rewrite what it reported.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from accounts import admin as accounts_admin
from accounts.models import Agency
from assignments import locks
from assignments.directives.admin_views import directive_import_view
from assignments.models import (
    Activity,
    AssigneeGroup,
    AssigneeGroupAgencyKind,
    Evidence,
    ProgressUpdate,
    ReminderLog,
    Task,
)
from assignments.reorganisation import merge_into_successor
from config.admin_base import PortalHistoryAdmin
from programs import admin as programs_admin
from programs.models import LegalDocument


@admin.register(Task)
class TaskAdmin(PortalHistoryAdmin):
    list_display = (
        "ref",
        "document",
        "lead_agency",
        "assignee_group",
        "category",
        "recurrence",
        "due_on",
    )
    list_filter = ("category", "recurrence", "assignee_group", "document")
    search_fields = ("ref", "text", "lead_agency__name", "assignee_group__name", "document__number")
    list_select_related = ("document", "lead_agency", "assignee_group")
    autocomplete_fields = (
        "lead_agency",
        "assignee_group",
        "coordinating_agencies",
        "document",
    )


class AssigneeGroupAgencyKindInline(admin.TabularInline):
    model = AssigneeGroupAgencyKind
    extra = 0


@admin.register(AssigneeGroup)
class AssigneeGroupAdmin(PortalHistoryAdmin):
    """Groups tasks are given to; members are resolved when read (shown, never stored)."""

    list_display = ("name", "kind", "parsed_kind", "members")
    list_filter = ("kind",)
    search_fields = ("name",)
    autocomplete_fields = ("agencies", "locality", "zone")
    inlines = [AssigneeGroupAgencyKindInline]
    readonly_fields = ("members",)

    @admin.display(description=_("số thành viên hiện nay"))
    def members(self, obj):
        return obj.member_count() if obj.pk else "—"


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(PortalHistoryAdmin):
    """Read-only: progress is append-only and written by agencies through the portal."""

    history_revert = False
    list_display = ("task", "agency", "period", "status", "percent", "author", "created_at")
    list_filter = ("status", "period")
    list_select_related = ("task", "agency", "period", "author")
    search_fields = ("task__ref", "narrative", "agency__name")

    def lock_reason(self, obj):
        return locks.progress_lock_reason(period=obj.period, agency=obj.agency_id)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(PortalHistoryAdmin):
    history_revert = False
    list_display = ("title", "agency", "kind", "held_on", "participants", "cost_vnd")
    list_filter = ("kind", "funding_source")
    list_select_related = ("agency",)
    search_fields = ("title", "agency__name")
    date_hierarchy = "held_on"
    # hundreds of enterprises: raw ids rather than a giant select
    raw_id_fields = ("task", "author", "enterprises")
    autocomplete_fields = ("agency",)

    def lock_reason(self, obj):
        return locks.activity_lock_reason(date=obj.held_on, agency=obj.agency_id)


@admin.register(Evidence)
class EvidenceAdmin(PortalHistoryAdmin):
    """Files are uploaded and served through the portal's checked views only."""

    history_revert = False
    list_display = ("original_name", "agency", "content_type", "size", "uploaded_by", "uploaded_at")
    list_select_related = ("agency", "uploaded_by")
    search_fields = ("original_name",)

    def lock_reason(self, obj):
        return locks.evidence_lock_reason(evidence=obj)

    def stored_file_url(self, obj, field_name):
        return reverse("assignments:evidence_download", args=[obj.pk])

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ("sent_on", "user", "agency", "overdue_count", "due_soon_count", "sent_at")
    list_filter = ("sent_on",)
    list_select_related = ("user", "agency")


# --- Admins of lower apps, extended with what creates or moves tasks ------------------------------
# Loading a directive creates tasks and merging an agency moves them, so both live here and are
# added to the lower apps' admins by re-registering them (those apps import nothing above them).

admin.site.unregister(Agency)


@admin.register(Agency)
class AgencyAdmin(accounts_admin.AgencyAdmin):
    actions = [merge_into_successor]


admin.site.unregister(LegalDocument)


@admin.register(LegalDocument)
class LegalDocumentAdmin(programs_admin.LegalDocumentAdmin):
    change_list_template = "programs/admin/legaldocument_change_list.html"

    def get_urls(self):
        return [
            path(
                "nap-van-ban/",
                self.admin_site.admin_view(self.import_view),
                name="programs_legaldocument_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """ "Nạp văn bản": paste or upload → preview (correct) → save in one transaction."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        return directive_import_view(self, request)
