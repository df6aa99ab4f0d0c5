"""Headless Chromium for the browser tests: Debian's, driven by Playwright, each test's browser
work run off the thread that uses Django's ORM (Playwright runs its own event loop)."""

import shutil
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

needs_chromium = pytest.mark.skipif(
    not shutil.which("chromium") and not shutil.which("/usr/bin/chromium"),
    reason="Debian's chromium is not installed (make test installs it as root)",
)


def in_browser(work, *args, timeout=120):
    """Run `work(browser, *args)` with a fresh headless Chromium in a thread of its own."""

    def run():
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
            )
            try:
                return work(browser, *args)
            finally:
                browser.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result(timeout=timeout)


@contextmanager
def serve(handler):
    """This site, served by a thread with the WSGI `handler` class; an in-memory SQLite
    database is shared with that thread (so it sees the test's transaction). Its address."""
    from django.db import connections
    from django.test.testcases import LiveServerThread

    shared = {}
    for connection in connections.all():
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            connection.inc_thread_sharing()
            shared[connection.alias] = connection
    server = LiveServerThread("127.0.0.1", handler, connections_override=shared)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.terminate()
        for connection in shared.values():
            connection.dec_thread_sharing()


def sign_in(browser, site, username, password, **context):
    """A new browser context (`context`: Playwright's options) signed in to the admin; its
    page."""
    page = browser.new_context(**context).new_page()
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()
    return page


def open_counting(browser, url, *, scripts=True, width=360, height=740):
    """A new context on a screen `width` wide (scripts on or off) with `url` open; with what
    its first visit cost, (requests, bytes transferred). The caller closes the context."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, java_script_enabled=scripts, bypass_csp=True
    )
    page = context.new_page()
    sizes = []
    page.on("requestfinished", lambda request: sizes.append(request.sizes()))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    first_visit = (len(sizes), sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes))
    return context, page, first_visit
