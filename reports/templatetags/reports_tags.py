"""Template helpers of the reports pages and PDFs."""

from __future__ import annotations

from django import template
from django.utils.html import format_html_join

from reports.selectors import person_name

register = template.Library()


@register.filter
def paragraphs(text):
    """Each non-empty line of user text as its own escaped ``<p>`` (official documents indent
    every paragraph; ``linebreaks`` would join single-newline lines with ``<br>``)."""
    lines = [line.strip() for line in str(text or "").splitlines() if line.strip()]
    return format_html_join("", "<p>{}</p>", ((line,) for line in lines))


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


_STATUS_BADGE = {"draft": "muted", "submitted": "info", "returned": "warn", "accepted": "ok"}


@register.filter
def status_badge(status):
    """The portal.css badge class of a report status."""
    return _STATUS_BADGE.get(str(status), "muted")


@register.filter
def person(user):
    """A user's name in Vietnamese order ("Trần Thị Lan")."""
    return person_name(user)
