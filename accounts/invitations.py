"""One-time links to set a password for an invited account (an enterprise's contact).

Django's token machinery, not our own crypto: ``PasswordResetTokenGenerator`` under its own salt,
so a password-reset token is not an invitation; the token carries the password hash and the last
login, so it dies the moment the password is set, and after ``PASSWORD_RESET_TIMEOUT``.
"""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts.fence import enterprise_allowed


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "sxsh.accounts.invitation"


invitation_tokens = InvitationTokenGenerator()


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """The invited person sets a password, then signs in (the link works once)."""

    token_generator = invitation_tokens
    template_name = "registration/invitation_confirm.html"
    success_url = reverse_lazy("accounts:invitation_done")
    title = _("Kích hoạt tài khoản")
    reset_url_token = "dat-mat-khau"  # noqa: S105 -- the URL word, not a secret


class InvitationDoneView(auth_views.PasswordResetCompleteView):
    template_name = "registration/invitation_done.html"
    title = _("Tài khoản đã được kích hoạt")


invitation_accept = enterprise_allowed(InvitationAcceptView.as_view())
invitation_done = enterprise_allowed(InvitationDoneView.as_view())
