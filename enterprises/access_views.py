"""Enterprise accounts: the public access request, and DOIT's page to invite contacts, decide
requests (beside the registry row of the tax code) and turn a company's access off."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.ratelimit import client_address, over_limit
from enterprises import access
from enterprises.access_forms import AccessRequestForm, DecisionForm, InviteForm
from enterprises.choices import AccessRequestStatus, ProfileChangeStatus
from enterprises.models import AccessRequest, CompanyAccess, Enterprise, ProfileChange
from enterprises.profile import compare, profile_change_apply, profile_change_reject
from enterprises.views import _require_doit


@login_not_required
@require_http_methods(["GET", "POST"])
def access_request(request):
    """Anyone may ask; the answer is the same whether or not the tax code is registered."""
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST":
        if over_limit(
            f"request:{client_address(request)}",
            limit=settings.ENTERPRISE_REQUESTS_PER_HOUR,
            seconds=3600,
        ):
            return render(request, "enterprises/access_request_limited.html", status=429)
        if form.is_valid():
            if not form.is_bot:
                data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
                access.access_request_submit(**data)
            return render(
                request,
                "enterprises/access_request_sent.html",
                {"email": form.cleaned_data["email"]},
            )
    return render(request, "enterprises/access_request.html", {"form": form})


def _companies():
    """Each company with accounts: its tax code, the registry name, users and how many active."""
    rows = (
        CompanyAccess.objects.values("tax_code")
        .annotate(
            users=Count("pk"), active_users=Count("pk", filter=Q(active=True, user__is_active=True))
        )
        .order_by("tax_code")
    )
    names = dict(
        Enterprise.objects.filter(tax_code__in=[r["tax_code"] for r in rows]).values_list(
            "tax_code", "name"
        )
    )
    accounts: dict[str, list] = {}
    for a in CompanyAccess.objects.select_related("user").order_by("user__email"):
        accounts.setdefault(a.tax_code, []).append(a)
    return [
        {**r, "name": names.get(r["tax_code"], ""), "accounts": accounts.get(r["tax_code"], [])}
        for r in rows
    ]


@require_GET
def access_admin(request):
    _require_doit(request)
    pending = list(AccessRequest.objects.filter(status=AccessRequestStatus.PENDING))
    registry = {
        e.tax_code: e
        for e in Enterprise.objects.filter(
            tax_code__in={r.company_tax_code for r in pending} | {r.tax_code for r in pending}
        )
    }
    for r in pending:
        r.registry = registry.get(r.tax_code) or registry.get(r.company_tax_code)
    changes = list(
        ProfileChange.objects.filter(status=ProfileChangeStatus.PENDING).select_related(
            "enterprise", "requested_by"
        )
    )
    for change in changes:
        change.rows = compare(change)
    return render(
        request,
        "enterprises/access_admin.html",
        {
            "pending": pending,
            "changes": changes,
            "companies": _companies(),
            "invite_form": InviteForm(initial={"tax_code": request.GET.get("mst", "")}),
            "decided": AccessRequest.objects.exclude(status=AccessRequestStatus.PENDING)[:20],
        },
    )


@require_POST
def access_invite(request):
    _require_doit(request)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = access.company_invite(**form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Đã gửi thư mời đến %(email)s.") % {"email": invitation.user.email},
            )
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("enterprises:access_admin")


@require_POST
def access_request_decide(request, pk: int, action: str):
    _require_doit(request)
    access_request = get_object_or_404(AccessRequest, pk=pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        if action == "duyet":
            access.access_request_approve(access_request=access_request, actor=request.user)
            messages.success(
                request,
                _("Đã cấp tài khoản và gửi thư mời đến %(email)s.")
                % {"email": access_request.email},
            )
        elif action == "tu-choi":
            access.access_request_reject(
                access_request=access_request,
                actor=request.user,
                note=form.cleaned_data.get("note", ""),
            )
            messages.success(request, _("Đã từ chối đề nghị."))
        else:
            return redirect("enterprises:access_admin")
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("enterprises:access_admin")


@require_POST
def company_access_toggle(request, tax_code: str):
    _require_doit(request)
    active = request.POST.get("active") == "1"
    count = access.company_access_set(tax_code=tax_code, active=active, actor=request.user)
    if active:
        messages.success(
            request, _("Đã mở lại %(n)s tài khoản của %(code)s.") % {"n": count, "code": tax_code}
        )
    else:
        messages.success(
            request, _("Đã khóa %(n)s tài khoản của %(code)s.") % {"n": count, "code": tax_code}
        )
    return redirect("enterprises:access_admin")


@require_POST
def profile_change_decide(request, pk: int, action: str):
    _require_doit(request)
    change = get_object_or_404(ProfileChange, pk=pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        if action == "ap-dung":
            profile_change_apply(change=change, actor=request.user)
            messages.success(
                request, _("Đã cập nhật thông tin của %(name)s.") % {"name": change.enterprise}
            )
        elif action == "tu-choi":
            profile_change_reject(
                change=change, actor=request.user, note=form.cleaned_data.get("note", "")
            )
            messages.success(request, _("Đã từ chối đề nghị sửa thông tin."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("enterprises:access_admin")
