"""Open data and the solution library (included by ``public.urls``)."""

urlpatterns: list = []
