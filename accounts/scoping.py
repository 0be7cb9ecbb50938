"""One place that decides what a user may see.

Every scoped model's QuerySet has ``visible_to(user)``; views fetch through it (see
``accounts.views.ScopedObjectMixin`` and ``get_visible_or_404``) so an object outside the user's
scope answers 404 — we never reveal that it exists.
"""

from __future__ import annotations

from django.db import models
from django.http import Http404

from accounts.roles import sees_everything


class AgencyScopedQuerySet(models.QuerySet):
    """Rows owned by one agency: users outside DOIT/leadership see only their own agency's."""

    #: the lookup path from this model to the owning Agency's primary key
    agency_lookup = "agency"

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if sees_everything(user):
            return self
        if user.agency_id is None:
            return self.none()
        return self.filter(**{self.agency_lookup: user.agency_id})


class PublicToUsersQuerySet(models.QuerySet):
    """Reference and registry data every signed-in user may read (edits are checked separately)."""

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self


def get_visible_or_404(queryset_or_model, user, **lookup):
    """``get_object_or_404`` through ``visible_to(user)``: outside the scope looks like absent."""
    qs = queryset_or_model
    if isinstance(qs, type) and issubclass(qs, models.Model):
        qs = qs._default_manager.all()
    try:
        return qs.visible_to(user).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
