"""``{{ value|rich }}``: stored rich text, sanitised again as it is shown (``public.richtext``) —
for rich text kept in a lower app's plain ``TextField`` (a case study's story), which the
services clean when they save but a row written around them (the shell, an import) might not be."""

from django import template
from django.utils.safestring import mark_safe

from public.richtext import sanitize

register = template.Library()


@register.filter
def rich(value) -> str:
    return mark_safe(sanitize(str(value or "")))  # noqa: S308 -- sanitised just above
