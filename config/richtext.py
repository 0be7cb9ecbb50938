"""The one sanitiser for rich text that DOIT writes for the public site (nh3, the Rust
``ammonia`` library): a short list of formatting tags, links with ``rel=noopener``, no scripts,
styles, event handlers or images from elsewhere. Stored sanitised, so a template may mark it safe.
"""

from __future__ import annotations

import nh3

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h2", "h3", "h4",
     "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td", "caption"}
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": {"colspan", "rowspan"}}


def sanitize_html(value: str) -> str:
    """``value`` with everything but the allowed tags and attributes removed."""
    return nh3.clean(
        value or "",
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()
