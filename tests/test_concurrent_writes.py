"""Simultaneous writes on a threaded server queue instead of failing — on SQLite, the embedded
default, and on PostgreSQL.

One gunicorn server with the production settings (2 workers × 4 threads) over a database of its
own; several requests that write are released at the same instant from as many threads. On SQLite
with the default deferred transactions, two of them answered 500 ("database is locked"). The
PostgreSQL variant runs when the suite does (``DATABASE_URL``), as in CI.
"""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.servers import (
    create_postgres_database,
    csrf,
    hidden,
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

WRITERS = 8
PDF = b"%PDF-1.4\n% concurrent evidence\n%%EOF\n"

BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not is_postgresql(), reason="needs PostgreSQL (DATABASE_URL), as in CI"
        ),
    ),
]


@pytest.fixture(scope="module", params=BACKENDS)
def server(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(f"concurrent-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'db.sqlite3'}"
    else:
        url = postgres_url("concurrent")
        create_postgres_database(url)
    env = server_env(database_url=url, media=tmp / "media", static=tmp / "static")
    keys = prepare(env)
    with servers(env, tmp, workers=2, threads=4) as (srv,):
        yield srv, keys


def _at_once(count: int, call):
    """Run ``call(i)`` for i in range(count) in as many threads, released together."""
    barrier = threading.Barrier(count)

    def run(i):
        barrier.wait()
        return call(i)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def test_simultaneous_progress_entries_are_all_saved(server):
    srv, keys = server
    cookies = login(srv.port)
    task_page = f"/nhiem-vu/{keys['task']}/"
    # each writer's own page, as each browser tab has its own form token
    pages = [http(srv.port, task_page, cookies=cookies)[2] for _ in range(WRITERS)]
    run = uuid.uuid4().hex[:8]

    def post(i):
        fields = {
            "csrfmiddlewaretoken": csrf(pages[i]),
            "form_token": hidden(pages[i], "form_token"),
            "period": keys["period"],
            "status": "in_progress",
            "percent": 10 + i,
            "narrative": f"Ghi đồng thời {run} số {i}.",
        }
        return post_form(
            srv.port,
            f"{task_page}tien-do/",
            fields,
            cookies=dict(cookies),
            referer=task_page,
        )

    results = _at_once(WRITERS, post)

    assert [status for status, _h, _b in results] == [302] * WRITERS, srv.log()
    assert all(h["Location"].endswith(f"{task_page}#tien-do") for _s, h, _b in results)
    _s, _h, page = http(srv.port, task_page, cookies=cookies)
    text = page.decode()
    assert [text.count(f"Ghi đồng thời {run} số {i}.") for i in range(WRITERS)] == [1] * WRITERS


def test_simultaneous_activities_and_evidence_uploads_are_all_saved(server):
    srv, keys = server
    cookies = login(srv.port)
    task_page = f"/nhiem-vu/{keys['task']}/"
    activity_page = f"/nhiem-vu/hoat-dong/{keys['activity']}/"
    _s, _h, page = http(srv.port, task_page, cookies=cookies)
    run = uuid.uuid4().hex[:8]

    def post(i):
        if i % 2:
            body, content_type = multipart(
                {"csrfmiddlewaretoken": csrf(page)}, f"bien-ban-{run}-{i}.pdf", PDF
            )
            return http(
                srv.port,
                f"{activity_page}minh-chung/",
                cookies=dict(cookies),
                data=body,
                headers={
                    "Content-Type": content_type,
                    "Referer": f"http://127.0.0.1:{srv.port}{activity_page}",
                },
            )
        fields = {
            "csrfmiddlewaretoken": csrf(page),
            "kind": "training",
            "title": f"Tập huấn đồng thời {run} số {i}",
            "held_on": "2026-03-01",
            "quantity": 1,
            "participants": 20,
            "cost_vnd": 0,
            "funding_source": "local_budget",
        }
        return post_form(
            srv.port, f"{task_page}hoat-dong/", fields, cookies=dict(cookies), referer=task_page
        )

    results = _at_once(WRITERS, post)

    assert [status for status, _h, _b in results] == [302] * WRITERS, srv.log()
    _s, _h, task_html = http(srv.port, task_page, cookies=cookies)
    _s, _h, activity_html = http(srv.port, activity_page, cookies=cookies)
    titles = [
        task_html.decode().count(f"Tập huấn đồng thời {run} số {i}") for i in range(0, WRITERS, 2)
    ]
    files = [activity_html.decode().count(f"bien-ban-{run}-{i}.pdf") for i in range(1, WRITERS, 2)]
    assert titles == [1] * (WRITERS // 2)
    assert files == [1] * (WRITERS // 2)


def test_one_form_posted_several_times_at_once_is_saved_once(server):
    srv, keys = server
    cookies = login(srv.port)
    task_page = f"/nhiem-vu/{keys['task']}/"
    _s, _h, page = http(srv.port, task_page, cookies=cookies)
    run = uuid.uuid4().hex[:8]
    fields = {
        "csrfmiddlewaretoken": csrf(page),
        "form_token": hidden(page, "form_token"),
        "period": keys["period"],
        "status": "in_progress",
        "percent": 50,
        "narrative": f"Bấm nhiều lần {run}.",
    }

    jars = [dict(cookies) for _ in range(4)]
    results = _at_once(
        4,
        lambda i: post_form(
            srv.port, f"{task_page}tien-do/", fields, cookies=jars[i], referer=task_page
        ),
    )

    assert [status for status, _h, _b in results] == [302] * 4, srv.log()
    assert {h["Location"] for _s, h, _b in results} == {f"{task_page}#tien-do"}
    # each twin's next page shows what it was told: one saved it, the others were sent to it
    told = [http(srv.port, task_page, cookies=jar)[2].decode() for jar in jars]
    assert sum("Đã ghi nhận tiến độ." in page for page in told) == 1
    assert sum("Biểu mẫu này đã được gửi và lưu trước đó" in page for page in told) == 3
    assert told[-1].count(f"Bấm nhiều lần {run}.") == 1
