"""Editors' rich text, sanitised with nh3 before it is stored (``SanitizedHTMLField``) — on
every path: the portal's forms, the admin, the shell, fixtures.

Kept: headings, paragraphs, lists, emphasis, links (http/https/mailto, ``rel="noopener
noreferrer"`` added), simple tables, blockquotes and images whose ``src`` is a path on this site
(an outside image would make the visitor's browser fetch another host). Scripts, styles, event
handlers, iframes and forms are dropped with their content.
"""

from __future__ import annotations

import nh3
from django.db import models

TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "a", "blockquote", "hr", "img", "figure", "figcaption",
    "table", "thead", "tbody", "tr", "th", "td", "caption",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}


def _local_images_only(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if value.startswith("/") and not value.startswith("//") else None
    return value


def sanitize(html: str) -> str:
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        clean_content_tags={"script", "style"},
        attribute_filter=_local_images_only,
        strip_comments=True,
    ).strip()


class SanitizedHTMLField(models.TextField):
    """A TextField whose value is sanitised whenever it is saved."""

    def pre_save(self, model_instance, add):
        value = sanitize(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value
