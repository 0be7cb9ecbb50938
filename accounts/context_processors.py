from django.conf import settings

from accounts.pagecache import CSRF_PLACEHOLDER
from accounts.roles import is_doit, is_enterprise_user, primary_role_label, sees_everything


def portal(request):
    """What the layout needs on every page: the province, the user's role and what they may see."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "portal_province": settings.PORTAL_PROVINCE,
        "user_role_label": primary_role_label(user) if signed_in else "",
        "user_is_doit": signed_in and is_doit(user),
        "user_sees_everything": signed_in and sees_everything(user),
        "user_is_enterprise": signed_in and is_enterprise_user(user),
    }


def page_cache(request):
    """While ``accounts.pagecache`` renders a page to keep, the CSRF token is a placeholder
    (filled in per request; the processors listed later win over Django's built-in one)."""
    if getattr(request, "page_cache_rendering", False):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}
