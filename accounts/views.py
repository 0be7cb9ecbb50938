"""The profile page, the CSRF failure page, and the scoped-view mixins every app's views use."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from accounts.scoping import get_visible_or_404


class ScopedQuerysetMixin:
    """For ListView/DetailView: the queryset is ``Model.objects.visible_to(request.user)``.

    A DetailView on it answers 404 for an object outside the user's scope.
    """

    def get_queryset(self):
        qs = super().get_queryset()
        return qs.visible_to(self.request.user)


class RoleRequiredMixin:
    """Refuse (403) users without one of ``required_roles``; checked after login."""

    required_check = None  # a callable(user) -> bool from accounts.roles

    def dispatch(self, request, *args, **kwargs):
        check = type(self).required_check
        if check is not None and not check(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def csrf_failure(request, reason=""):
    """A form refused by the CSRF check: say why in the portal's words, and what to do.

    Usually the page was opened before the session ended (30 minutes idle) or before a sign-in
    in another tab; Django logs the technical ``reason`` (logger ``django.security.csrf``).
    """
    return render(request, "403_csrf.html", status=403)


@login_required
def profile(request):
    return render(request, "accounts/profile.html", {"profile_user": request.user})


__all__ = [
    "ScopedQuerysetMixin",
    "RoleRequiredMixin",
    "csrf_failure",
    "get_visible_or_404",
    "profile",
]
