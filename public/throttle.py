"""Spam resistance for the public forms without a third-party captcha (no outside host):

- a rate limit per client address and form (``allow``: a fixed window counted in the cache);
- a honeypot field people never see (``HoneypotMixin``: hidden by CSS, ``aria-hidden``, out of
  the tab order) and a signed time stamp: a form posted filled-in honeypot or back within
  ``MIN_SECONDS`` of being shown is treated as a bot's — answered like a success, stored nowhere.
"""

from __future__ import annotations

import time

from django import forms
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

MIN_SECONDS = 3
MAX_AGE_SECONDS = 6 * 3600
_SALT = "public.form-stamp"


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow(request, scope: str, *, limit: int, window: int) -> bool:
    """Count one more post of ``scope`` from this address; False once ``limit`` is passed."""
    bucket = int(time.time()) // window
    key = f"public:throttle:{scope}:{client_address(request)}:{bucket}"
    cache.add(key, 0, window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, window + 5)
        count = 1
    return count <= limit


class HoneypotMixin(forms.Form):
    website = forms.CharField(
        label=_("Để trống ô này"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    stamp = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["stamp"] = signing.dumps(int(time.time()), salt=_SALT)

    def looks_automated(self) -> bool:
        if self.data.get("website"):
            return True
        try:
            shown = signing.loads(self.data.get("stamp", ""), salt=_SALT, max_age=MAX_AGE_SECONDS)
        except signing.BadSignature:
            return True
        return time.time() - int(shown) < MIN_SECONDS
