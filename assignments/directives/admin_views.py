"""The admin's "Nạp văn bản" view: source → preview with corrections → save.

The parsed document travels between the preview and the save as a signed field
(``django.core.signing``), so the save step re-reads exactly what was previewed and refuses a
tampered or expired form; the corrections are validated again and saved by
``assignments.directives.importing.directive_import`` in one transaction.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Agency
from assignments.directives.forms import (
    DirectiveReviewForm,
    DirectiveSourceForm,
    sign_payload,
    unsign_payload,
)
from assignments.directives.importing import (
    DOCUMENT_FIELDS,
    directive_import,
    directive_preview,
)
from assignments.models import AssigneeGroup
from programs.directive_parser import parse_directive
from programs.models import Indicator


def _context(model_admin, request, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Nạp văn bản chỉ đạo"),
        **extra,
    }


def _review_form(preview, data=None, initial=None):
    agencies = Agency.objects.order_by("active_until", "name").only(
        "pk", "name", "active_from", "active_until"
    )
    indicators = Indicator.objects.order_by("order", "code").only("code", "name")
    groups = AssigneeGroup.objects.order_by("name").only("pk", "name")
    return DirectiveReviewForm(
        data,
        initial=initial,
        preview=preview,
        agencies=list(agencies),
        indicators=list(indicators),
        groups=list(groups),
    )


def _initial(parsed, payload):
    initial = {"payload": payload}
    for key in DOCUMENT_FIELDS:
        value = getattr(parsed, key)
        initial[key] = value if isinstance(value, dt.date) else value or ""
    return initial


def _render_preview(model_admin, request, form, filename, error=None):
    return TemplateResponse(
        request,
        "programs/admin/import_preview.html",
        _context(
            model_admin,
            request,
            form=form,
            rows=form.bound_rows(),
            preview=form.preview,
            parsed=form.preview.parsed,
            filename=filename,
            error=error,
            document_fields=DOCUMENT_FIELDS,
        ),
    )


def directive_import_view(model_admin, request):
    step = request.POST.get("step") if request.method == "POST" else None
    if step == "save":
        try:
            parsed, text, filename = unsign_payload(request.POST.get("payload", ""))
        except (signing.BadSignature, ValueError, TypeError, KeyError):
            messages.error(
                request, _("Bản xem trước đã hết hạn hoặc bị sửa đổi: hãy nạp lại văn bản.")
            )
            return redirect(reverse("admin:programs_legaldocument_import"))
        preview = directive_preview(parsed=parsed)
        form = _review_form(preview, data=request.POST)
        if not form.is_valid():
            return _render_preview(model_admin, request, form, filename)
        try:
            outcome = directive_import(
                parsed=parsed,
                actor=request.user,
                corrections=form.corrections(),
                original_text=text,
            )
        except ValidationError as exc:
            return _render_preview(
                model_admin, request, form, filename, error=" ".join(exc.messages)
            )
        messages.success(
            request,
            _(
                "Đã nạp %(doc)s: %(tasks)s nhiệm vụ (%(group_tasks)s giao cho nhóm), "
                "%(targets)s mục tiêu, %(agencies)s cơ quan mới, %(groups)s nhóm mới."
            )
            % {
                "doc": outcome.document,
                "tasks": outcome.tasks,
                "group_tasks": outcome.group_tasks,
                "groups": len(outcome.groups_created),
                "targets": outcome.targets,
                "agencies": len(outcome.agencies_created),
            },
        )
        return redirect(reverse("admin:programs_legaldocument_change", args=[outcome.document.pk]))

    if step == "parse":
        source = DirectiveSourceForm(request.POST, request.FILES)
        if source.is_valid():
            text = source.cleaned_data["source_text"]
            filename = source.cleaned_data["filename"]
            parsed = parse_directive(text)
            preview = directive_preview(parsed=parsed)
            payload = sign_payload(parsed, text, filename)
            form = _review_form(preview, initial=_initial(parsed, payload))
            return _render_preview(model_admin, request, form, filename)
    else:
        source = DirectiveSourceForm()
    return TemplateResponse(
        request, "programs/admin/import_source.html", _context(model_admin, request, form=source)
    )
