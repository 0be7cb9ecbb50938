"""Dashboard URLs (indicators and dashboards issue), mounted inside the ``reports`` namespace."""

from django.urls import path

from reports import views_dashboard

urlpatterns = [
    path("tong-quan/", views_dashboard.dashboard, name="dashboard"),
    path("tong-quan/don-vi/", views_dashboard.agency_dashboard, name="agency_dashboard"),
]
