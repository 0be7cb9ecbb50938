"""The fence around enterprise users: every internal page answers 404 to them except the views
marked ``@enterprise_allowed`` (their own pages under /co-so/, the password change, sign-out).

Scoping already gives an enterprise user no agency rows (``accounts.scoping``); the fence makes
the rule hold for pages too, including ones written later that forget to scope: a new view is
closed to enterprises until someone marks it open. Public pages (``@login_not_required``) stay
open to them as to anyone.
"""

from __future__ import annotations

from django.http import Http404

from accounts.roles import is_enterprise_user


def enterprise_allowed(view):
    """Mark a view as one an enterprise user may open (it still scopes what it shows) — an
    attribute on the view function, like ``login_not_required``, so decorators that keep
    attributes (``functools.wraps``) carry it."""
    view.enterprise_allowed = True
    return view


def opens_to_enterprises(view_func) -> bool:
    return getattr(view_func, "enterprise_allowed", False) or not getattr(
        view_func, "login_required", True
    )


class EnterpriseFenceMiddleware:
    """After authentication: an enterprise user reaching an unmarked view gets 404, the same
    answer as for a page that does not exist (it learns nothing about what is behind it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not is_enterprise_user(user):
            return None
        if opens_to_enterprises(view_func):
            return None
        raise Http404
