from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from public import views as public_views

admin.site.site_header = _("Quản trị Cổng thông tin SXSH")
admin.site.site_title = _("Quản trị SXSH")
admin.site.index_title = _("Dữ liệu hệ thống")

urlpatterns = [
    # signed in: the user's dashboard (dashboards.views.home); signed out: the public home
    path("", public_views.root, name="home"),
    path("tai-khoan/", include("accounts.urls")),
    path("van-ban/", include("programs.urls")),
    path("nhiem-vu/", include("assignments.urls")),
    path("doanh-nghiep/", include("enterprises.urls")),
    path("co-so/", include("reports.firm_urls")),
    path("ke-hoach/", include("plans.urls")),
    path("bao-cao/", include("reports.urls")),
    path("bao-cao/", include("dashboards.urls")),
    # the language switch works on the login page too
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("quan-tri/", admin.site.urls),
    path("", include("public.urls")),
]
