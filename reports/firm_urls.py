"""Addresses of the enterprise's own area (/co-so/) and of DOIT's review of its submissions."""

from django.urls import path

from reports import firm_views

app_name = "firms"

urlpatterns = [
    path("", firm_views.overview, name="overview"),
]
