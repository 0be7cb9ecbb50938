"""Writing a checked file: the set-based fast path, and django-import-export's row-by-row path."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import tablib
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from enterprises.importing.columns import COLUMN_BY_KEY, FK_FIELDS
from enterprises.importing.reading import FileRejected, read_table
from enterprises.importing.validation import ParsedRow, RowError, validate_rows
from enterprises.models import Enterprise
from enterprises.resources import EnterpriseResource
from enterprises.services import enterprise_refresh_derived


@dataclass
class ImportResult:
    dry_run: bool
    total_rows: int = 0
    created: int = 0  # rows created (or to be created, on a dry run)
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""
    sample: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.errors

    @property
    def error_rows(self) -> int:
        return len({e.row for e in self.errors})


_DERIVED = ("size_class", "search_text")


def _assign(enterprise: Enterprise, values: dict[str, Any]) -> list[str]:
    """Set the row's values; returns the attribute names that changed."""
    changed = []
    for key, value in values.items():
        if key == "tax_code":
            continue
        attr = FK_FIELDS.get(key, key)
        if getattr(enterprise, attr) != value:
            setattr(enterprise, attr, value)
            changed.append(key)
    return changed


def _derive(enterprise: Enterprise, section: str | None, vsic_sections: dict[int, str]) -> None:
    if section is None and enterprise.vsic_id:
        section = vsic_sections.get(enterprise.vsic_id)
    enterprise_refresh_derived(enterprise, section=section or "")


def _sample(parsed: ParsedRow, action: str) -> dict[str, Any]:
    return {
        "row": parsed.row,
        "tax_code": parsed.tax_code,
        "name": parsed.values.get("name", ""),
        "action": action,
    }


def enterprises_import(
    *,
    file,
    actor,
    dry_run: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
    sample_size: int = 10,
) -> ImportResult:
    """Validate the whole file, then (unless ``dry_run``) write it in one transaction.

    ``progress(phase, done, total)`` is called every few hundred rows ("validating"/"writing").
    Nothing is written when any row has an error.
    """
    result = ImportResult(dry_run=dry_run)
    try:
        _header_row, keys, rows = read_table(file)
        parsed, errors, lookups = validate_rows(keys, rows, progress=progress)
    except FileRejected as exc:
        result.file_error = str(exc)
        return result
    result.total_rows = len(parsed) + len({e.row for e in errors})
    if errors:
        result.errors = errors
        return result

    vsic_sections = {pk: section for pk, section in lookups.vsic.values()}
    now = timezone.now()
    to_create: list[Enterprise] = []
    to_update: list[Enterprise] = []
    update_fields: set[str] = set()
    for row in parsed:
        existing = lookups.existing.get(row.tax_code)
        if existing is None:
            enterprise = Enterprise(tax_code=row.tax_code)
            _assign(enterprise, row.values)
            _derive(enterprise, row.section, vsic_sections)
            to_create.append(enterprise)
            action = "create"
        else:
            before = (existing.size_class, existing.search_text)
            changed = _assign(existing, row.values)
            _derive(existing, None, vsic_sections)
            if not changed and before == (existing.size_class, existing.search_text):
                result.unchanged += 1
                action = "unchanged"
            else:
                existing.updated_at = now  # bulk_update does not apply auto_now
                update_fields.update(FK_FIELDS.get(k, k) for k in changed)
                to_update.append(existing)
                action = "update"
        if len(result.sample) < sample_size:
            result.sample.append(_sample(row, action))
    result.created = len(to_create)
    result.updated = len(to_update)
    if dry_run:
        return result

    reason = _("Nhập từ tệp danh sách cơ sở")
    with transaction.atomic():
        written = 0
        for start in range(0, len(to_create), 2000):
            batch = to_create[start : start + 2000]
            bulk_create_with_history(
                batch, Enterprise, batch_size=1000, default_user=actor, default_change_reason=reason
            )
            written += len(batch)
            if progress:
                progress("writing", written, len(to_create) + len(to_update))
        if to_update:
            fields = sorted(update_fields | set(_DERIVED) | {"updated_at"})
            bulk_update_with_history(
                to_update,
                Enterprise,
                fields=fields,
                batch_size=1000,
                default_user=actor,
                default_change_reason=reason,
            )
        if progress:
            progress("writing", len(to_create) + len(to_update), len(to_create) + len(to_update))
    return result


def import_with_import_export(*, file, actor, dry_run: bool = False) -> ImportResult:
    """The same file through django-import-export's default row-by-row import (one query to
    find, one ``save()`` and one history row per line), all or nothing."""
    result = ImportResult(dry_run=dry_run)
    try:
        header_row, keys, rows = read_table(file)
    except FileRejected as exc:
        result.file_error = str(exc)
        return result
    headers = [COLUMN_BY_KEY[k].header if k else f"_{i}" for i, k in enumerate(keys)]
    dataset = tablib.Dataset(headers=headers)
    width = len(headers)
    numbers = []
    for number, values in rows:
        values = (tuple(values) + (None,) * width)[:width]
        dataset.append(values)
        numbers.append(number)
    resource = EnterpriseResource(row_numbers=numbers)
    ie_result = resource.import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        user=actor,
    )
    result.errors = resource.row_errors
    if resource.file_error:
        result.file_error = resource.file_error
    if ie_result.has_errors() and not result.errors and not result.file_error:
        result.file_error = "; ".join(str(e.error) for e in ie_result.base_errors) or _(
            "Lỗi không xác định khi nhập."
        )
    result.total_rows = ie_result.total_rows
    totals = ie_result.totals
    result.created = totals.get("new", 0)
    result.updated = totals.get("update", 0)
    result.unchanged = totals.get("skip", 0)
    if not result.ok:
        result.created = result.updated = 0
    return result
