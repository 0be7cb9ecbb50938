"""The parser scored on a corpus of directives written for the purpose (tests/data/directives/
corpus): chỉ thị, kế hoạch and quyết định of several provinces after the 2025 merger, each with
the reading a careful person gives it (``<name>.json``, written before the parser was tuned).

Each expected fact is one item: an assignment is (ref, lead set, group kinds, coordinating set,
coordinating group kinds, due, recurrence); a document field is (field, value); a paragraph the
parser must report as skipped is its ref. Precision and recall are counted over all items and
per problem class (the ``classes`` of each file); the corpus must score ≥ 0.95 on both.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from config.text import normalize_name
from programs.directive_parser import parse_directive

CORPUS = Path(__file__).resolve().parent / "data" / "directives" / "corpus"
DOCUMENT_FIELDS = ("kind", "number", "issuer", "signed_on", "reporting_frequency")
THRESHOLD = 0.95


def _name(name: str) -> str:
    return re.sub(r"\s*[-–]\s*", " - ", normalize_name(name))


def _assignment_item(item: dict) -> tuple:
    return (
        "assignment",
        item["ref"],
        frozenset(_name(n) for n in item.get("lead", [])),
        frozenset(item.get("groups", [])),
        frozenset(_name(n) for n in item.get("coordinating", [])),
        frozenset(item.get("coordinating_groups", [])),
        item.get("due"),
        item.get("recurrence"),
    )


def expected_items(expected: dict) -> set[tuple]:
    items = {_assignment_item(a) for a in expected["assignments"]}
    items |= {("document", k, v) for k, v in expected["document"].items()}
    items |= {("skipped", ref) for ref in expected.get("skipped", [])}
    return items


def parsed_items(contract: dict) -> set[tuple]:
    items = set()
    for a in contract["assignments"]:
        items.add(
            _assignment_item(
                {
                    **a,
                    "groups": [g["kind"] for g in a["groups"]],
                    "coordinating_groups": [g["kind"] for g in a["coordinating_groups"]],
                }
            )
        )
    items |= {("document", k, contract["document"][k]) for k in DOCUMENT_FIELDS}
    items |= {("skipped", s["ref"]) for s in contract["skipped"]}
    return items


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


def score(pairs) -> tuple[float, float]:
    hit = sum(len(p & e) for p, e in pairs)
    predicted = sum(len(p) for p, _ in pairs)
    expected = sum(len(e) for _, e in pairs)
    return (hit / predicted if predicted else 1.0), (hit / expected if expected else 1.0)


def read_corpus():
    results = []
    for path in corpus_files():
        expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        contract = parse_directive(path.read_text(encoding="utf-8")).to_contract()
        exp = expected_items(expected)
        # document fields the expectation does not state are not scored
        got = {
            i for i in parsed_items(contract) if i[0] != "document" or i[1] in expected["document"]
        }
        results.append((path.stem, expected["classes"], got, exp))
    return results


def test_corpus_has_texts_for_every_problem_class():
    classes = set()
    for path in corpus_files():
        classes |= set(json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["classes"])
    assert classes == {
        "groups",
        "names",
        "coordinating",
        "numbering",
        "tables",
        "reporting",
        "header",
        "word",
        "warnings",
        "pasted",
    }
    assert len(corpus_files()) >= 15


def test_parser_scores_at_least_095_on_the_corpus(capsys):
    results = read_corpus()
    by_class = defaultdict(list)
    lines = []
    for name, classes, got, exp in results:
        for c in classes:
            by_class[c].append((got, exp))
        p, r = score([(got, exp)])
        lines.append(f"  {name:40s} P={p:.2f} R={r:.2f}")
        for item in sorted(exp - got, key=str):
            lines.append(f"      missing  {item}")
        for item in sorted(got - exp, key=str):
            lines.append(f"      extra    {item}")
    precision, recall = score([(g, e) for _, _, g, e in results])
    with capsys.disabled():
        print("\nDirective corpus:")
        print("\n".join(lines))
        for c in sorted(by_class):
            p, r = score(by_class[c])
            print(f"  class {c:14s} P={p:.3f} R={r:.3f}  ({len(by_class[c])} texts)")
        print(f"  overall              P={precision:.3f} R={recall:.3f}")
    assert precision >= THRESHOLD and recall >= THRESHOLD


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.stem)
def test_every_expected_reading_is_well_formed(path):
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    refs = [a["ref"] for a in expected["assignments"]]
    assert len(refs) == len(set(refs)), "a ref appears twice"
    for a in expected["assignments"]:
        assert a["lead"] or a.get("groups"), a["ref"]
        assert set(a) <= {
            "ref",
            "lead",
            "groups",
            "coordinating",
            "coordinating_groups",
            "due",
            "recurrence",
        }
