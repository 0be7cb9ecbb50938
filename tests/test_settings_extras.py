"""The production settings that need a client library: it is an installable extra, the setting
works when it is installed, and start-up stops naming the extra when it is not."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _settings(code: str, *, block: str = "", **env):
    """Run ``code`` after django.setup() with exactly these variables (``block``: a module
    made unimportable, as if its extra were not installed)."""
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    base.update(
        READ_DOT_ENV="false",
        DEBUG="false",
        SECRET_KEY="s" * 50,
        DJANGO_SETTINGS_MODULE="config.settings",
        **env,
    )
    prelude = f"import sys; sys.modules[{block!r}] = None; " if block else ""
    return subprocess.run(  # noqa: S603 - fixed interpreter and code
        [sys.executable, "-c", f"{prelude}import django; django.setup(); {code}"],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _extras() -> dict[str, list[str]]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]


def test_each_production_client_library_is_an_extra_the_tests_install():
    extras = _extras()
    assert any(r.startswith("redis") for r in extras["redis"])
    assert any(r.startswith("django-storages[s3]") for r in extras["s3"])
    assert "sxsh-portal[redis,s3]" in extras["test"]


def test_a_redis_cache_url_uses_djangos_redis_cache():
    pytest.importorskip("redis")
    result = _settings(
        "from django.core.cache import caches; from django.conf import settings; "
        "import json; c = caches['default']; "
        "print(json.dumps([type(c).__module__ + '.' + type(c).__name__, "
        "settings.CACHES['default']['LOCATION']]))",
        CACHE_URL="redis://cache.internal:6379/2",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://cache.internal:6379/2",
    ]


def test_a_redis_cache_url_without_the_client_stops_start_up_naming_the_extra():
    result = _settings("print('started')", block="redis", CACHE_URL="redis://127.0.0.1:6379/2")
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert "CACHE_URL=redis://… needs the Python package(s) redis" in result.stderr
    assert "pip install -e '.[redis]'" in result.stderr


def test_an_s3_bucket_stores_uploads_in_s3():
    pytest.importorskip("storages")
    result = _settings(
        "from django.core.files.storage import storages; import json; s = storages['default']; "
        "print(json.dumps([type(s).__name__, s.bucket_name, s.endpoint_url, s.region_name, "
        "s.access_key, s.querystring_auth]))",
        S3_BUCKET="sxsh-uploads",
        S3_ENDPOINT_URL="https://s3.angiang.gov.vn",
        S3_REGION="ap-southeast-1",
        S3_ACCESS_KEY="AKIA-TEST",
        S3_SECRET_KEY="secret-test",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "S3Storage",
        "sxsh-uploads",
        "https://s3.angiang.gov.vn",
        "ap-southeast-1",
        "AKIA-TEST",
        True,
    ]


def test_an_s3_bucket_without_django_storages_stops_start_up_naming_the_extra():
    result = _settings("print('started')", block="storages", S3_BUCKET="sxsh-uploads")
    assert result.returncode != 0
    assert "S3_BUCKET needs the Python package(s) storages" in result.stderr
    assert "pip install -e '.[s3]'" in result.stderr
