"""Writes to the registry, one at a time: every change goes through one of these functions,
recording the actor. Views and the admin call them; nothing saves an Enterprise, Assessment or
Option around them. Spreadsheet imports are ``enterprises.importing``; they derive the same
fields through ``enterprise_refresh_derived``.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from enterprises.choices import OptionStatus
from enterprises.models import Assessment, Enterprise, Option
from enterprises.rules import build_search_text, compute_size_class, normalize_tax_code


def enterprise_refresh_derived(enterprise: Enterprise, *, section: str | None = None) -> None:
    """Recompute what is derived from the inputs: size class and the accent-free search text.

    Called by every write path (including the bulk importer, on unsaved instances, which passes
    the VSIC ``section`` it already knows so no query is made per row).
    """
    if section is None and enterprise.vsic_id:
        section = enterprise.vsic.section
    enterprise.size_class = compute_size_class(
        section=section,
        employees=enterprise.employees,
        revenue_million_vnd=enterprise.revenue_million_vnd,
        capital_million_vnd=enterprise.capital_million_vnd,
    )
    enterprise.search_text = build_search_text(name=enterprise.name, tax_code=enterprise.tax_code)


def _apply(instance, data: dict[str, Any]) -> None:
    for field, value in data.items():
        setattr(instance, field, value)


def _save(instance, actor) -> None:
    instance._history_user = actor  # simple_history records who made this version
    instance.full_clean()
    instance.save()


@transaction.atomic
def enterprise_create(*, actor, data: dict[str, Any]) -> Enterprise:
    enterprise = Enterprise()
    _apply(enterprise, data)
    enterprise.tax_code = normalize_tax_code(enterprise.tax_code)
    enterprise_refresh_derived(enterprise)
    _save(enterprise, actor)
    return enterprise


@transaction.atomic
def enterprise_update(*, enterprise: Enterprise, actor, data: dict[str, Any]) -> Enterprise:
    _apply(enterprise, data)
    enterprise.tax_code = normalize_tax_code(enterprise.tax_code)
    enterprise_refresh_derived(enterprise)
    _save(enterprise, actor)
    return enterprise


@transaction.atomic
def assessment_create(*, enterprise: Enterprise, actor, data: dict[str, Any]) -> Assessment:
    assessment = Assessment(enterprise=enterprise)
    _apply(assessment, data)
    _save(assessment, actor)
    return assessment


@transaction.atomic
def assessment_update(*, assessment: Assessment, actor, data: dict[str, Any]) -> Assessment:
    _apply(assessment, data)
    _save(assessment, actor)
    return assessment


def _option_checked(option: Option) -> None:
    # a proposed or rejected option has no implementation date: keep the record honest
    if option.status != OptionStatus.IMPLEMENTED:
        option.implemented_on = None


@transaction.atomic
def option_create(*, assessment: Assessment, actor, data: dict[str, Any]) -> Option:
    option = Option(assessment=assessment)
    _apply(option, data)
    _option_checked(option)
    _save(option, actor)
    return option


@transaction.atomic
def option_update(*, option: Option, actor, data: dict[str, Any]) -> Option:
    _apply(option, data)
    _option_checked(option)
    _save(option, actor)
    return option
