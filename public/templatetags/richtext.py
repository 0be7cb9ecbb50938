"""``{{ value|rich }}``: stored rich text, sanitised again as it is shown (``config.richtext``) —
it was cleaned when saved, but a row written around the services (the shell, an import) is
never trusted to have been."""

from django import template
from django.utils.safestring import mark_safe

from config.richtext import sanitize_html

register = template.Library()


@register.filter
def rich(value) -> str:
    return mark_safe(sanitize_html(str(value or "")))  # noqa: S308 -- sanitised just above
