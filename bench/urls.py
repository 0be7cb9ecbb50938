"""The project's URLs plus ``bench/hello/``: the trivial view the load test compares against."""

from django.http import HttpResponse
from django.urls import include, path


def hello(request):
    """The cheapest page a signed-in user can get: the same middleware stack, no query, no template."""
    return HttpResponse("xin chào", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("bench/hello/", hello, name="bench_hello"),
    path("", include("config.urls")),
]
