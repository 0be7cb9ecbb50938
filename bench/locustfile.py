"""Load test: signed-in users browsing the main pages (or the trivial ``hello`` view), or
anonymous visitors on the public site.

Run by ``bench/run.py``; the plan (server URL, users, pages) comes as JSON in ``BENCH_PLAN``.
Each simulated user logs in once through the login form (unless the plan is ``anonymous``), then
requests pages with a think time of 0.5–1.5 s — or none at all with ``BENCH_THINK=0``, the
*saturation* runs, where each user sends its next request as soon as the last one answered.
Measurement starts when every user has logged in (the stats are reset then, so password hashing
at login does not count as page time) and stops ``BENCH_SECONDS`` later; the page figures are
written to ``BENCH_OUT`` as JSON.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time

import gevent
from locust import HttpUser, between, constant, events, task
from locust.stats import StatsEntry

PLAN = json.loads(os.environ.get("BENCH_PLAN", "{}") or "{}")
SECONDS = float(os.environ.get("BENCH_SECONDS", "60"))
OUT = os.environ.get("BENCH_OUT", "")
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_accounts = itertools.cycle(PLAN.get("users", []))
_state = {"logged_in": 0, "started": None, "login_failures": 0}
THINK = os.environ.get("BENCH_THINK", "1") != "0"


class PortalUser(HttpUser):
    wait_time = between(0.5, 1.5) if THINK else constant(0)

    def on_start(self):
        if PLAN.get("anonymous"):
            self.pages = PLAN["pages"]
            self._ready()
            return
        username = next(_accounts)
        self.pages = PLAN["pages"] + PLAN.get("own_pages", {}).get(username, [])
        page = self.client.get(PLAN["login_path"], name="login")
        match = _CSRF.search(page.text)
        with self.client.post(
            PLAN["login_path"],
            data={
                "username": username,
                "password": PLAN["password"],
                "csrfmiddlewaretoken": match.group(1) if match else "",
            },
            headers={"Referer": self.host + PLAN["login_path"]},
            name="login",
            catch_response=True,
        ) as response:
            if PLAN["login_path"] in response.url:
                _state["login_failures"] += 1
                response.failure(f"login failed for {username}")
        self._ready()

    def _ready(self):
        _state["logged_in"] += 1
        if _state["logged_in"] == self.environment.parsed_options.num_users:
            # everyone is in: measure from now, for BENCH_SECONDS
            self.environment.stats.reset_all()
            _state["started"] = time.monotonic()
            gevent.spawn_later(SECONDS, self.environment.runner.quit)

    @task
    def browse(self):
        path = random.choice(self.pages)  # noqa: S311 -- load mix, not security
        self.client.get(path, name=re.sub(r"/\d+/", "/<pk>/", path))


@events.quitting.add_listener
def _write(environment, **_kwargs):
    if not OUT:
        return
    stats = environment.stats
    pages = StatsEntry(stats, "pages", "GET")
    for (name, _method), entry in stats.entries.items():
        if name != "login":
            pages.extend(entry)
    elapsed = time.monotonic() - _state["started"] if _state["started"] else 0.0
    result = {
        "seconds": round(elapsed, 1),
        "requests": pages.num_requests,
        "failures": pages.num_failures,
        "rps": round(pages.num_requests / elapsed, 1) if elapsed else 0.0,
        "p50_ms": pages.get_response_time_percentile(0.5) if pages.num_requests else None,
        "p95_ms": pages.get_response_time_percentile(0.95) if pages.num_requests else None,
        "error_rate": round(pages.num_failures / pages.num_requests, 4)
        if pages.num_requests
        else 1.0,
        "login_failures": _state["login_failures"],
        "measured": _state["started"] is not None,
        "per_page": {
            name: {
                "requests": e.num_requests,
                "failures": e.num_failures,
                "p95_ms": e.get_response_time_percentile(0.95) if e.num_requests else None,
            }
            for (name, _m), e in stats.entries.items()
        },
    }
    with open(OUT, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False, indent=2)
