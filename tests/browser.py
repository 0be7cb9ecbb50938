"""Playwright helpers for the browser journeys: Debian Chromium, logged-in pages, screenshots.

Use from a test module with ``from tests.browser import *``. Logging in injects the session
cookie of ``Client.force_login`` into the browser context (fast, and django-axes is not
involved); screenshots go to ``test-artifacts/journeys/`` (ignored by git, kept by CI).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, testcases

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "journeys"


def _never_serve_media(self, path):
    """Django's live server would serve MEDIA_URL; ours is None (uploads are never public) and
    ``urlparse(None)`` makes its handler crash on every request — so it handles nothing."""
    return False


testcases._MediaFilesHandler._should_handle = _never_serve_media


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page_for(browser, live_server):
    """``page_for(user)``: a new browser page signed in as ``user`` (None: anonymous)."""
    contexts = []

    def make(user):
        context = browser.new_context(
            locale="vi-VN", viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        context.set_default_timeout(15_000)
        if user is not None:
            client = Client()
            client.force_login(user)
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                        "url": live_server.url,
                    }
                ]
            )
        contexts.append(context)
        page = context.new_page()
        page.base = live_server.url  # type: ignore[attr-defined]
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def shot(request):
    """``shot(page, "name")`` saves ``test-artifacts/journeys/<test>-NN-name.png``."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    prefix = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")
    counter = {"n": 0}

    def take(page, name: str) -> Path:
        counter["n"] += 1
        path = ARTIFACTS / f"{prefix}-{counter['n']:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


__all__ = ["browser", "page_for", "shot", "ARTIFACTS", "CHROMIUM"]
