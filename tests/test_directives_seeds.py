"""The three seed directives read exactly as before the parser learnt groups, nested numbering
and the rest: every task given to an agency keeps its ref, leads, coordinating agencies,
deadline, section and text (tests/data/directives/seeds/*.json, recorded from the parser as it
was), and the sections addressed only to a group are the only additions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from programs.directive_parser import parse_directive

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = Path(__file__).resolve().parent / "data" / "directives" / "seeds"
SEEDS = ["an-giang-ct-11-2012", "ben-tre-chi-thi-sxsh", "long-an-qd-86-2013"]


def _row(a) -> dict:
    return {
        "ref": a.ref,
        "lead": a.lead,
        "coordinating": a.coordinating,
        # the snapshot predates the split of a deadline into due date and recurrence
        "due": a.recurrence or a.due,
        "due_text": a.due_text,
        "section": a.section,
        "text": a.text,
    }


@pytest.mark.parametrize("name", SEEDS)
def test_seed_agency_tasks_are_unchanged(name):
    parsed = parse_directive((ROOT / "fixtures" / "seeds" / f"{name}.md").read_text("utf-8"))
    snapshot = json.loads((SNAPSHOTS / f"{name}.json").read_text("utf-8"))
    assert [_row(a) for a in parsed.assignments if a.lead] == snapshot["assignments"]


def test_only_group_sections_are_new():
    ben_tre = parse_directive((ROOT / "fixtures/seeds/ben-tre-chi-thi-sxsh.md").read_text())
    long_an = parse_directive((ROOT / "fixtures/seeds/long-an-qd-86-2013.md").read_text())
    an_giang = parse_directive((ROOT / "fixtures/seeds/an-giang-ct-11-2012.md").read_text())
    assert not any(not a.lead for a in an_giang.assignments)
    [eleven] = [a for a in ben_tre.assignments if not a.lead]
    assert eleven.ref == "11"
    [group] = eleven.groups
    assert group["kind"] == "named"
    assert group["members"][:2] == ["Sở Công Thương", "Sở Tài nguyên và Môi trường"]
    assert group["members"][-1] == "Ủy ban nhân dân các huyện, thành phố"
    assert len(group["members"]) == 11
    [ten] = [a for a in long_an.assignments if not a.lead]
    assert ten.ref == "10"
    assert [g["kind"] for g in ten.groups] == ["enterprises"]
    assert ten.groups[0]["text"] == "Các cơ sở sản xuất công nghiệp"
