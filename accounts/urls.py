from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import audit, invitations, views
from accounts.fence import enterprise_allowed
from accounts.forms import LoginForm

app_name = "accounts"

urlpatterns = [
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("dang-xuat/", enterprise_allowed(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "doi-mat-khau/",
        enterprise_allowed(
            auth_views.PasswordChangeView.as_view(
                success_url=reverse_lazy("accounts:password_change_done")
            )
        ),
        name="password_change",
    ),
    path(
        "doi-mat-khau/xong/",
        enterprise_allowed(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    path("kich-hoat/<uidb64>/<token>/", invitations.invitation_accept, name="invitation"),
    path("kich-hoat/xong/", invitations.invitation_done, name="invitation_done"),
    path("ho-so/", enterprise_allowed(views.profile), name="profile"),
    path("lich-su-thay-doi/", audit.audit_log, name="audit"),
]
