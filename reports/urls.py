from django.urls import path

from reports import views
from reports.urls_dashboard import urlpatterns as dashboard_urlpatterns

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    *dashboard_urlpatterns,
]
