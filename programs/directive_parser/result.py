"""What the parser returns: the document, its assignments (tasks) and targets, and warnings.

``ParsedDirective.to_contract()`` is the JSON object of ``manage.py import_directive --json``,
documented in docs/directive-json.md (its ``version`` is ``CONTRACT_VERSION``);
``to_dict()`` / ``from_dict()`` carry everything signed between the admin preview and the save.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

KINDS = ("chi_thi", "quyet_dinh", "ke_hoach", "chuong_trinh", "other")
RECURRENCES = ("yearly", "semiannual")
CONTRACT_VERSION = 2


@dataclass
class ParsedAssignment:
    """One task: a lettered item of an agency section, a section without letters, a table row.

    ``lead`` are the agencies named as leads; ``groups`` the groups of bodies the task is
    given to as well or instead ({"kind", "text"[, "members"]}, kinds in
    ``addressees.GROUP_KINDS``); a task needs one or the other.
    """

    ref: str
    lead: list[str]
    coordinating: list[str] = field(default_factory=list)
    text: str = ""
    due: str | None = None  # "YYYY-MM-DD" | None
    due_text: str = ""
    section: str = ""
    recurrence: str | None = None  # "yearly" | "semiannual" | None
    groups: list[dict] = field(default_factory=list)
    coordinating_groups: list[dict] = field(default_factory=list)

    def to_contract(self) -> dict:
        return {
            "ref": self.ref,
            "lead": list(self.lead),
            "groups": [dict(g) for g in self.groups],
            "coordinating": list(self.coordinating),
            "coordinating_groups": [dict(g) for g in self.coordinating_groups],
            "text": self.text,
            "due": self.due,
            "recurrence": self.recurrence,
            "due_text": self.due_text,
            "section": self.section,
        }


@dataclass
class ParsedTarget:
    indicator: str
    value: str  # "50" or a range "5-8"
    unit: str = "%"
    by_year: int | None = None
    text: str = ""

    def to_contract(self) -> dict:
        return {
            "indicator": self.indicator,
            "value": self.value,
            "unit": self.unit,
            "by_year": self.by_year,
        }


@dataclass
class ParsedSkip:
    """A paragraph that reads like an assignment but names nobody the parser recognises."""

    ref: str
    first_words: str
    reason: str
    text: str = ""

    def to_contract(self) -> dict:
        return {"ref": self.ref, "first_words": self.first_words, "reason": self.reason}


@dataclass
class ParsedDirective:
    kind: str = "other"
    number: str | None = None
    title: str | None = None
    issuer: str | None = None
    signed_on: dt.date | None = None
    effective_on: dt.date | None = None
    #: "có hiệu lực sau mười ngày kể từ ngày ký" → 10 (kept when the signing date is unknown)
    effective_days_after_signing: int | None = None
    #: the most frequent reporting the document imposes ("semiannual" | "annual")
    reporting_frequency: str | None = None
    #: every frequency it names: "định kỳ 6 tháng, năm" → ["semiannual", "annual"]
    reporting_frequencies: list[str] = field(default_factory=list)
    #: report dates without a year: "trước ngày 01/6 và 15/11 hằng năm" → ["01/06", "15/11"]
    reporting_deadlines: list[str] = field(default_factory=list)
    report_to: str | None = None
    signer_name: str = ""
    signer_title: str = ""
    legal_basis: list[str] = field(default_factory=list)
    basis_numbers: list[str] = field(default_factory=list)
    period_start_year: int | None = None
    period_end_year: int | None = None
    assignments: list[ParsedAssignment] = field(default_factory=list)
    targets: list[ParsedTarget] = field(default_factory=list)
    skipped: list[ParsedSkip] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_contract(self) -> dict:
        """The JSON object of the import contract (docs/directive-json.md), nothing more."""
        return {
            "version": CONTRACT_VERSION,
            "document": {
                "kind": self.kind,
                "number": self.number,
                "title": self.title,
                "issuer": self.issuer,
                "signed_on": self.signed_on.isoformat() if self.signed_on else None,
                "effective_on": self.effective_on.isoformat() if self.effective_on else None,
                "reporting_frequency": self.reporting_frequency,
                "reporting_frequencies": list(self.reporting_frequencies),
                "reporting_deadlines": list(self.reporting_deadlines),
                "report_to": self.report_to,
            },
            "assignments": [a.to_contract() for a in self.assignments],
            "targets": [t.to_contract() for t in self.targets],
            "skipped": [s.to_contract() for s in self.skipped],
            "warnings": list(self.warnings),
        }

    def to_dict(self) -> dict:
        """Everything, JSON-serialisable (carried signed between the admin preview and save)."""
        data = asdict(self)
        for key in ("signed_on", "effective_on"):
            data[key] = data[key].isoformat() if data[key] else None
        return data

    @classmethod
    def from_dict(cls, data: dict) -> ParsedDirective:
        """Rebuild and validate a ``to_dict()`` payload; raises ValueError on a bad shape."""
        if not isinstance(data, dict):
            raise ValueError("payload is not an object")
        data = dict(data)
        for key in ("signed_on", "effective_on"):
            data[key] = dt.date.fromisoformat(data[key]) if data.get(key) else None
        if data.get("kind") not in KINDS:
            raise ValueError(f"unknown kind {data.get('kind')!r}")
        assignments = []
        for item in data.pop("assignments", []) or []:
            if not isinstance(item, dict) or not item.get("ref"):
                raise ValueError("assignment without ref")
            item = dict(item)
            if not item.get("lead") and not item.get("groups"):
                raise ValueError("assignment without lead or group")
            if not all(
                isinstance(name, str) for name in item["lead"] + item.get("coordinating", [])
            ):
                raise ValueError("agency names must be strings")
            for key in ("groups", "coordinating_groups"):
                groups = item.get(key, [])
                if not all(isinstance(g, dict) and isinstance(g.get("kind"), str) for g in groups):
                    raise ValueError(f"{key} must be objects with a kind")
            # a payload signed before due and recurrence were separate fields
            if item.get("due") in RECURRENCES:
                item["recurrence"], item["due"] = item["due"], None
            if item.get("due") is not None:
                dt.date.fromisoformat(item["due"])
            if item.get("recurrence") not in (None, *RECURRENCES):
                raise ValueError(f"unknown recurrence {item.get('recurrence')!r}")
            assignments.append(ParsedAssignment(**item))
        targets = [ParsedTarget(**t) for t in data.pop("targets", []) or []]
        skipped = [ParsedSkip(**s) for s in data.pop("skipped", []) or []]
        known = set(cls.__dataclass_fields__)
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown keys {sorted(unknown)}")
        return cls(**data, assignments=assignments, targets=targets, skipped=skipped)
