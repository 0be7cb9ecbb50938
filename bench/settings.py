"""Benchmark settings: production settings (DEBUG off) over plain HTTP on loopback.

Only what a benchmark on 127.0.0.1 needs differs from ``config.settings``: no HTTPS redirect or
secure cookies (no TLS on loopback), a fixed throwaway secret, the bench URLconf with its trivial
``hello`` view, and static files collected into a temporary folder.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-never-used-in-production-0123456789")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sxsh_bench")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from config.settings import *  # noqa: E402,F403
from config.settings import INSTALLED_APPS  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # for manage.py seed_bench

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
STATIC_ROOT = Path(
    os.environ.get("BENCH_STATIC_ROOT", Path(tempfile.gettempdir()) / "sxsh-bench-static")
)

# The production layout's shared cache (README: CACHE_URL=dbcache://… or redis://…), so both
# gunicorn workers reuse one computed dashboard instead of each computing its own; a CACHE_URL
# given explicitly (the scale-out test's Redis) is kept.
if "CACHE_URL" not in os.environ:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(Path(tempfile.gettempdir()) / "sxsh-bench-cache"),
        }
    }
