"""Case studies: public pages (no login) and DOIT's editing pages (included by ``public.urls``)."""

from django.urls import path

from public import views_cases as v

urlpatterns = [
    path("mo-hinh-trinh-dien/", v.case_list, name="case_list"),
    path("mo-hinh-trinh-dien/<int:pk>/", v.case_detail, name="case_detail"),
    path("mo-hinh-trinh-dien/<int:pk>/anh-bia/", v.case_cover, name="case_cover"),
    # DOIT, signed in
    path("cong-khai/mo-hinh/", v.manage_cases, name="manage_cases"),
    path("cong-khai/mo-hinh/moi/", v.manage_case_new, name="manage_case_new"),
    path("cong-khai/mo-hinh/<int:pk>/", v.manage_case, name="manage_case"),
    path("cong-khai/mo-hinh/<int:pk>/sua/", v.manage_case_edit, name="manage_case_edit"),
    path(
        "cong-khai/mo-hinh/<int:pk>/xem-truoc/", v.manage_case_preview, name="manage_case_preview"
    ),
    path("cong-khai/mo-hinh/<int:pk>/dong-y/", v.manage_case_consent, name="manage_case_consent"),
    path(
        "cong-khai/mo-hinh/<int:pk>/van-ban-dong-y/",
        v.manage_case_consent_document,
        name="manage_case_consent_document",
    ),
    path("cong-khai/mo-hinh/<int:pk>/anh-bia/", v.manage_case_cover, name="manage_case_cover"),
    path(
        "cong-khai/mo-hinh/<int:pk>/cong-khai/", v.manage_case_publish, name="manage_case_publish"
    ),
    path("cong-khai/mo-hinh/<int:pk>/go/", v.manage_case_unpublish, name="manage_case_unpublish"),
    path(
        "cong-khai/mo-hinh/<int:pk>/rut-dong-y/",
        v.manage_case_withdraw,
        name="manage_case_withdraw",
    ),
]
