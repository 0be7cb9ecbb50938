"""The state one parse shares between its steps: the text's units, the result being built."""

from __future__ import annotations

from programs.directive_parser.numbering import label
from programs.directive_parser.result import ParsedDirective, ParsedSkip
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

    def skip(self, ref: str, text: str, reason: str) -> None:
        """Report a paragraph that reads like an assignment but could not be read as one."""
        words = text.split()
        first = " ".join(words[:10]) + ("…" if len(words) > 10 else "")
        self.result.skipped.append(ParsedSkip(ref=ref, first_words=first, reason=reason, text=text))
        where = label(ref) if not ref.startswith("DM") else f"Bảng nhiệm vụ, dòng {ref}"
        self.warn(f"{where} (“{first}”): {reason} — bỏ qua.")
