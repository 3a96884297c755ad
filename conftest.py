"""Fixtures shared by every app's tests."""

import pytest
from django.core.cache import cache
from django.db import connections


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and cached pages live in the cache: every test starts afresh."""
    from events.services import catalogue_changed

    cache.clear()
    catalogue_changed()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads go to a temporary folder, never into the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def member(db):
    from accounts.tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def browser_page(live_server, monkeypatch):
    """A Playwright page in Debian's Chromium (never a downloaded browser).

    Playwright's sync API runs an event loop in this thread; the test itself
    still talks to the database synchronously, which Django allows once told so.
    """
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        context = browser.new_context(base_url=live_server.url, locale="fr-FR")
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()
        # Queries made while Playwright's loop ran opened their own connection.
        connections.close_all()
