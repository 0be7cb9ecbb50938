"""The environment, read through django-environ, failing loudly on a value we cannot parse.

``env`` is a file-aware ``environ.Env``: for any variable ``NAME``, ``NAME_FILE`` may name a file
holding its value (Docker and systemd secrets; surrounding whitespace dropped) — ``SECRET_KEY``,
``DATABASE_URL``, ``EMAIL_URL``, ``S3_SECRET_KEY``… It is stricter than environ where environ is
lenient: ``env.bool`` refuses anything but a clear yes/no (environ reads ``DEBUG=maybe`` as False
without a word), ``env.int`` names the variable and takes a ``minimum``, ``env.list`` drops blank
items and the spaces around them.
"""

from __future__ import annotations

from importlib.util import find_spec

import environ
from django.core.exceptions import ImproperlyConfigured
from environ.fileaware_mapping import FileAwareMapping

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class _Secrets(FileAwareMapping):
    """``os.environ`` with ``NAME_FILE`` files read in place of ``NAME``."""

    def __getitem__(self, key):
        path = self.env.get(f"{key}_FILE")
        if not path:
            return self.env[key]
        try:
            return super().__getitem__(key).strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{key}_FILE={path!r} cannot be read: {exc}") from None


class Env(environ.Env):
    ENVIRON = _Secrets(cache=False)

    def bool(self, var, default=environ.Env.NOTSET):
        raw = self.get_value(var, cast=str, default=default)
        if isinstance(raw, bool):
            return raw
        value = str(raw).strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ImproperlyConfigured(
            f"{var}={raw!r} is not a boolean (use true/false, 1/0, yes/no, on/off)"
        )

    def int(self, var, default=environ.Env.NOTSET, *, minimum=None):
        raw = self.get_value(var, cast=str, default=default)
        if isinstance(raw, str):
            if not raw.strip():
                raw = default
            else:
                try:
                    raw = int(raw.strip())
                except ValueError:
                    raise ImproperlyConfigured(f"{var}={raw!r} is not an integer") from None
        if minimum is not None and raw < minimum:
            raise ImproperlyConfigured(f"{var}={raw} must be at least {minimum}")
        return raw

    def list(self, var, cast=None, default=environ.Env.NOTSET):
        raw = self.get_value(var, cast=str, default=default)
        if not isinstance(raw, str):
            return list(raw)
        items = [item.strip() for item in raw.split(",") if item.strip()]
        return [cast(item) for item in items] if cast else items


env = Env()


def require_extra(setting: str, extra: str, *modules: str) -> None:
    """Stop start-up when a setting's client library is missing, naming the extra to install.

    Without this a ``CACHE_URL=redis://…`` server starts and fails on its first cached page.
    """
    missing = []
    for module in modules:
        try:
            found = find_spec(module) is not None
        except (ImportError, ValueError):  # a blocked or half-installed module
            found = False
        if not found:
            missing.append(module)
    if missing:
        raise ImproperlyConfigured(
            f"{setting} needs the Python package(s) {', '.join(missing)}: "
            f"install the '{extra}' extra (pip install -e '.[{extra}]')"
        )
