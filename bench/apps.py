from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark (``make bench``): installed only by ``bench.settings``, for ``seed_bench``."""

    name = "bench"
