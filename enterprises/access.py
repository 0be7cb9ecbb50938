"""Enterprise accounts: invitations, access requests, and turning a company's access off.

An enterprise user is an ordinary ``accounts.User`` with the ``enterprise_user`` role, no
agency, and one ``CompanyAccess`` row naming its company's 10-digit tax code (which covers the
branches). Passwords are set through a one-time, expiring link made by Django's token
machinery (``PasswordResetTokenGenerator`` with its own salt: the token dies once the password
is set, or after ``PASSWORD_RESET_TIMEOUT``). Nothing here says to an outsider whether a tax
code is registered.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.invitations import invitation_tokens
from accounts.roles import Role, is_doit
from config.ratelimit import over_limit
from enterprises.choices import AccessRequestStatus
from enterprises.models import AccessRequest, CompanyAccess, Enterprise
from enterprises.rules import normalize_tax_code


def company_code(tax_code: str) -> str:
    """The company's 10-digit code from a checked tax code (a branch ``-NNN`` drops its suffix)."""
    return normalize_tax_code(tax_code).split("-", 1)[0]


def registered(tax_code: str) -> bool:
    return Enterprise.objects.of_company(tax_code).exists()


def _require_doit(actor) -> None:
    if not is_doit(actor):
        raise PermissionDenied(_("Chỉ chuyên viên Sở Công Thương quản lý tài khoản doanh nghiệp."))


def invitation_url(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = invitation_tokens.make_token(user)
    path = reverse("accounts:invitation", kwargs={"uidb64": uid, "token": token})
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _send_invitation(user, *, enterprise: Enterprise | None) -> None:
    context = {
        "user": user,
        "enterprise": enterprise,
        "url": invitation_url(user),
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        "base_url": settings.PORTAL_BASE_URL.rstrip("/"),
    }
    subject = _("[SXSH] Mời tham gia Cổng thông tin sản xuất sạch hơn")
    text = render_to_string("enterprises/email/invitation.txt", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(
        render_to_string("enterprises/email/invitation.html", context), "text/html"
    )
    message.send()


@dataclass
class Invitation:
    user: object
    created: bool


@transaction.atomic
def company_invite(*, tax_code: str, email: str, full_name: str, actor) -> Invitation:
    """Give ``email`` access to the company of ``tax_code`` and send it a one-time link.

    The company must be in the registry (DOIT checks it there). An existing enterprise user of
    the same company gets a fresh link; an address that belongs to another account is refused.
    """
    _require_doit(actor)
    if over_limit(f"invite:{actor.pk}", limit=settings.ENTERPRISE_INVITES_PER_HOUR, seconds=3600):
        raise ValidationError(_("Đã gửi quá nhiều lời mời trong một giờ; vui lòng thử lại sau."))
    code = company_code(tax_code)
    enterprise = Enterprise.objects.of_company(code).order_by("tax_code").first()
    if enterprise is None:
        raise ValidationError(
            {"tax_code": _("Mã số thuế %(code)s chưa có trong danh sách cơ sở.") % {"code": code}}
        )
    email = email.strip().lower()
    user_model = get_user_model()
    user = user_model.objects.filter(email__iexact=email).first()
    created = user is None
    if user is not None:
        access = CompanyAccess.objects.filter(user=user).first()
        if access is None or access.tax_code != code:
            raise ValidationError(
                {"email": _("Địa chỉ thư này đã dùng cho một tài khoản khác của Cổng.")}
            )
    else:
        first, _sep, last = full_name.strip().rpartition(" ")
        user = user_model(
            username=_free_username(email),
            email=email,
            first_name=last or first,
            last_name=first if last else "",
            agency=None,
        )
        user.set_unusable_password()
        user._history_user = actor
        user.save()
        user.groups.add(Group.objects.get(name=Role.ENTERPRISE_USER))
        access = CompanyAccess(user=user, tax_code=code, granted_by=actor)
        access._history_user = actor
        access.save()
    transaction.on_commit(lambda: _send_invitation(user, enterprise=enterprise))
    return Invitation(user=user, created=created)


def _free_username(email: str) -> str:
    user_model = get_user_model()
    base = email[:140]
    name, n = base, 1
    while user_model.objects.filter(username=name).exists():
        n += 1
        name = f"{base}.{n}"
    return name


@transaction.atomic
def access_request_submit(
    *, tax_code: str, company_name: str, contact_name: str, email: str, phone="", position=""
) -> AccessRequest:
    """Record a request from the public page. What the visitor is told never depends on
    whether the tax code is registered; DOIT sees the registry beside it when deciding."""
    request = AccessRequest(
        tax_code=normalize_tax_code(tax_code),
        company_name=company_name.strip(),
        contact_name=contact_name.strip(),
        email=email.strip().lower(),
        phone=phone.strip(),
        position=position.strip(),
    )
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def access_request_approve(*, access_request: AccessRequest, actor) -> Invitation:
    _require_doit(actor)
    if access_request.status != AccessRequestStatus.PENDING:
        raise ValidationError(_("Đề nghị này đã được xử lý."))
    invitation = company_invite(
        tax_code=access_request.tax_code,
        email=access_request.email,
        full_name=access_request.contact_name,
        actor=actor,
    )
    _decide(access_request, AccessRequestStatus.APPROVED, actor=actor, note="")
    return invitation


@transaction.atomic
def access_request_reject(*, access_request: AccessRequest, actor, note: str) -> None:
    _require_doit(actor)
    if access_request.status != AccessRequestStatus.PENDING:
        raise ValidationError(_("Đề nghị này đã được xử lý."))
    _decide(access_request, AccessRequestStatus.REJECTED, actor=actor, note=note)


def _decide(access_request: AccessRequest, status: str, *, actor, note: str) -> None:
    access_request.status = status
    access_request.decided_by = actor
    access_request.decided_at = timezone.now()
    access_request.decision_note = note
    access_request._history_user = actor
    access_request.save()


@transaction.atomic
def company_access_set(*, tax_code: str, active: bool, actor) -> int:
    """Turn every account of a company off (or on again) in one action; returns how many.

    The accounts are deactivated too, so their open sessions end at the next request.
    """
    _require_doit(actor)
    accesses = list(CompanyAccess.objects.of_company(tax_code).select_related("user"))
    for access in accesses:
        access.active = active
        access._history_user = actor
        access.save()
        access.user.is_active = active
        access.user._history_user = actor
        access.user.save(update_fields=["is_active"])
    return len(accesses)
