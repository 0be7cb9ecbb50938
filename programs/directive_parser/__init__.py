"""Read a provincial directive (chỉ thị, quyết định, kế hoạch…) into structured data.

Pure: no database, no Django models. ``parse_directive(text)`` returns a ``ParsedDirective``
whose ``to_contract()`` is the JSON object of ``manage.py import_directive --json``
(docs/directive-json.md).

Nothing here knows a particular province: sections are recognised by their numbering
("1.", "1/", "I.", "Điều 1", "2.1.", lettered "a)"…"đ)"…, dashes), agencies by the words
official names begin with ("Sở", "Ban", "UBND", "Đài", "Báo"…) and the national names and
abbreviations of provincial bodies, groups of bodies by their wording ("các sở, ban, ngành",
"Ủy ban nhân dân các xã, phường", "các doanh nghiệp…"), and tables by their header cells (STT /
nội dung / cơ quan chủ trì / phối hợp / thời gian).

Modules: ``result`` (what is returned), ``units`` (text clean-up), ``numbering``, ``names``
(standard names, abbreviations), ``agencies`` (one name), ``addressees`` (who a heading or a
clause addresses, groups), ``dates`` (deadlines, recurrence), ``document`` (the document's own
fields), ``targets``, ``sections``, ``tables``, ``parser`` (the steps in order).
"""

from programs.directive_parser.addressees import (
    GROUP_KINDS,
    coordinating_in,
    read_addressees,
    split_addressees,
    split_agencies,
)
from programs.directive_parser.agencies import is_agency_name
from programs.directive_parser.dates import (
    Timing,
    due_in_text,
    find_date,
    parse_due,
    read_due,
    task_timing,
    vietnamese_number,
)
from programs.directive_parser.parser import parse_directive
from programs.directive_parser.result import (
    CONTRACT_VERSION,
    KINDS,
    ParsedAssignment,
    ParsedDirective,
    ParsedSkip,
    ParsedTarget,
)
from programs.directive_parser.units import clean_line, decode_text, to_units

__all__ = [
    "CONTRACT_VERSION",
    "GROUP_KINDS",
    "KINDS",
    "ParsedAssignment",
    "ParsedDirective",
    "ParsedSkip",
    "ParsedTarget",
    "Timing",
    "clean_line",
    "coordinating_in",
    "decode_text",
    "due_in_text",
    "find_date",
    "is_agency_name",
    "parse_directive",
    "parse_due",
    "read_addressees",
    "read_due",
    "split_addressees",
    "split_agencies",
    "task_timing",
    "to_units",
    "vietnamese_number",
]
