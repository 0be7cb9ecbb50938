"""Read a provincial directive (chỉ thị, quyết định, kế hoạch…) into structured data.

Pure: no database, no Django models. ``parse_directive(text)`` returns a ``ParsedDirective``
whose ``to_contract()`` is the JSON object of ``manage.py import_directive --json``.

Nothing here knows a particular province: sections are recognised by their numbering
("1.", "1/", "I.", "Điều 1", lettered "a)"…"đ)"…), agencies by the words official names begin
with ("Sở", "Ban", "UBND", "Đài", "Báo"…), and tables by their header cells (STT / nội dung /
cơ quan thực hiện / phối hợp / thời gian).

Modules: ``result`` (what is returned), ``units`` (text clean-up), ``numbering``, ``agencies``,
``dates``, ``document`` (the document's own fields), ``targets``, ``sections``, ``tables``,
``parser`` (the steps in order).
"""

from programs.directive_parser.agencies import (
    agencies_at_start,
    coordinating_in,
    is_agency_name,
    split_agencies,
)
from programs.directive_parser.dates import due_in_text, find_date, parse_due, vietnamese_number
from programs.directive_parser.parser import parse_directive
from programs.directive_parser.result import (
    KINDS,
    ParsedAssignment,
    ParsedDirective,
    ParsedTarget,
)
from programs.directive_parser.units import clean_line, decode_text, to_units

__all__ = [
    "KINDS",
    "ParsedAssignment",
    "ParsedDirective",
    "ParsedTarget",
    "agencies_at_start",
    "clean_line",
    "coordinating_in",
    "decode_text",
    "due_in_text",
    "find_date",
    "is_agency_name",
    "parse_directive",
    "parse_due",
    "split_agencies",
    "to_units",
    "vietnamese_number",
]
