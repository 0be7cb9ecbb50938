from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from config.admin_base import PortalHistoryAdmin
from programs.models import Indicator, LegalDocument, ReportingRegime, Target


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

    @admin.display(description=_("trích yếu"))
    def title_short(self, obj):
        return obj.title[:100]


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
