"""Extension points of the activity and progress forms, filled by higher apps.

A lower app never imports a higher one, yet the annual plan (``plans``, above) lets an agency
say which plan item an activity or a progress entry counts for, "chosen when logging, suggested
from the task". So this app exposes a registry: a higher app registers a ``FormExtension`` in its
``AppConfig.ready()``; the forms ask each extension for its fields (``contribute``) and the
services hand it the cleaned values to save inside their own transaction (``save``), so the
activity and its link are written together or not at all. Nothing here knows what the
extensions are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class FormExtension:
    """``contribute(form, *, agency, task)`` adds fields to the form (their names are listed in
    ``field_names``); ``save(*, obj, data, actor)`` stores what the user chose for the new row,
    raising ``ValidationError({field: …})`` to refuse it (the whole write rolls back)."""

    name: str
    field_names: tuple[str, ...]
    contribute: Callable
    save: Callable


_ACTIVITY: dict[str, FormExtension] = {}
_PROGRESS: dict[str, FormExtension] = {}


def register_activity_extension(extension: FormExtension) -> None:
    _ACTIVITY[extension.name] = extension


def register_progress_extension(extension: FormExtension) -> None:
    _PROGRESS[extension.name] = extension


def activity_extensions() -> list[FormExtension]:
    return list(_ACTIVITY.values())


def progress_extensions() -> list[FormExtension]:
    return list(_PROGRESS.values())


def contribute(form, extensions: list[FormExtension], *, agency, task) -> None:
    """Add the extensions' fields to ``form``; ``form.extension_fields`` lists their names."""
    names = []
    for extension in extensions:
        extension.contribute(form, agency=agency, task=task)
        names.extend(n for n in extension.field_names if n in form.fields)
    form.extension_field_names = names


def extension_data(form) -> dict:
    """The cleaned values of the extensions' fields, for the service."""
    return {n: form.cleaned_data.get(n) for n in getattr(form, "extension_field_names", [])}


def save_all(extensions: list[FormExtension], *, obj, data: dict | None, actor) -> None:
    for extension in extensions:
        extension.save(obj=obj, data=data or {}, actor=actor)
