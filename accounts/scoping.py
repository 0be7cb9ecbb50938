"""One place that decides what a user may see.

Every scoped model's QuerySet has ``visible_to(user)``; views fetch through it (see
``accounts.views.ScopedQuerysetMixin`` and ``get_visible_or_404``) so an object outside the user's
scope answers 404 — we never reveal that it exists.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.http import Http404

from accounts.roles import is_enterprise_user, sees_everything


def company_of(user) -> str | None:
    """The 10-digit tax code of the company an enterprise user acts for, or None.

    Read through the reverse relation of ``enterprises.CompanyAccess`` (one row per user; this
    layer cannot import the enterprises app). An inactive access — the company's access turned
    off by DOIT — is no company at all. Cached on the user object for the request.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if not is_enterprise_user(user):
        return None
    if not hasattr(user, "_portal_company"):
        try:
            access = user.company_access
        except ObjectDoesNotExist:
            access = None
        user._portal_company = access.tax_code if access is not None and access.active else None
    return user._portal_company


def company_q(lookup: str, tax_code: str) -> Q:
    """Rows whose tax code (at ``lookup``) is the company's or one of its branches (``-NNN``)."""
    return Q(**{lookup: tax_code}) | Q(**{f"{lookup}__startswith": f"{tax_code}-"})


class ScopedQuerySet(models.QuerySet):
    """The one ``visible_to(user)``: signed out or inactive → nothing; DOIT, leadership and
    superusers → everything; an agency user → ``scoped_to_agency(agency_id)``, which each
    subclass defines (its own rows, the tasks it works on…); no agency → nothing."""

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if sees_everything(user):
            return self
        if is_enterprise_user(user):
            # never an agency's rows, even if the account was given an agency by mistake
            company = company_of(user)
            return self.none() if company is None else self.scoped_to_company(company)
        if user.agency_id is None:
            return self.none()
        return self.scoped_to_agency(user.agency_id)

    def scoped_to_agency(self, agency_id: int):
        raise NotImplementedError

    def scoped_to_company(self, tax_code: str):
        """What a company's own users see: nothing of an agency's rows unless a model says so."""
        return self.none()


class AgencyScopedQuerySet(ScopedQuerySet):
    """Rows owned by one agency: users outside DOIT/leadership see only their own agency's."""

    #: the lookup path from this model to the owning Agency's primary key
    agency_lookup = "agency"

    def scoped_to_agency(self, agency_id: int):
        return self.filter(**{self.agency_lookup: agency_id})


class PublicToUsersQuerySet(models.QuerySet):
    """Reference and registry data every signed-in user may read (edits are checked separately).

    Registry rows that belong to a company set ``company_lookup`` (the path to its tax code): an
    enterprise user reads only its own company's; reference data (no lookup) it reads like anyone.
    """

    #: the lookup path from this model to the owning company's tax code, for registry rows
    company_lookup: str | None = None

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if self.company_lookup is not None and is_enterprise_user(user):
            company = company_of(user)
            if company is None:
                return self.none()
            return self.filter(company_q(self.company_lookup, company))
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
