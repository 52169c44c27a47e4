"""/cari in Chromium, desktop and mobile: results with highlights, facets, timeline, pager and the
empty state, with no console errors (the CSP would report an inline style) and no horizontal
overflow. Screenshots go to var/screenshots/."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def indexed(make_article, settings, tmp_path):
    from kabar.search import engine, indexing
    from kabar.sources.models import MediaGroup, Source

    settings.DATA_DIR = tmp_path
    engine.forget_readers()
    wire = MediaGroup.objects.create(slug="kantor-berita", name="Kantor Berita", position=2)
    kyodo = Source.objects.create(
        slug="kyodo", name="Kyodo News", group=wire, homepage="https://english.kyodonews.net/"
    )
    now = timezone.now()
    long_word = "Supercalifragilisticexpialidocious" * 4  # a long unbroken word must not overflow
    make_article(
        title="Sakura season opens early in Tokyo as crowds fill Ueno Park",
        body=f"The sakura front reached Tokyo a week early. {long_word} sakura.\n\nCrowds gathered.",
        published_at=now - timedelta(hours=3),
    )
    for n in range(24):
        make_article(
            url=f"https://english.kyodonews.net/news/{n}",
            source_id=kyodo.pk,
            title=f"Cherry blossom forecast update {n}: sakura expected in Sendai",
            body="Forecasters said the sakura would open in Sendai next week. " * 3,
            published_at=now - timedelta(days=n * 9 + 1),
        )
    indexing.sync()
    yield
    engine.forget_readers()


def _check(watched_page, name: str) -> None:
    watched_page.screenshot(name)
    assert watched_page.horizontal_overflow() <= 0
    assert watched_page.errors == []


def test_results(live_server, watched_page, viewport_name, indexed):
    page = watched_page.page
    page.goto(live_server.url + "/cari?q=sakura")
    assert page.get_by_label("Cari Berita").input_value() == "sakura"
    assert page.get_by_text("Sekitar 25 berita").is_visible()
    assert page.locator("ol.results mark").first.is_visible()
    assert page.get_by_role(
        "link", name="Sakura season opens early in Tokyo as crowds fill Ueno Park"
    ).is_visible()
    assert page.get_by_role("heading", name="Sumber").is_visible()
    assert page.get_by_role("img", name="Berita yang cocok per hari").is_visible()
    box = page.locator("svg.timeline-chart").bounding_box()
    assert box["width"] > 100 and box["height"] > 20
    assert page.get_by_role("link", name="Berikutnya →").is_visible()
    _check(watched_page, f"search-{viewport_name}")

    page.get_by_role("link", name="Berikutnya →").click()
    page.wait_for_load_state()
    assert "hal=2" in page.url
    assert page.get_by_text("Halaman 2 dari 2").is_visible()
    assert watched_page.errors == []


def test_facet_and_range_links(live_server, watched_page, viewport_name, indexed):
    page = watched_page.page
    page.goto(live_server.url + "/cari?q=sakura")
    page.locator("section.facets a", has_text="Mainichi").click()
    page.wait_for_load_state()
    assert "sumber=mainichi" in page.url
    assert page.get_by_text("Sekitar 1 berita").is_visible()
    page.get_by_role("link", name="7 hari terakhir").click()
    page.wait_for_load_state()
    assert "rentang=7h" in page.url and "sumber=mainichi" in page.url
    assert watched_page.errors == []


def test_empty_state(live_server, watched_page, viewport_name, indexed):
    page = watched_page.page
    page.goto(live_server.url + "/cari?q=sakura+-sendai+-tokyo&rentang=24j")
    assert page.get_by_role("heading", name="Tidak ada berita yang cocok").is_visible()
    assert page.get_by_role("link", name="Hapus pengecualian -sendai").is_visible()
    assert page.get_by_role(
        "link", name="Perluas rentang waktu: cari di seluruh 1 tahun terakhir"
    ).is_visible()
    _check(watched_page, f"search-empty-{viewport_name}")


def test_help_and_hostile_query(live_server, watched_page, viewport_name, indexed):
    page = watched_page.page
    page.goto(live_server.url + "/cari")
    assert page.get_by_role("heading", name="Cara mencari").is_visible()
    _check(watched_page, f"search-help-{viewport_name}")
    page.goto(live_server.url + "/cari?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E")
    assert watched_page.dialogs == []
    assert page.get_by_label("Cari Berita").input_value() == '"><script>alert(1)</script>'
    assert watched_page.errors == []
