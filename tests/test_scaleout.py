"""Scale-out: two gunicorn servers against one PostgreSQL share sessions and uploads.

Starts servers on 127.0.0.1:8202 and :8203 (loopback only, killed at the end) over a dedicated
database ``<test db name>_scaleout`` and one shared MEDIA_ROOT; logs in on server 1, uses the
same session cookie on server 2, uploads an evidence file on server 1 and downloads it from
server 2. Needs PostgreSQL (skipped on SQLite, whose file cannot be shared between hosts).
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
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PORTS = (8202, 8203)
PASSWORD = "Chia-se-phien-2026"
PDF = b"%PDF-1.4\n% scale-out evidence " + uuid.uuid4().hex.encode() + b"\n%%EOF\n"

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="scale-out needs PostgreSQL (one database shared by several app servers)",
)

SETUP = f"""
import datetime as dt
from django.contrib.auth.models import Group
from accounts.models import User
from assignments.models import Activity, Task
from programs.models import LegalDocument
from accounts.models import Agency
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
print("ACTIVITY", activity.pk)
"""


def _db_url() -> str:
    db = settings.DATABASES["default"]
    user = urllib.parse.quote(db.get("USER") or "postgres")
    password = db.get("PASSWORD") or ""
    auth = f"{user}:{urllib.parse.quote(password)}" if password else user
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    name = (db.get("TEST", {}).get("NAME") or f"test_{db['NAME']}") + "_scaleout"
    return f"postgres://{auth}@{host}:{port}/{name}"


def _create_database(url: str) -> None:
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


def _wait(port: int, timeout: float = 40) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"gunicorn on :{port} did not start")


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
        response = OPENER.open(request, timeout=20)
    except urllib.error.HTTPError as exc:
        response = exc
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]
    return response.status, response.headers, response.read()


def _csrf(body: bytes) -> str:
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()


def _multipart(fields: dict, filename: str, content: bytes) -> tuple[bytes, str]:
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


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    url = _db_url()
    _create_database(url)
    media = tmp_path_factory.mktemp("shared-media")
    static = tmp_path_factory.mktemp("static")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE",) and not k.startswith("PYTEST")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=url,
        MEDIA_ROOT=str(media),
        BENCH_STATIC_ROOT=str(static),
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
    )
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
    activity = int(re.search(r"ACTIVITY (\d+)", setup.stdout).group(1))
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    procs = []
    try:
        for port in PORTS:
            procs.append(
                subprocess.Popen(  # noqa: S603
                    [gunicorn, "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        for port in PORTS:
            _wait(port)
        yield {"activity": activity, "media": media}
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def _login(port: int) -> dict:
    cookies: dict = {}
    login = "/tai-khoan/dang-nhap/"
    _s, _h, body = http(port, login, cookies=cookies)
    form = urllib.parse.urlencode(
        {"username": "scaleout_staff", "password": PASSWORD, "csrfmiddlewaretoken": _csrf(body)}
    ).encode()
    status, headers, _b = http(
        port,
        login,
        cookies=cookies,
        data=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{port}{login}",
        },
    )
    assert status == 302 and "dang-nhap" not in headers["Location"], "login on server 1 failed"
    return cookies


def test_a_session_opened_on_one_server_works_on_the_other(servers):
    one, two = PORTS
    cookies = _login(one)
    status, _h, _body = http(two, "/nhiem-vu/", cookies=dict(cookies))
    assert status == 200  # an anonymous request would be redirected to the login page


def test_an_upload_on_one_server_downloads_from_the_other(servers):
    one, two = PORTS
    cookies = _login(one)
    detail = f"/nhiem-vu/hoat-dong/{servers['activity']}/"
    _s, _h, page = http(one, detail, cookies=cookies)
    body, content_type = _multipart(
        {"csrfmiddlewaretoken": _csrf(page)}, "bien-ban-mo-rong.pdf", PDF
    )
    status, _h, _b = http(
        one,
        f"{detail}minh-chung/",
        cookies=cookies,
        data=body,
        headers={"Content-Type": content_type, "Referer": f"http://127.0.0.1:{one}{detail}"},
    )
    assert status == 302, "upload on server 1 failed"
    _s, _h, page_two = http(two, detail, cookies=dict(cookies))
    links = re.findall(rb'href="(/nhiem-vu/minh-chung/\d+/)"', page_two)
    assert links, "server 2 does not list the evidence uploaded on server 1"
    status, headers, data = http(two, links[-1].decode(), cookies=dict(cookies))
    assert status == 200
    assert data == PDF
    assert headers["Content-Disposition"].startswith("attachment")


def test_logging_out_on_one_server_ends_the_session_on_the_other(servers):
    one, two = PORTS
    cookies = _login(one)
    _s, _h, page = http(two, "/nhiem-vu/", cookies=cookies)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": _csrf(page)}).encode()
    http(
        two,
        "/tai-khoan/dang-xuat/",
        cookies=cookies,
        data=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{two}/nhiem-vu/",
        },
    )
    status, headers, _b = http(one, "/nhiem-vu/", cookies=cookies)
    assert status == 302 and "dang-nhap" in headers["Location"]
