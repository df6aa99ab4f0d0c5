"""Headless Chromium for the browser tests: Debian's, driven by Playwright, each test's browser
work run off the thread that uses Django's ORM (Playwright runs its own event loop)."""

import shutil
from concurrent.futures import ThreadPoolExecutor

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
