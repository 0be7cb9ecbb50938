"""Template filters of the plan pages: đồng, rates, status badges, people's names."""

from django import template

from config.money import format_vnd, group_dong

register = template.Library()

_BADGES = {
    "draft": "muted",
    "submitted": "info",
    "returned": "warn",
    "appraised": "info",
    "approved": "ok",
    "executing": "ok",
    "superseded": "muted",
    "closed": "muted",
}


@register.filter
def dong(amount):
    """``1234567`` → "1.234.567 đồng"."""
    return format_vnd(amount)


@register.filter
def vnd(amount):
    """``1234567`` → "1.234.567" (tables whose header says "đồng")."""
    return group_dong(amount)


@register.filter
def pct(value):
    """``32.6`` → "32,6%"; None → "—"."""
    if value is None:
        return "—"
    return f"{value:.1f}".replace(".", ",") + "%"


@register.filter
def plan_badge(status):
    return _BADGES.get(str(status), "muted")


@register.filter
def person(user):
    if user is None:
        return ""
    return f"{user.last_name} {user.first_name}".strip() or user.username


@register.filter
def source_amount(row, source):
    """The ``Money`` of ``row`` (an item row) for a funding source, or None."""
    return row.by_source.get(source)
