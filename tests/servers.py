"""Real app servers for the tests that need them: gunicorn processes over a database of their own.

``tests/test_scaleout.py`` runs two servers on one PostgreSQL database with a Redis cache;
``tests/test_concurrent_writes.py`` runs one threaded server on SQLite or PostgreSQL. The servers
use the production settings (``bench.settings``: ``config.settings`` with DEBUG off over plain
HTTP on loopback), listen on free loopback ports, log to a file the assertions quote, and are
stopped when the test module ends.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Chia-se-phien-2026"
LOGIN = "/tai-khoan/dang-nhap/"

#: run with ``manage.py shell -c``: one agency with a staff user, a task it leads, an activity
#: and an open reporting period; prints their primary keys.
SETUP = f"""
import datetime as dt
from django.contrib.auth.models import Group
from django.utils import timezone
from accounts.models import User
from assignments.models import Activity, Task
from programs.models import LegalDocument, ReportingRegime
from accounts.models import Agency
from programs.models import ReportingPeriod
agency, _ = Agency.objects.get_or_create(name="Sở Thử nghiệm Mở rộng", defaults={{"short_name": "STNMR"}})
user, _ = User.objects.get_or_create(username="scaleout_staff", defaults={{"agency": agency}})
user.set_password("{PASSWORD}")
user.is_active = True
user.save()
user.groups.add(Group.objects.get(name="agency_staff"))
doc, _ = LegalDocument.objects.get_or_create(number="1/SO", defaults={{"kind": "chi_thi", "title": "Mở rộng"}})
task, _ = Task.objects.get_or_create(document=doc, ref="1.a", lead_agency=agency, defaults={{"text": "Thử"}})
activity, _ = Activity.objects.get_or_create(
    agency=agency, title="Hoạt động mở rộng",
    defaults={{"task": task, "kind": "training", "held_on": dt.date(2026, 3, 1), "author": user}},
)
today = timezone.localdate()
period, _ = ReportingPeriod.objects.get_or_create(
    regime=ReportingRegime.objects.get(is_default=True), key="9999",
    defaults={{"kind": "year", "year": today.year, "starts_on": today - dt.timedelta(days=30),
              "ends_on": today + dt.timedelta(days=200), "due_on": today + dt.timedelta(days=210)}},
)
print("TASK", task.pk, "ACTIVITY", activity.pk, "PERIOD", period.pk)
"""


def is_postgresql() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_url(suffix: str) -> str:
    """A database beside the test database: ``<test db name>_<suffix>``."""
    db = settings.DATABASES["default"]
    user = urllib.parse.quote(db.get("USER") or "postgres")
    password = db.get("PASSWORD") or ""
    auth = f"{user}:{urllib.parse.quote(password)}" if password else user
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    name = (db.get("TEST", {}).get("NAME") or f"test_{db['NAME']}") + f"_{suffix}"
    return f"postgres://{auth}@{host}:{port}/{name}"


def create_postgres_database(url: str) -> None:
    import psycopg2
    from psycopg2 import sql

    u = urllib.parse.urlparse(url)
    conn = psycopg2.connect(
        host=u.hostname,
        port=u.port,
        user=urllib.parse.unquote(u.username),
        password=urllib.parse.unquote(u.password or "") or None,
        dbname="postgres",
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [u.path.lstrip("/")])
        if cur.fetchone() is None:
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(u.path.lstrip("/"))))
    conn.close()


def server_env(*, database_url: str, media: Path, static: Path, **extra: str) -> dict:
    """The environment of a production-like server (no pytest variables leak in)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL") and not k.startswith("PYTEST")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        READ_DOT_ENV="false",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media),
        BENCH_STATIC_ROOT=str(static),
        # a cache of its own: cache keys hold data versions (max ids), and another test's server
        # over another database with the same ids would otherwise find its pages
        CACHE_URL=f"filecache://{media.parent / 'cache'}",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def prepare(env: dict) -> dict[str, int]:
    """Migrate, collect static files and load ``SETUP``; returns its primary keys by name."""
    manage = [sys.executable, "manage.py"]
    for args in (["migrate", "--noinput", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"]):
        subprocess.run([*manage, *args], cwd=ROOT, env=env, check=True, timeout=300)  # noqa: S603
    setup = subprocess.run(  # noqa: S603
        [*manage, "shell", "-c", SETUP],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )
    return {k.lower(): int(v) for k, v in re.findall(r"([A-Z]+) (\d+)", setup.stdout)}


class Server:
    """One gunicorn process on a free loopback port; ``log()`` is what it wrote to stderr."""

    def __init__(self, env: dict, log_path: Path, *, workers: int = 1, threads: int = 1):
        self.port = free_port()
        self.log_path = log_path
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self._log = open(log_path, "wb")  # noqa: SIM115 -- closed in stop()
        self.proc = subprocess.Popen(  # noqa: S603
            [
                gunicorn,
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )

    def wait(self, timeout: float = 40) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"gunicorn on :{self.port} exited:\n{self.log()}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.2)
        raise AssertionError(f"gunicorn on :{self.port} did not start:\n{self.log()}")

    def log(self, tail: int = 4000) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")[-tail:]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._log.close()


@contextmanager
def servers(env: dict, log_dir: Path, count: int = 1, **options):
    started = []
    try:
        for i in range(count):
            started.append(Server(env, log_dir / f"gunicorn-{i}.log", **options))
        for server in started:
            server.wait()
        yield started
    finally:
        for server in started:
            server.stop()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def http(port, path, *, cookies, data=None, headers=None):
    """One request to a server; returns (status, headers, body) and updates ``cookies``."""
    request = urllib.request.Request(  # noqa: S310 -- loopback http only
        f"http://127.0.0.1:{port}{path}", data=data, headers=dict(headers or {})
    )
    if cookies:
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
    try:
        response = OPENER.open(request, timeout=60)
    except urllib.error.HTTPError as exc:
        response = exc
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]
    return response.status, response.headers, response.read()


def hidden(body: bytes, name: str) -> str:
    """The value of a hidden input of the page."""
    return re.search(rf'name="{name}" value="([^"]+)"'.encode(), body).group(1).decode()


def csrf(body: bytes) -> str:
    return hidden(body, "csrfmiddlewaretoken")


def post_form(port, path, fields: dict, *, cookies, referer: str):
    """A form-encoded POST as the browser sends it (with the page it came from as Referer)."""
    return http(
        port,
        path,
        cookies=cookies,
        data=urllib.parse.urlencode(fields).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{port}{referer}",
        },
    )


def multipart(fields: dict, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for key, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{filename}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def login(port: int, username: str = "scaleout_staff", password: str = PASSWORD) -> dict:
    cookies: dict = {}
    _s, _h, body = http(port, LOGIN, cookies=cookies)
    status, headers, _b = post_form(
        port,
        LOGIN,
        {"username": username, "password": password, "csrfmiddlewaretoken": csrf(body)},
        cookies=cookies,
        referer=LOGIN,
    )
    assert status == 302 and "dang-nhap" not in headers["Location"], f"login on :{port} failed"
    return cookies
