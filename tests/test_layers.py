"""The app graph points one way, model relations included.

import-linter (``lint-imports``, run by ``.ci/run``) checks imports against the layers contract in
pyproject.toml; it cannot see a relation written as a string ("accounts.Agency"), so this test
walks every model's relation fields and fails when one points to a higher app.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from django.apps import apps
from django.conf import settings


def _layers() -> list[str]:
    """The contract's layers, bottom first."""
    data = tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())
    contract = next(c for c in data["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    return list(reversed(contract["layers"]))


def _offending_relations(rank: dict[str, int]) -> list[str]:
    bad = []
    for model in apps.get_models(include_auto_created=True):
        here = model._meta.app_label
        if here not in rank:
            continue
        for field in model._meta.get_fields(include_hidden=True):
            if not field.is_relation or field.auto_created or field.related_model is None:
                continue
            there = field.related_model._meta.app_label
            if there in rank and rank[there] > rank[here]:
                bad.append(f"{model._meta.label}.{field.name} → {field.related_model._meta.label}")
    return bad


def test_every_model_relation_points_to_its_own_app_or_a_lower_one():
    rank = {app: i for i, app in enumerate(_layers())}
    assert _offending_relations(rank) == []


def test_the_relation_check_catches_an_upward_relation():
    # with assignments ranked below programs, Task.document (→ programs) must be reported
    layers = _layers()
    rank = {app: i for i, app in enumerate(layers)}
    rank["assignments"], rank["programs"] = rank["programs"], rank["assignments"]
    assert "assignments.Task.document → programs.LegalDocument" in _offending_relations(rank)


def test_the_contract_lists_every_app_of_ours():
    ours = {
        c.label
        for c in apps.get_app_configs()
        if Path(c.path).resolve().parent == Path(settings.BASE_DIR).resolve()
    }
    assert ours - {"bench"} <= set(_layers())
