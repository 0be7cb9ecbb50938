"""Settings come from the environment and refuse values they cannot parse."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env

ROOT = Path(__file__).resolve().parent.parent


def _load_settings(**env):
    """Import config.settings in a fresh interpreter with exactly these variables."""
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    base["READ_DOT_ENV"] = "false"  # a developer's .env (make run writes one) must not leak in
    base.update(env)
    code = (
        "import json, config.settings as s; "
        "print(json.dumps({'debug': s.DEBUG, 'engine': s.DATABASES['default']['ENGINE'], "
        "'name': str(s.DATABASES['default']['NAME']), 'ssl': s.SECURE_SSL_REDIRECT, "
        "'cookies': s.SESSION_COOKIE_SECURE, 'hosts': s.ALLOWED_HOSTS, 'age': s.SESSION_COOKIE_AGE}))"
    )
    return subprocess.run(  # noqa: S603 - fixed interpreter and code
        [sys.executable, "-c", code], cwd=ROOT, env=base, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("raw", ["maybe", "yes please", "2", "truee"])
def test_env_bool_refuses_unclear_values(monkeypatch, raw):
    monkeypatch.setenv("SXSH_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="SXSH_FLAG"):
        env.bool("SXSH_FLAG", False)


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("TRUE", True), ("off", False), ("", False)]
)
def test_env_bool_reads_clear_values(monkeypatch, raw, expected):
    monkeypatch.setenv("SXSH_FLAG", raw)
    assert env.bool("SXSH_FLAG", not expected) is expected


def test_env_int_refuses_text_and_values_below_minimum(monkeypatch):
    monkeypatch.setenv("SXSH_N", "ten")
    with pytest.raises(ImproperlyConfigured, match="not an integer"):
        env.int("SXSH_N", 1)
    monkeypatch.setenv("SXSH_N", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env.int("SXSH_N", 1, minimum=1)


def test_env_list_splits_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("SXSH_HOSTS", " a.gov.vn, ,b.gov.vn ")
    assert env.list("SXSH_HOSTS", default=[]) == ["a.gov.vn", "b.gov.vn"]


def test_env_secret_reads_file_variant(monkeypatch, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("SXSH_KEY_FILE", str(secret))
    monkeypatch.setenv("SXSH_KEY", "from-the-environment")
    assert env.str("SXSH_KEY") == "from-a-file"  # the file wins, its newline dropped
    monkeypatch.setenv("SXSH_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        env.str("SXSH_KEY")


def test_every_variable_has_a_file_variant(monkeypatch, tmp_path):
    (tmp_path / "db").write_text("postgres://u:secret@db.example:5432/sxsh\n")
    (tmp_path / "n").write_text("7")
    monkeypatch.setenv("SXSH_DB_FILE", str(tmp_path / "db"))
    monkeypatch.setenv("SXSH_N_FILE", str(tmp_path / "n"))
    assert env.db_url("SXSH_DB")["PASSWORD"] == "secret"
    assert env.int("SXSH_N", 1, minimum=1) == 7


def test_defaults_apply_when_a_variable_is_unset_or_blank(monkeypatch):
    monkeypatch.delenv("SXSH_UNSET", raising=False)
    assert env.bool("SXSH_UNSET", True) is True
    assert env.int("SXSH_UNSET", 5, minimum=1) == 5
    assert env.list("SXSH_UNSET", default=["a"]) == ["a"]
    monkeypatch.setenv("SXSH_BLANK", "  ")
    assert env.int("SXSH_BLANK", 5) == 5


def test_settings_fail_loudly_on_bad_debug_value():
    result = _load_settings(DEBUG="maybe", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_settings_refuse_missing_secret_key_in_production():
    result = _load_settings(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_settings_refuse_bad_session_minutes():
    result = _load_settings(DEBUG="true", SESSION_IDLE_MINUTES="half an hour")
    assert result.returncode != 0
    assert "SESSION_IDLE_MINUTES" in result.stderr


def test_without_database_url_the_default_is_an_sqlite_file():
    result = _load_settings(DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert '"engine": "django.db.backends.sqlite3"' in result.stdout
    assert "db.sqlite3" in result.stdout


def test_database_url_selects_postgresql():
    result = _load_settings(DEBUG="true", DATABASE_URL="postgres://u:p@db.example:5432/sxsh")
    assert result.returncode == 0, result.stderr
    assert '"engine": "django.db.backends.postgresql"' in result.stdout
    assert '"name": "sxsh"' in result.stdout


def test_production_defaults_are_https_and_secure_cookies_switchable_for_tls_proxy():
    prod = _load_settings(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="sxsh.gov.vn")
    assert prod.returncode == 0, prod.stderr
    assert '"ssl": true' in prod.stdout and '"cookies": true' in prod.stdout
    intranet = _load_settings(DEBUG="false", SECRET_KEY="x" * 50, SECURE_SSL_REDIRECT="false")
    assert '"ssl": false' in intranet.stdout and '"cookies": true' in intranet.stdout


def test_deploy_check_passes_with_production_env():
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    env.update(
        READ_DOT_ENV="false",
        DEBUG="false",
        SECRET_KEY="k3y-" + "q" * 60,
        ALLOWED_HOSTS="sxsh.example.gov.vn",
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
