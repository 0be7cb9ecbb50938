"""The exact URLs a test expects to be redirected to."""

from __future__ import annotations

from django.http import QueryDict
from django.urls import reverse


def login_url(next_url: str) -> str:
    """Where an anonymous visitor of ``next_url`` is sent: the portal's login page, with the way
    back (as ``django.contrib.auth.views.redirect_to_login`` writes it)."""
    query = QueryDict(mutable=True)
    query["next"] = next_url
    return f"{reverse('accounts:login')}?{query.urlencode(safe='/')}"


def admin_login_url(next_url: str) -> str:
    """Where the admin sends a signed-in user who is not staff (its own login page)."""
    query = QueryDict(mutable=True)
    query["next"] = next_url
    return f"{reverse('admin:login')}?{query.urlencode(safe='/')}"
