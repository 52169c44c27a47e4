"""Playwright on Debian's Chromium. Skips (fails under KABAR_TEST_STRICT=1) when Chromium is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT

SCREENSHOTS = ROOT / "var" / "screenshots"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "mobile": {"width": 390, "height": 844}}

pytestmark = pytest.mark.browser


class PageWatch:
    """A page plus every console error, page error and failed request seen on it."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(f"console: {msg.text}"))
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on("requestfailed", lambda req: self.errors.append(f"requestfailed: {req.url}"))

        def on_dialog(dialog):
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)

    def horizontal_overflow(self) -> int:
        return self.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture(params=sorted(VIEWPORTS))
def viewport_name(request):
    return request.param


@pytest.fixture
def watched_page(browser, viewport_name):
    context = browser.new_context(viewport=VIEWPORTS[viewport_name], locale="id-ID")
    page = context.new_page()
    watch = PageWatch(page)
    yield watch
    context.close()
