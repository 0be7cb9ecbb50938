"""SXSH Portal settings: one module, driven by the environment (and a ``.env`` file if present).

Every variable is listed in the README's configuration table. Production safety comes from the
environment, never from a second copy of this file: with ``DEBUG`` off (the default) HTTPS, secure
cookies and HSTS are on unless explicitly switched off for an intranet behind a TLS proxy.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import env, require_extra

BASE_DIR = Path(__file__).resolve().parent.parent

# READ_DOT_ENV=false ignores a local .env (the settings tests check the environment alone)
if env.bool("READ_DOT_ENV", True) and (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-dev-only-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # third party
    "axes",
    "csp",
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "import_export",
    "simple_history",
    # ours, from the bottom layer up (docs/architecture.md; the import-linter contract in
    # pyproject.toml enforces that each imports only those before it)
    "accounts",
    "programs",
    "enterprises",
    "assignments",
    "plans",
    "reports",
    "dashboards",
    "public",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # after whitenoise (static files keep their cache headers), before everything that answers
    "accounts.middleware.PrivateCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SlidingSessionMiddleware",
    # every page needs a login except views marked @login_not_required (login, language switch)
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # enterprise users reach only the views marked @enterprise_allowed (accounts.fence)
    "accounts.fence.EnterpriseFenceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # last, as django-axes asks
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "accounts.context_processors.portal",
                "accounts.context_processors.page_cache",
            ],
        },
    },
]

# --- Database: SQLite file when DATABASE_URL is absent (the embedded default) -------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", 60, minimum=0))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A threaded server (runserver, gunicorn --threads) and the background worker write at once.
    # IMMEDIATE takes the write lock when a transaction begins, so a second writer waits for it
    # (up to ``timeout`` seconds) instead of failing with "database is locked" when its read
    # lock cannot be upgraded; WAL lets pages read while one request writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
# signed-in pages kept per user until any write (accounts.pagecache); 0 turns it off
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", 120, minimum=0)
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    require_extra("CACHE_URL=redis://…", "redis", "redis")

# --- Users, login, sessions ---------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
# the portal's Vietnamese page instead of Django's English one (an old form, an expired session)
CSRF_FAILURE_VIEW = "accounts.views.csrf_failure"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.PortalModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sliding expiry: a session dies after SESSION_IDLE_MINUTES without a request.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", 30, minimum=1) * 60
# accounts.middleware.SlidingSessionMiddleware re-saves a signed-in session (new expiry) at most
# once per SESSION_REFRESH_SECONDS instead of on every request (SESSION_SAVE_EVERY_REQUEST).
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind reverse proxies that append to X-Forwarded-For, how many there are: the client address
# (login lock-out, rate limits) is then the entry the outermost one wrote (config.ratelimit).
REVERSE_PROXY_COUNT = env.int("REVERSE_PROXY_COUNT", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "config.ratelimit.client_address"

# --- HTTPS and cookies: on in production, switchable for an intranet behind a TLS proxy ---------
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env.bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Language, time, formats --------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# dd/mm/yyyy and 1.234,5 (config/formats/vi/formats.py overrides Django's Vietnamese defaults)
FORMAT_MODULE_PATH = ["config.formats"]

# --- Files ---------------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads are never served from a public URL: views check access, then stream the file.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if env.str("S3_BUCKET", default=""):
    # S3-compatible object storage for uploads when several app servers share them.
    require_extra("S3_BUCKET", "s3", "storages", "boto3")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("S3_BUCKET"),
            "endpoint_url": env.str("S3_ENDPOINT_URL", default=None),
            "region_name": env.str("S3_REGION", default=None),
            "access_key": env.str("S3_ACCESS_KEY", default=None),
            "secret_key": env.str("S3_SECRET_KEY", default=None),
            "querystring_auth": True,
        },
    }
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_MB", 10, minimum=1) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- E-mail --------------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="SXSH Portal <no-reply@sxsh.local>")

# --- Background tasks (django-tasks; database backend, run `manage.py db_worker`) ---------------
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

# --- The portal itself ---------------------------------------------------------------------------
PORTAL_PROVINCE = env.str("PORTAL_PROVINCE", default="An Giang")
PORTAL_PLACE = env.str("PORTAL_PLACE", default=PORTAL_PROVINCE)
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="SachHon@2026")
# The provincial SXSH office on the public site's footer and contact page
PUBLIC_OFFICE = {
    "address": env.str("PUBLIC_OFFICE_ADDRESS", default=""),
    "phone": env.str("PUBLIC_OFFICE_PHONE", default=""),
    "email": env.str("PUBLIC_OFFICE_EMAIL", default=""),
}
# Absolute links in e-mails (reminders), e.g. https://sxsh.angiang.gov.vn
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000" if DEBUG else "")
# Public open data (public.datasets): the licence every dataset states, and the smallest group of
# facilities a published figure may describe (public.suppression; below it the figure is hidden).
OPEN_DATA_LICENCE = {
    "name": "CC BY 4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
PUBLIC_MIN_GROUP = env.int("PUBLIC_MIN_GROUP", 3, minimum=2)
# Enterprise accounts (enterprises.access): the one-time link to set a password lives this long;
# requests from the public page and DOIT's invitations are counted in the cache per hour
PASSWORD_RESET_TIMEOUT = env.int("INVITATION_VALID_DAYS", 3, minimum=1) * 86400
ENTERPRISE_REQUESTS_PER_HOUR = env.int("ENTERPRISE_REQUESTS_PER_HOUR", 5, minimum=1)
ENTERPRISE_INVITES_PER_HOUR = env.int("ENTERPRISE_INVITES_PER_HOUR", 30, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}
