"""The public site's addresses (no login). Open data and the solution library are in
``public.urls_data``, included here. ``/`` itself is routed in ``config.urls``
(``public.views.root``: the dashboard when signed in, the public home otherwise)."""

from django.urls import include, path

from public import views

app_name = "public"

urlpatterns = [
    # the public home at its own address, for signed-in users (canonical: "/")
    path("trang-chu/", views.home, name="home"),
    path("ngon-ngu/<slug:code>/", views.language, name="language"),
    path("", include("public.urls_data")),
]
