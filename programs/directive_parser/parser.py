"""``parse_directive``: the steps in order, over one ``ParseContext``."""

from __future__ import annotations

import re

from programs.directive_parser.context import ParseContext
from programs.directive_parser.document import (
    KIND_FROM_SYMBOL,
    fill_issuer,
    read_attached_to,
    read_facts,
    read_header,
)
from programs.directive_parser.result import ParsedDirective
from programs.directive_parser.sections import read_sections
from programs.directive_parser.tables import read_tables
from programs.directive_parser.targets import read_targets


def parse_directive(text: str) -> ParsedDirective:
    """Parse a directive's text (markdown, plain text or text extracted from Word)."""
    ctx = ParseContext(text or "")
    r = ctx.result
    if not ctx.units:
        ctx.warn("Văn bản trống.")
        return r
    start = read_header(ctx)
    read_attached_to(ctx)
    fill_issuer(ctx, start)
    if r.kind == "other" and r.number:
        for pattern, kind in KIND_FROM_SYMBOL:
            if pattern.search(r.number):
                r.kind = kind
                break
    if r.number is None:
        ctx.warn("Không tìm thấy số, ký hiệu văn bản.")
    if r.signed_on is None:
        ctx.warn("Không tìm thấy ngày ký.")
    read_facts(ctx)
    read_targets(ctx)
    read_sections(ctx, start)
    read_tables(ctx)
    if not r.assignments:
        ctx.warn("Không tìm thấy nhiệm vụ nào giao cho cơ quan, đơn vị.")
    check_truncation(ctx)
    return r


def check_truncation(ctx: ParseContext):
    """Warn when the text stops before its ending (validity clause, signature)."""
    body = [u for u in ctx.units if "\t" not in u]
    if not body:
        return
    has_ending = any(
        re.match(r"^(TM\.|KT\.|Nơi nhận)", u) or u.endswith("./.") or "có hiệu lực" in u
        for u in ctx.units
    )
    last = body[-1]
    if not has_ending or last.endswith((";", ",", ":")):
        where = ctx.result.assignments[-1].ref if ctx.result.assignments else None
        tail = f" sau mục {where}" if where else ""
        ctx.warn(
            f"Văn bản có vẻ bị cắt cụt{tail} (không có phần kết: hiệu lực, chữ ký): "
            "chỉ nạp được phần đã có."
        )
