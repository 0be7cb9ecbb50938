"""Open data and the solution library (included by ``public.urls``)."""

from django.urls import path

from public import views_data

urlpatterns = [
    path("thu-vien-giai-phap/", views_data.library, name="library"),
    path("du-lieu-mo/", views_data.open_data, name="open_data"),
    path("du-lieu-mo/danh-muc.json", views_data.catalogue, name="catalogue"),
    path("du-lieu-mo/<slug:slug>.<str:fmt>", views_data.dataset_file, name="dataset"),
]
