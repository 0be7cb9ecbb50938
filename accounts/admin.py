from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency, AgencyAlias, User
from config.admin_base import PortalHistoryAdmin


@admin.register(User)
class UserAdmin(PortalHistoryAdmin, BaseUserAdmin):
    # Restoring an old version would bring back in one click whatever flags it had (staff,
    # superuser, active): account changes are made on the change form, seeing the current state.
    history_revert = False
    list_display = ("username", "get_full_name", "agency", "roles", "is_active", "last_login")
    list_filter = ("groups", "agency__kind", "is_active", "is_staff", "is_superuser")
    search_fields = ("username", "first_name", "last_name", "email", "agency__name")
    list_select_related = ("agency",)
    autocomplete_fields = ("agency",)
    fieldsets = (
        *BaseUserAdmin.fieldsets[:2],
        (_("Cơ quan, đơn vị"), {"fields": ("agency", "position", "phone")}),
        *BaseUserAdmin.fieldsets[2:],
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),
        (
            _("Cơ quan và vai trò"),
            {"fields": ("first_name", "last_name", "email", "agency", "groups")},
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("Vai trò"))
    def roles(self, obj):
        return ", ".join(g.name for g in obj.groups.all())


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


@admin.register(AgencyAlias)
class AgencyAliasAdmin(PortalHistoryAdmin):
    list_display = ("alias", "agency")
    search_fields = ("alias", "agency__name")
    list_select_related = ("agency",)
    autocomplete_fields = ("agency",)
