"""Admin for the registry: import/export through django-import-export, all or nothing."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.forms import ImportForm

from config.admin_base import PortalHistoryAdmin
from enterprises.importing.reading import FileRejected, inspect_upload
from enterprises.models import (
    Assessment,
    Enterprise,
    ImportJob,
    IndustrialZone,
    Locality,
    Option,
    VsicCode,
)
from enterprises.resources import EnterpriseExportResource, EnterpriseResource, SafeCSV, SafeXLSX
from enterprises.services import enterprise_create, enterprise_update


class SafeImportForm(ImportForm):
    """Refuses what the importer would refuse outright (too big, a zip bomb, a polyglot, not a
    spreadsheet) before django-import-export stores the file or hands it to openpyxl."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            inspect_upload(upload)
        except FileRejected as exc:
            raise forms.ValidationError(str(exc)) from None
        upload.seek(0)
        return upload


@admin.register(Enterprise)
class EnterpriseAdmin(ImportExportModelAdmin, PortalHistoryAdmin):
    resource_classes = [EnterpriseResource]
    export_resource_classes = [EnterpriseExportResource]
    formats = [SafeXLSX, SafeCSV]
    import_form_class = SafeImportForm
    list_display = ["tax_code", "name", "vsic", "locality", "zone", "size_class"]
    list_filter = ["size_class", "has_sxsh_potential", "high_pollution_risk", "zone"]
    list_select_related = ["vsic", "locality", "zone"]
    search_fields = ["tax_code", "name", "search_text"]
    autocomplete_fields = ["vsic", "locality", "zone"]
    readonly_fields = ["size_class"]

    # django-import-export lets every staff user import and export unless
    # IMPORT_EXPORT_*_PERMISSION_CODE is set: an import adds and changes enterprises, an export
    # reads them all
    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        # the confirm step is all or nothing too
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def get_export_queryset(self, request):
        return super().get_export_queryset(request).with_stage()

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        if change:
            enterprise_update(enterprise=obj, actor=request.user, data=data)
        else:
            enterprise_create(actor=request.user, data=form.cleaned_data)


@admin.register(VsicCode)
class VsicCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "section"]
    list_filter = ["level", "section"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]


@admin.register(Locality)
class LocalityAdmin(PortalHistoryAdmin):
    list_display = ["code", "name", "kind", "former_district"]
    list_filter = ["kind", "former_district"]
    search_fields = ["code", "name", "former_district"]


@admin.register(IndustrialZone)
class IndustrialZoneAdmin(PortalHistoryAdmin):
    list_display = ["name", "kind", "locality"]
    list_filter = ["kind"]
    list_select_related = ["locality"]
    search_fields = ["name"]


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0
    fields = [
        "category",
        "description",
        "status",
        "implemented_on",
        "investment_vnd",
        "annual_saving_vnd",
    ]


@admin.register(Assessment)
class AssessmentAdmin(PortalHistoryAdmin):
    list_display = ["enterprise", "assessed_on", "kind", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["enterprise"]
    search_fields = ["enterprise__name", "enterprise__tax_code"]
    autocomplete_fields = ["enterprise"]
    inlines = [OptionInline]


@admin.register(Option)
class OptionAdmin(PortalHistoryAdmin):
    list_display = ["__str__", "status", "investment_vnd", "annual_saving_vnd", "payback_years"]
    list_filter = ["category", "status"]
    list_select_related = ["assessment__enterprise"]
    search_fields = ["description", "assessment__enterprise__name"]

    @admin.display(description=_("hoàn vốn (năm)"))
    def payback_years(self, obj):
        return obj.payback_years


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["original_name", "created_by", "created_at", "status", "total_rows"]
    list_filter = ["status"]
    list_select_related = ["created_by"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def has_add_permission(self, request):
        return False
