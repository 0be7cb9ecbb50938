"""``{% form_token %}``: the hidden one-time token of a form that creates a record."""

from django import template
from django.utils.html import format_html

from accounts.formtokens import FIELD, new_token
from accounts.pagecache import FORM_TOKEN_PLACEHOLDER

register = template.Library()


@register.simple_tag(takes_context=True)
def form_token(context):
    request = context.get("request")
    # a page being kept by accounts.pagecache gets a fresh token per form on every request
    if getattr(request, "page_cache_rendering", False):
        value = FORM_TOKEN_PLACEHOLDER
    else:
        value = new_token()
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, value)
