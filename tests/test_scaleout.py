"""Scale-out: two gunicorn servers against one PostgreSQL and one Redis cache share sessions,
uploads and the dashboard cache.

Starts two servers on free loopback ports (killed at the end) over a dedicated database
``<test db name>_scaleout``, one shared MEDIA_ROOT and ``CACHE_URL=redis://…`` — the production
layout of the README; logs in on server 1 and uses the same session cookie on server 2, uploads
an evidence file on server 1 and downloads it from server 2, and shows server 2 answering from
the dashboard entries server 1 put in Redis. Needs PostgreSQL (skipped on SQLite, whose file
cannot be shared between hosts) and the Redis server on 127.0.0.1:6379 (``.ci/run`` starts it).
"""

from __future__ import annotations

import os
import re
import time
import uuid

import pytest

from tests.redirects import login_url
from tests.servers import (
    create_postgres_database,
    csrf,
    http,
    is_postgresql,
    login,
    multipart,
    post_form,
    postgres_url,
    prepare,
    server_env,
    servers,
)

#: a database of the local Redis that nothing else of the project uses
REDIS_URL = os.environ.get("SCALEOUT_REDIS_URL", "redis://127.0.0.1:6379/7")
PDF = b"%PDF-1.4\n% scale-out evidence " + uuid.uuid4().hex.encode() + b"\n%%EOF\n"

pytestmark = pytest.mark.skipif(
    not is_postgresql(),
    reason="scale-out needs PostgreSQL (one database shared by several app servers)",
)


@pytest.fixture(scope="module")
def redis_client():
    redis = pytest.importorskip("redis", reason="the 'redis' extra is not installed")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail(f"no Redis server at {REDIS_URL} (.ci/run should have started it)")
        pytest.skip(f"no Redis server at {REDIS_URL}")
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, redis_client):
    url = postgres_url("scaleout")
    create_postgres_database(url)
    tmp = tmp_path_factory.mktemp("scaleout")
    media = tmp / "shared-media"
    env = server_env(database_url=url, media=media, static=tmp / "static", CACHE_URL=REDIS_URL)
    keys = prepare(env)
    with servers(env, tmp, count=2) as (one, two):
        yield {"one": one.port, "two": two.port, "activity": keys["activity"], "media": media}


def test_a_session_opened_on_one_server_works_on_the_other(cluster):
    cookies = login(cluster["one"])
    status, _h, _body = http(cluster["two"], "/nhiem-vu/", cookies=dict(cookies))
    assert status == 200  # an anonymous request would be redirected to the login page


def test_an_upload_on_one_server_downloads_from_the_other(cluster):
    one, two = cluster["one"], cluster["two"]
    cookies = login(one)
    detail = f"/nhiem-vu/hoat-dong/{cluster['activity']}/"
    _s, _h, page = http(one, detail, cookies=cookies)
    body, content_type = multipart({"csrfmiddlewaretoken": csrf(page)}, "bien-ban-mo-rong.pdf", PDF)
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


def test_the_dashboard_cached_by_one_server_is_read_by_the_other(cluster, redis_client):
    one, two = cluster["one"], cluster["two"]
    cookies = login(one)
    before = set(redis_client.keys("*dashboards:*"))
    status, _h, _b = http(one, "/", cookies=cookies)
    assert status == 200
    cached = set(redis_client.keys("*dashboards:*")) - before
    assert cached, "server 1 put no dashboard entry in Redis"
    ttl = {key: redis_client.pttl(key) for key in cached}
    time.sleep(1.5)

    status, _h, _b = http(two, "/", cookies=dict(cookies))

    assert status == 200
    # a miss on server 2 would have set the entries again, with a fresh time to live
    assert set(redis_client.keys("*dashboards:*")) - before == cached
    assert all(0 < redis_client.pttl(key) <= ttl[key] - 1000 for key in cached)


def test_logging_out_on_one_server_ends_the_session_on_the_other(cluster):
    one, two = cluster["one"], cluster["two"]
    cookies = login(one)
    _s, _h, page = http(two, "/nhiem-vu/", cookies=cookies)
    post_form(
        two,
        "/tai-khoan/dang-xuat/",
        {"csrfmiddlewaretoken": csrf(page)},
        cookies=cookies,
        referer="/nhiem-vu/",
    )
    status, headers, _b = http(one, "/nhiem-vu/", cookies=cookies)
    assert (status, headers["Location"]) == (302, login_url("/nhiem-vu/"))
