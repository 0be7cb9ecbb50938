from django.urls import path, re_path

from enterprises import access_views, views

app_name = "enterprises"

urlpatterns = [
    path("", views.index, name="index"),
    re_path(r"^xuat\.(?P<fmt>xlsx|csv)$", views.enterprise_export, name="export"),
    path("them/", views.enterprise_new, name="enterprise_new"),
    path("<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("<int:pk>/sua/", views.enterprise_edit, name="enterprise_edit"),
    path("<int:pk>/danh-gia/them/", views.assessment_new, name="assessment_new"),
    path("danh-gia/<int:pk>/sua/", views.assessment_edit, name="assessment_edit"),
    path("danh-gia/<int:pk>/giai-phap/them/", views.option_new, name="option_new"),
    path("giai-phap/<int:pk>/sua/", views.option_edit, name="option_edit"),
    # enterprise accounts: the public request, DOIT's page
    path("yeu-cau-truy-cap/", access_views.access_request, name="access_request"),
    path("tai-khoan/", access_views.access_admin, name="access_admin"),
    path("tai-khoan/moi/", access_views.access_invite, name="access_invite"),
    path(
        "tai-khoan/de-nghi/<int:pk>/<slug:action>/",
        access_views.access_request_decide,
        name="access_request_decide",
    ),
    path(
        "tai-khoan/<str:tax_code>/trang-thai/",
        access_views.company_access_toggle,
        name="company_access_toggle",
    ),
    path(
        "sua-thong-tin/<int:pk>/<slug:action>/",
        access_views.profile_change_decide,
        name="profile_change_decide",
    ),
    path("nhap/", views.import_upload, name="import_upload"),
    path("nhap/mau.xlsx", views.import_template, name="import_template"),
    path("nhap/<int:pk>/", views.import_job, name="import_job"),
    path("nhap/<int:pk>/ghi/", views.import_confirm, name="import_confirm"),
    path("nhap/<int:pk>/huy/", views.import_cancel, name="import_cancel"),
]
