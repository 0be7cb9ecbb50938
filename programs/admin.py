from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy as _

from config.admin_base import PortalHistoryAdmin
from programs.admin_import import directive_import_view
from programs.models import Agency, AgencyAlias, Indicator, LegalDocument, ReportingRegime, Target
from programs.reorganisation import merge_into_successor


class AgencyAliasInline(admin.TabularInline):
    model = AgencyAlias
    extra = 1
    fields = ("alias",)


class ActiveFilter(admin.SimpleListFilter):
    title = _("còn hoạt động")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", _("Đang hoạt động")), ("no", _("Đã giải thể, sáp nhập"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.active()
        if self.value() == "no":
            return queryset.exclude(pk__in=Agency.objects.active().values("pk"))
        return queryset


@admin.register(Agency)
class AgencyAdmin(PortalHistoryAdmin):
    list_display = (
        "name",
        "short_name",
        "kind",
        "parent",
        "active_from",
        "active_until",
        "successor",
        "is_doit",
    )
    list_filter = ("kind", ActiveFilter, "is_doit")
    search_fields = ("name", "short_name", "normalized_name", "aliases__alias")
    list_select_related = ("parent", "successor")
    autocomplete_fields = ("parent", "successor")
    inlines = [AgencyAliasInline]
    actions = [merge_into_successor]


@admin.register(AgencyAlias)
class AgencyAliasAdmin(PortalHistoryAdmin):
    list_display = ("alias", "agency")
    search_fields = ("alias", "agency__name")
    list_select_related = ("agency",)
    autocomplete_fields = ("agency",)


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    autocomplete_fields = ("indicator",)


@admin.register(LegalDocument)
class LegalDocumentAdmin(PortalHistoryAdmin):
    list_display = ("number", "kind", "title_short", "issuer", "signed_on", "reporting_frequency")
    list_filter = ("kind", "is_national", "reporting_frequency")
    list_select_related = ("report_to",)
    search_fields = ("number", "title", "issuer")
    date_hierarchy = "signed_on"
    filter_horizontal = ("legal_basis",)
    autocomplete_fields = ("replaced_by", "report_to")
    inlines = [TargetInline]
    change_list_template = "programs/admin/legaldocument_change_list.html"

    @admin.display(description=_("trích yếu"))
    def title_short(self, obj):
        return obj.title[:100]

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


@admin.register(Indicator)
class IndicatorAdmin(PortalHistoryAdmin):
    list_display = ("code", "name", "unit", "computation", "order")
    list_filter = ("computation",)
    search_fields = ("code", "name")


@admin.register(Target)
class TargetAdmin(PortalHistoryAdmin):
    list_display = (
        "indicator",
        "document",
        "milestone_year",
        "comparison",
        "value_min",
        "value_max",
        "unit",
    )
    list_filter = ("milestone_year", "document")
    list_select_related = ("indicator", "document")
    search_fields = ("indicator__name", "document__number")
    autocomplete_fields = ("indicator", "document")


@admin.register(ReportingRegime)
class ReportingRegimeAdmin(PortalHistoryAdmin):
    list_display = ("name", "code", "frequency", "recipient", "is_default")
    list_filter = ("frequency",)
    search_fields = ("name", "code")
