"""The public site's addresses (no login). Open data and the solution library are in
``public.urls_data``, included here."""

from django.urls import include, path

app_name = "public"

urlpatterns = [
    path("", include("public.urls_data")),
]
