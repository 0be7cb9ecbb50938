"""One place that decides what a user may see.

Every scoped model's QuerySet has ``visible_to(user)``; views fetch through it (see
``accounts.views.ScopedQuerysetMixin`` and ``get_visible_or_404``) so an object outside the user's
scope answers 404 — we never reveal that it exists.
"""

from __future__ import annotations

from django.db import models
from django.http import Http404

from accounts.roles import sees_everything


class ScopedQuerySet(models.QuerySet):
    """The one ``visible_to(user)``: signed out or inactive → nothing; DOIT, leadership and
    superusers → everything; an agency user → ``scoped_to_agency(agency_id)``, which each
    subclass defines (its own rows, the tasks it works on…); no agency → nothing."""

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if sees_everything(user):
            return self
        if user.agency_id is None:
            return self.none()
        return self.scoped_to_agency(user.agency_id)

    def scoped_to_agency(self, agency_id: int):
        raise NotImplementedError


class AgencyScopedQuerySet(ScopedQuerySet):
    """Rows owned by one agency: users outside DOIT/leadership see only their own agency's."""

    #: the lookup path from this model to the owning Agency's primary key
    agency_lookup = "agency"

    def scoped_to_agency(self, agency_id: int):
        return self.filter(**{self.agency_lookup: agency_id})


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
