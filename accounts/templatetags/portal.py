"""Template helpers shared by every page: numbers the Vietnamese way, the current navigation item."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()

HOME_URL_NAMES = {"home", "dashboard", "agency_dashboard"}


@register.filter
def num(value, decimals=0):
    """1234567.5 → "1.234.567,5" in Vietnamese (grouping forced, whatever USE_THOUSAND_SEPARATOR)."""
    if value is None or value == "":
        return "—"
    try:
        value = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value
    return number_format(value, decimal_pos=int(decimals), use_l10n=True, force_grouping=True)


@register.filter
def percent(value, decimals=1):
    if value is None or value == "":
        return "—"
    return f"{num(value, decimals)} %"


@register.simple_tag(takes_context=True)
def nav_current(context, app_name):
    """aria-current for the navigation item of the app the page belongs to."""
    match = getattr(context.get("request"), "resolver_match", None)
    # the dashboards are the portal's "Tổng quan" (home)
    if getattr(match, "url_name", "") in HOME_URL_NAMES:
        current = "home"
    else:
        current = getattr(match, "app_name", "")
    return "page" if current == app_name else "false"
