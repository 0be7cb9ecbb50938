"""The state one parse shares between its steps: the text's units, the result being built."""

from __future__ import annotations

from programs.directive_parser.result import ParsedDirective
from programs.directive_parser.units import decode_text, to_units


class ParseContext:
    """One directive being read; each step (header, targets, sections, tables) adds to
    ``result`` and reports problems through ``warn``."""

    def __init__(self, text: str):
        self.units = to_units(decode_text(text))
        self.result = ParsedDirective()
        self.warn = self.result.warnings.append
        self.refs: set[str] = set()
        #: the issuer named in "(Ban hành kèm theo Quyết định số … của UBND tỉnh …)"
        self.attached_issuer: str | None = None
        #: section numbers already emitted ("7", then "7(2)" for a repeated "7.")
        self.bases: set[str] = set()

    def unique_ref(self, ref: str) -> str:
        """The ref itself, or "7(2).a" when it was already given."""
        if ref not in self.refs:
            self.refs.add(ref)
            return ref
        n = 2
        while True:
            base, _, letter = ref.partition(".")
            cand = f"{base}({n})" + (f".{letter}" if letter else "")
            if cand not in self.refs:
                self.refs.add(cand)
                return cand
            n += 1
