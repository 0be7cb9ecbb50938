"""The overviews, under /bao-cao/ beside the reports' own pages (same addresses as before)."""

from django.urls import path

from dashboards import views as v

app_name = "dashboards"

urlpatterns = [
    path("tong-quan/", v.dashboard, name="dashboard"),
    path("tong-quan/don-vi/", v.agency_dashboard, name="agency_dashboard"),
    path("tong-quan/nhiem-vu/", v.task_drilldown, name="task_drilldown"),
    path("tong-quan/xuat/<slug:table>.xlsx", v.export_xlsx, name="dashboard_export"),
    path("chi-tieu/<slug:code>/", v.indicator_detail, name="indicator_detail"),
]
