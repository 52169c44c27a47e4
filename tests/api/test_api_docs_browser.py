"""The docs page really works in Chromium under our Content-Security-Policy (no inline script, no CDN)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_docs_render_without_console_errors_or_outside_requests(live_server, browser):
    problems: list[str] = []
    hosts: set[str] = set()
    context = browser.new_context()
    try:
        page = context.new_page()
        # A blocked inline script or style shows up as a console error ("Refused to ...").
        page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        page.on("request", lambda req: hosts.add(urlsplit(req.url).netloc))
        page.goto(f"{live_server.url}/api/v1/docs")
        page.wait_for_selector(".opblock", timeout=15_000)
        assert page.locator(".opblock").count() >= 2  # articles list and detail, plus later routers
        page.locator(".opblock-summary").first.click()
        page.wait_for_selector("text=page_size", timeout=5_000)
    finally:
        context.close()
    assert problems == []
    assert hosts == {urlsplit(live_server.url).netloc}
