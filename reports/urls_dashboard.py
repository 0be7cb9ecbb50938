"""Dashboard URLs (indicators and dashboards issue), mounted inside the ``reports`` namespace."""

from django.urls import path

from reports import views_dashboard as v

urlpatterns = [
    path("tong-quan/", v.dashboard, name="dashboard"),
    path("tong-quan/don-vi/", v.agency_dashboard, name="agency_dashboard"),
    path("tong-quan/nhiem-vu/", v.task_drilldown, name="task_drilldown"),
    path("tong-quan/xuat/<slug:table>.xlsx", v.export_xlsx, name="dashboard_export"),
    path("chi-tieu/", v.indicator_values, name="indicator_values"),
    path("chi-tieu/<slug:code>/", v.indicator_detail, name="indicator_detail"),
    path("can-bo-sxsh/", v.officer_list, name="officer_list"),
    path("can-bo-sxsh/them/", v.officer_edit, name="officer_create"),
    path("can-bo-sxsh/<int:pk>/sua/", v.officer_edit, name="officer_edit"),
]
