"""Spam resistance for the public forms without a third-party captcha (no outside host):

- a rate limit per client address and form (``config.ratelimit``, shared with the enterprise
  access requests);
- a honeypot field people never see (``HoneypotMixin``: hidden by CSS, ``aria-hidden``, out of
  the tab order) and a signed time stamp: a form posted filled-in honeypot or back within
  ``MIN_SECONDS`` of being shown is treated as a bot's — answered like a success, stored nowhere.
"""

from __future__ import annotations

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

MIN_SECONDS = 3
MAX_AGE_SECONDS = 6 * 3600
_SALT = "public.form-stamp"


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
