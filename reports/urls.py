from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("lap/<str:key>/", views.report_start, name="report_start"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/sua/", views.report_edit, name="report_edit"),
    path("<int:pk>/dieu-chinh/", views.report_adjust, name="report_adjust"),
    path("<int:pk>/cap-nhat-so-lieu/", views.report_refresh, name="report_refresh"),
    path("<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
    path("<int:pk>/<slug:action>/", views.report_action, name="report_action"),
    path("tinh-hinh-bao-cao/", views.completeness, name="completeness"),
    path("tong-hop/", views.consolidated_list, name="consolidated_list"),
    path("tong-hop/<str:key>/", views.consolidated_detail, name="consolidated_detail"),
    path("tong-hop/<str:key>/sua/", views.consolidated_edit, name="consolidated_edit"),
    path("tong-hop/<str:key>/pdf/", views.consolidated_pdf, name="consolidated_pdf"),
    path("tong-hop/<str:key>/docx/", views.consolidated_docx, name="consolidated_docx"),
    path("tong-hop/<str:key>/phu-luc.xlsx", views.consolidated_xlsx, name="consolidated_xlsx"),
    path("ky/<str:key>/khoa-so/", views.period_lock, name="period_lock"),
    path("chi-tieu/", views.indicator_values, name="indicator_values"),
    path("can-bo-sxsh/", views.officer_list, name="officer_list"),
    path("can-bo-sxsh/them/", views.officer_edit, name="officer_create"),
    path("can-bo-sxsh/<int:pk>/sua/", views.officer_edit, name="officer_edit"),
]
