from django.urls import path, re_path

from enterprises import views

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
    path("nhap/", views.import_upload, name="import_upload"),
    path("nhap/mau.xlsx", views.import_template, name="import_template"),
    path("nhap/<int:pk>/", views.import_job, name="import_job"),
    path("nhap/<int:pk>/ghi/", views.import_confirm, name="import_confirm"),
    path("nhap/<int:pk>/huy/", views.import_cancel, name="import_cancel"),
]
