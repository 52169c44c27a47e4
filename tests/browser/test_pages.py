"""Home and an article page in Chromium, desktop and mobile: no console errors, no horizontal
overflow, the Indonesian labels visible. Screenshots go to var/screenshots/."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def articles(make_article):
    now = timezone.now()
    long_word = "Supercalifragilisticexpialidocious" * 4  # a long unbroken word must not overflow
    first = make_article(
        title="Typhoon Shanshan nears Kyushu as JMA warns of record rain",
        body="TOKYO (Kyodo) -- The Japan Meteorological Agency warned of heavy rain.\n\n" + long_word,
        image_url="/static/kabar/demo/weather.svg",
        image_caption="Waves hit the coast of Kagoshima Prefecture. (Kyodo)",
        published_at=now - timedelta(hours=1),
    )
    for n in range(8):
        make_article(
            title=f"Yen weakens past 150 per dollar, day {n}", published_at=now - timedelta(days=n + 1)
        )
    return first


def test_home(live_server, watched_page, viewport_name, articles):
    page = watched_page.page
    page.goto(live_server.url + "/")
    assert page.get_by_label("Cari Berita").is_visible()
    assert page.get_by_role("button", name="Cari").is_visible()
    assert page.get_by_role("heading", name="Media Jepang").is_visible()
    assert page.get_by_text("Typhoon Shanshan nears Kyushu").first.is_visible()
    watched_page.screenshot(f"home-{viewport_name}")
    assert watched_page.horizontal_overflow() <= 0
    assert watched_page.errors == []


def test_article(live_server, watched_page, viewport_name, articles):
    page = watched_page.page
    page.goto(live_server.url + articles.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text().startswith("Typhoon Shanshan")
    assert page.get_by_text("MAINICHI |").first.is_visible()
    for label in ("Dilihat", "Suka", "Komentar", "Dibagikan"):
        assert page.get_by_label(label).count() >= 1 or page.get_by_text(label).count() >= 1, label
    assert page.get_by_text("Baca di sumber asli").is_visible()
    assert page.get_by_text("Jadilah yang pertama menyukai").is_visible()
    caption = page.locator("figcaption")
    assert "Kagoshima" in caption.inner_text()
    watched_page.screenshot(f"article-{viewport_name}")
    assert watched_page.horizontal_overflow() <= 0
    assert watched_page.errors == []
