"""An enterprise keeps its own profile: contact details change at once, identity fields (name,
address, industry, place, size inputs, ISO 14001, SXSH unit) wait as a ``ProfileChange`` until
DOIT checks them against the registry — the registry stays DOIT's."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_doit
from accounts.scoping import company_of
from enterprises.choices import ProfileChangeStatus
from enterprises.models import Enterprise, ProfileChange
from enterprises.services import enterprise_update

#: changed by the enterprise at once
CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email")
#: changed only after DOIT's check
IDENTITY_FIELDS = (
    "name",
    "address",
    "vsic",
    "locality",
    "zone",
    "employees",
    "revenue_million_vnd",
    "capital_million_vnd",
    "iso14001",
    "has_sxsh_unit",
)


def _stored(field: models.Field, value) -> Any:
    """A JSON-safe form of a cleaned value (a related row by its key, a decimal as text)."""
    if value is None:
        return None
    if isinstance(field, models.ForeignKey):
        return value.pk
    if isinstance(field, models.DecimalField):
        return str(value)
    return value


def _current(enterprise: Enterprise, field: models.Field):
    if isinstance(field, models.ForeignKey):
        return getattr(enterprise, field.attname)
    return _stored(field, getattr(enterprise, field.name))


def _display(field: models.Field, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(field, models.ForeignKey):
        row = field.related_model._default_manager.filter(pk=value).first()
        return str(row) if row else "—"
    if isinstance(field, models.BooleanField):
        return _("Có") if value else _("Không")
    return str(value)


def compare(change: ProfileChange) -> list[dict]:
    """Rows of (field label, value in the registry now, value asked for)."""
    rows = []
    for name, value in change.changes.items():
        field = Enterprise._meta.get_field(name)
        rows.append(
            {
                "label": field.verbose_name,
                "current": _display(field, _current(change.enterprise, field)),
                "proposed": _display(field, value),
            }
        )
    return rows


@transaction.atomic
def profile_save(*, enterprise: Enterprise, data: dict[str, Any], actor) -> ProfileChange | None:
    """Apply the contact fields now; keep the identity fields that differ as one pending change
    (replacing an earlier pending one of the same facility). Returns the pending change."""
    tax_code = company_of(actor)
    if tax_code is None or not Enterprise.objects.of_company(tax_code).filter(pk=enterprise.pk):
        raise PermissionDenied
    contact = {k: data[k] for k in CONTACT_FIELDS if k in data}
    if any(getattr(enterprise, k) != v for k, v in contact.items()):
        enterprise_update(enterprise=enterprise, actor=actor, data=contact)
    proposed = {}
    for name in IDENTITY_FIELDS:
        if name not in data:
            continue
        field = Enterprise._meta.get_field(name)
        value = _stored(field, data[name])
        if value != _current(enterprise, field):
            proposed[name] = value
    pending = ProfileChange.objects.filter(
        enterprise=enterprise, status=ProfileChangeStatus.PENDING
    )
    for old in pending:
        old.status = ProfileChangeStatus.REJECTED
        old.decision_note = _("Thay bằng đề nghị mới của doanh nghiệp.")
        old.decided_at = timezone.now()
        old._history_user = actor
        old.save()
    if not proposed:
        return None
    change = ProfileChange(enterprise=enterprise, changes=proposed, requested_by=actor)
    change._history_user = actor
    change.save()
    return change


@transaction.atomic
def profile_change_apply(*, change: ProfileChange, actor) -> Enterprise:
    if not is_doit(actor):
        raise PermissionDenied
    if change.status != ProfileChangeStatus.PENDING:
        raise ValidationError(_("Đề nghị này đã được xử lý."))
    data = {}
    for name, value in change.changes.items():
        field = Enterprise._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            data[field.attname] = value
        else:
            data[name] = field.to_python(value)
    enterprise = enterprise_update(enterprise=change.enterprise, actor=actor, data=data)
    _decide(change, ProfileChangeStatus.APPLIED, actor=actor, note="")
    return enterprise


@transaction.atomic
def profile_change_reject(*, change: ProfileChange, actor, note: str) -> None:
    if not is_doit(actor):
        raise PermissionDenied
    if change.status != ProfileChangeStatus.PENDING:
        raise ValidationError(_("Đề nghị này đã được xử lý."))
    _decide(change, ProfileChangeStatus.REJECTED, actor=actor, note=note)


def _decide(change: ProfileChange, status: str, *, actor, note: str) -> None:
    change.status = status
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.decision_note = note
    change._history_user = actor
    change.save()
