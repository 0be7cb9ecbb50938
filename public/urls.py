"""The public site's addresses (no login). Open data and the solution library are in
``public.urls_data``, events in ``public.urls_events``, case studies in ``public.urls_cases``
(each with DOIT's editing pages in the portal), all included here. ``/`` itself is routed in
``config.urls`` (``public.views.root``: the dashboard when signed in, the public home otherwise)."""

from django.urls import include, path

from public import views

app_name = "public"

urlpatterns = [
    # the public home at its own address, for signed-in users (canonical: "/")
    path("trang-chu/", views.home, name="home"),
    path("ngon-ngu/<slug:code>/", views.language, name="language"),
    path("", include("public.urls_data")),
    path("", include("public.urls_events")),
    path("", include("public.urls_cases")),
]
