"""The public site's addresses (no login). Open data and the solution library are in
``public.urls_data``, events in ``public.urls_events``, case studies in ``public.urls_cases``
(each with DOIT's editing pages in the portal), all included here."""

from django.urls import include, path

app_name = "public"

urlpatterns = [
    path("", include("public.urls_data")),
    path("", include("public.urls_events")),
    path("", include("public.urls_cases")),
]
