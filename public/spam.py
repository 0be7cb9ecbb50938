"""Spam resistance for the public forms, with nothing from another host (no captcha):

- a **honeypot** field people never see (hidden by the stylesheet, skipped by the keyboard) —
  filled in, the post is dropped;
- a signed **render time**: a form sent back sooner than a person can fill it, or from a page
  older than a day, is dropped;
- a **rate limit** per client address (Django's cache, so shared by every worker when the cache
  is Redis): past the limit posts are dropped.

A dropped post gets the same friendly answer as a real one, so a robot learns nothing.
The client address is the one django-axes uses (``AXES_IPWARE_*``, proxies included).
"""

from __future__ import annotations

import hashlib

from django import forms
from django.core import signing
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

HONEYPOT = "website"
MIN_SECONDS = 3
MAX_AGE = 24 * 3600
_SALT = "public.spam.rendered"


def client_address(request) -> str:
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR", "")


def over_limit(request, *, scope: str, limit: int, window: int) -> bool:
    """Count this post against ``limit`` per ``window`` seconds for the client's address."""
    digest = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    key = f"public:rate:{scope}:{digest}"
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return False
    return count > limit


class SpamGuardedForm(forms.Form):
    """A form with the honeypot and the signed render time; ``is_spam()`` after ``is_valid()``."""

    website = forms.CharField(
        label=_("Để trống ô này"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    rendered = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rendered"].initial = signing.dumps(timezone.now().timestamp(), salt=_SALT)

    def is_spam(self) -> bool:
        if (self.data.get(HONEYPOT) or "").strip():
            return True
        try:
            rendered = float(signing.loads(self.data.get("rendered", ""), salt=_SALT))
        except (signing.BadSignature, TypeError, ValueError):
            return True
        age = timezone.now().timestamp() - rendered
        return not MIN_SECONDS <= age <= MAX_AGE
