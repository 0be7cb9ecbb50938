"""The portal roles (Django groups) and the questions views ask about them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    AGENCY_STAFF = "agency_staff", _("Cán bộ đơn vị")
    AGENCY_LEAD = "agency_lead", _("Lãnh đạo đơn vị")
    DOIT_REVIEWER = "doit_reviewer", _("Chuyên viên Sở Công Thương")
    LEADERSHIP = "leadership", _("Lãnh đạo UBND / Bộ Công Thương")
    #: a contact of one company (its tax code and branches, ``enterprises.CompanyAccess``);
    #: fenced to the pages under /co-so/ by ``accounts.fence``
    ENTERPRISE_USER = "enterprise_user", _("Doanh nghiệp")
    #: Sở Tài chính's appraiser of the annual plan's budget (thẩm định dự toán); the group is
    #: created by the plans app's migration
    FINANCE_APPRAISER = "finance_appraiser", _("Chuyên viên thẩm định Sở Tài chính")


def roles_of(user) -> frozenset[str]:
    """The user's role names, read once per request object (cached on the user)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        names = {g.name for g in user.groups.all()}
        cached = frozenset(names & set(Role.values))
        user._portal_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def is_doit(user) -> bool:
    """DOIT reviewers (and superusers) review reports and keep the enterprise registry."""
    return bool(getattr(user, "is_superuser", False)) or has_role(user, Role.DOIT_REVIEWER)


def is_leadership(user) -> bool:
    return has_role(user, Role.LEADERSHIP)


def is_agency_lead(user) -> bool:
    return has_role(user, Role.AGENCY_LEAD)


def is_enterprise_user(user) -> bool:
    """A company's contact: sees its own company and nothing of agencies or other companies.

    DOIT, leadership and superusers are never treated as one, even if given the group by mistake.
    """
    return has_role(user, Role.ENTERPRISE_USER) and not (
        getattr(user, "is_superuser", False) or has_role(user, Role.DOIT_REVIEWER, Role.LEADERSHIP)
    )


def is_finance_appraiser(user) -> bool:
    """Sở Tài chính's appraisers read every plan and appraise its budget."""
    return has_role(user, Role.FINANCE_APPRAISER)


def sees_everything(user) -> bool:
    """DOIT, leadership and superusers read across agencies; everyone else sees their agency."""
    return is_doit(user) or is_leadership(user)


def primary_role_label(user) -> str:
    """The label shown in the header: the strongest role the user holds."""
    if getattr(user, "is_superuser", False):
        return str(_("Quản trị hệ thống"))
    for role in (
        Role.DOIT_REVIEWER,
        Role.LEADERSHIP,
        Role.FINANCE_APPRAISER,
        Role.AGENCY_LEAD,
        Role.AGENCY_STAFF,
        Role.ENTERPRISE_USER,
    ):
        if role in roles_of(user):
            return str(role.label)
    return str(_("Chưa phân quyền"))
