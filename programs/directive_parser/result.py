"""What the parser returns: the document, its assignments (tasks) and targets, and warnings.

``ParsedDirective.to_contract()`` is the JSON object of ``manage.py import_directive --json``;
``to_dict()`` / ``from_dict()`` carry everything signed between the admin preview and the save.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

KINDS = ("chi_thi", "quyet_dinh", "ke_hoach", "chuong_trinh", "other")


@dataclass
class ParsedAssignment:
    """One task: a lettered item of an agency section, a section without letters, a table row."""

    ref: str
    lead: list[str]
    coordinating: list[str] = field(default_factory=list)
    text: str = ""
    due: str | None = None  # "YYYY-MM-DD" | "yearly" | "semiannual" | None
    due_text: str = ""
    section: str = ""

    def to_contract(self) -> dict:
        return {
            "ref": self.ref,
            "lead": list(self.lead),
            "coordinating": list(self.coordinating),
            "text": self.text,
            "due": self.due,
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
class ParsedDirective:
    kind: str = "other"
    number: str | None = None
    title: str | None = None
    issuer: str | None = None
    signed_on: dt.date | None = None
    effective_on: dt.date | None = None
    #: "có hiệu lực sau mười ngày kể từ ngày ký" → 10 (kept when the signing date is unknown)
    effective_days_after_signing: int | None = None
    reporting_frequency: str | None = None
    report_to: str | None = None
    signer_name: str = ""
    signer_title: str = ""
    legal_basis: list[str] = field(default_factory=list)
    basis_numbers: list[str] = field(default_factory=list)
    period_start_year: int | None = None
    period_end_year: int | None = None
    assignments: list[ParsedAssignment] = field(default_factory=list)
    targets: list[ParsedTarget] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_contract(self) -> dict:
        """The JSON object of the import contract (issue 3), nothing more."""
        return {
            "document": {
                "kind": self.kind,
                "number": self.number,
                "title": self.title,
                "issuer": self.issuer,
                "signed_on": self.signed_on.isoformat() if self.signed_on else None,
                "effective_on": self.effective_on.isoformat() if self.effective_on else None,
                "reporting_frequency": self.reporting_frequency,
                "report_to": self.report_to,
            },
            "assignments": [a.to_contract() for a in self.assignments],
            "targets": [t.to_contract() for t in self.targets],
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
            if not isinstance(item, dict) or not item.get("ref") or not item.get("lead"):
                raise ValueError("assignment without ref or lead")
            if not all(
                isinstance(name, str) for name in item["lead"] + item.get("coordinating", [])
            ):
                raise ValueError("agency names must be strings")
            due = item.get("due")
            if due not in (None, "yearly", "semiannual"):
                dt.date.fromisoformat(due)
            assignments.append(ParsedAssignment(**item))
        targets = [ParsedTarget(**t) for t in data.pop("targets", []) or []]
        known = set(cls.__dataclass_fields__)
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown keys {sorted(unknown)}")
        return cls(**data, assignments=assignments, targets=targets)
