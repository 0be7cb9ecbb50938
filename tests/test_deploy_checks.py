"""``manage.py check --deploy --fail-level WARNING`` is clean under a production environment.

The test run's own variables that production never has (the test settings module, the
async-unsafe switch pytest sets for Playwright, the test database) are removed first.
"""

from __future__ import annotations

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_deploy_check_is_clean_with_production_env(tmp_path):
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
        and not k.startswith("SECURE_")
    }
    env.update(
        READ_DOT_ENV="false",
        DEBUG="false",
        SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(50)),
        ALLOWED_HOSTS="sxsh.example.gov.vn",
        DJANGO_SETTINGS_MODULE="config.settings",
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    result = subprocess.run(  # noqa: S603 -- our interpreter, fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
