from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User
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
