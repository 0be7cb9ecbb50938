"""The base of every admin page with history (``PortalHistoryAdmin``).

django-simple-history's ``history_form_view`` saves whatever is POSTed to it once the user may
*view* the object: its only guard on reverting is the hidden "Revert" button
(``revert_disabled``). ``SIMPLE_HISTORY_REVERT_DISABLED`` only hides that button too, and
``SIMPLE_HISTORY_ENFORCE_HISTORY_MODEL_PERMISSIONS`` only changes which permissions show it.
So this base refuses (403) every non-GET request to the history form whenever the button would
be hidden, for whatever reason: the model's history is read-only (``history_revert = False``),
the user lacks change permission on the object (or on its history model, when the setting
enforces those), or the object is locked. Both settings keep their library meaning on top.

Locked objects (``lock_reason``) are neither changeable nor deletable here, the bulk "delete
selected" refuses a selection containing any (with the reason), and the models' own guards stop
every path that would go around the admin's checks.
"""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin


class StoredFileWidget(AdminFileWidget):
    """The admin's file input, naming the stored file without linking it.

    Uploads have no public URL (``MEDIA_URL`` is None: files are served only through checked
    views), and Django's widget renders ``value.url``, which then raises.
    """

    def is_initial(self, value):
        return bool(value and getattr(value, "name", None))

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        file_input = format_html(
            '<input type="{}" name="{}"{}>',
            widget["type"],
            widget["name"],
            flatatt(widget["attrs"]),
        )
        if not widget["is_initial"]:
            return file_input
        clear = ""
        if not widget["required"]:
            clear = format_html(
                ' <span class="clearable-file-input"><input type="checkbox" name="{}" id="{}">'
                '<label for="{}">{}</label></span>',
                widget["checkbox_name"],
                widget["checkbox_id"],
                widget["checkbox_id"],
                widget["clear_checkbox_label"],
            )
        return format_html(
            '<p class="file-upload">{}: {}{}<br>{}: {}</p>',
            widget["initial_text"],
            PurePath(value.name).name,
            clear,
            widget["input_text"],
            file_input,
        )


@admin.action(permissions=["delete"], description=delete_selected.short_description)
def delete_selected_unless_locked(modeladmin, request, queryset):
    """Django's "delete selected", refused with the reason when a selected row is locked."""
    reasons = modeladmin.lock_reasons(queryset)
    if reasons:
        modeladmin.message_user(
            request,
            ngettext(
                "Không xóa mục nào: %(count)s mục đã chọn đang bị khóa. %(reason)s",
                "Không xóa mục nào: %(count)s mục đã chọn đang bị khóa. %(reason)s",
                len(reasons),
            )
            % {"count": len(reasons), "reason": next(iter(reasons.values()))},
            messages.ERROR,
        )
        return None
    return delete_selected(modeladmin, request, queryset)


class PortalHistoryAdmin(SimpleHistoryAdmin):
    """``SimpleHistoryAdmin`` with reverting guarded, locks enforced and stored files safe."""

    #: False for workflow rows and accounts: their history is shown, never restored from
    history_revert = True

    # --- locks -----------------------------------------------------------------------------

    def lock_reason(self, obj) -> str | None:
        """Why ``obj`` may not be changed or deleted by anyone (None: it may)."""
        return None

    def lock_reasons(self, queryset) -> dict:
        """``{pk: reason}`` for the locked rows of ``queryset`` (one query set, not one per row,
        when the model's queryset knows its locks)."""
        if hasattr(queryset, "lock_reasons"):
            return queryset.lock_reasons()
        if type(self).lock_reason is PortalHistoryAdmin.lock_reason:
            return {}
        return {obj.pk: reason for obj in queryset if (reason := self.lock_reason(obj))}

    def _locked(self, obj) -> bool:
        if obj is None:
            return False
        # asked many times per page for the same object
        if not hasattr(obj, "_admin_lock_reason"):
            obj._admin_lock_reason = self.lock_reason(obj)
        return bool(obj._admin_lock_reason)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._locked(obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _func, name, description = actions["delete_selected"]
            actions["delete_selected"] = (delete_selected_unless_locked, name, description)
        return actions

    # --- history ---------------------------------------------------------------------------

    def revert_disabled(self, request, obj=None):
        return (
            not self.history_revert
            or super().revert_disabled(request, obj)
            or not self.has_change_permission(request, obj)
            or not self.has_change_history_permission(request, obj)
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            current = self.get_object(request, unquote(object_id))
            # reverting a deleted row would create it again: that needs add permission too
            if self.revert_disabled(request, current) or (
                current is None and not self.has_add_permission(request)
            ):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    # --- stored files ----------------------------------------------------------------------

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.FileField):
            kwargs["widget"] = StoredFileWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def _file_fields(self) -> list[str]:
        return [f.name for f in self.model._meta.fields if isinstance(f, models.FileField)]

    def _read_only_view(self, request, obj) -> bool:
        return (
            obj is not None
            and bool(self._file_fields())
            and not self.has_change_permission(request, obj)
        )

    # A read-only page would show a file through Django's display_for_field, which links to
    # ``value.url`` (and raises): those fields give way to ``stored_files``.
    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if self._read_only_view(request, obj):
            exclude += [name for name in self._file_fields() if name not in exclude]
        return exclude or None

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self._read_only_view(request, obj):
            fields = [f for f in fields if f not in self._file_fields()]
            if "stored_files" not in fields:
                fields.append("stored_files")
        return fields

    def stored_file_url(self, obj, field_name: str) -> str | None:
        """The checked view that serves ``obj``'s file, if there is one."""
        return None

    @admin.display(description=_("tệp đã lưu"))
    def stored_files(self, obj):
        rows = []
        for name in self._file_fields():
            stored = getattr(obj, name)
            if not stored:
                continue
            label = getattr(obj, "original_name", "") or PurePath(stored.name).name
            url = self.stored_file_url(obj, name)
            rows.append(format_html('<a href="{}">{}</a>', url, label) if url else label)
        return format_html_join(", ", "{}", ((r,) for r in rows)) if rows else "—"
