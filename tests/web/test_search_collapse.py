"""/cari collapsed by story: one result per story with "+N sumber lain" opening the other copies
(no JavaScript), `kumpulkan=0` listing every article, and paging over stories. Real database,
real Tantivy index, stories clustered by the real service."""

from __future__ import annotations

import random
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from kabar.sources.models import Source

pytestmark = pytest.mark.django_db

WORDS = (
    "minister government prefecture officials police company railway airport hospital school "
    "council budget election typhoon earthquake harbor festival museum factory bridge tunnel "
    "village farmers fishermen students teachers doctors nurses tourists residents workers "
    "announced reported warned decided agreed planned opened closed raised cut launched "
    "northern southern eastern western coastal rural urban national regional local"
).split()


def wire_body(n: int) -> str:
    """A wire story of its own: 3 paragraphs of words drawn with seed ``n``, names and numbers."""
    rng = random.Random(n)
    paragraphs = []
    for p in range(3):
        words = [rng.choice(WORDS) for _ in range(45)]
        words.insert(5, f"Kestrel{n}")
        words.insert(20, f"{rng.randint(100, 99999)}")
        paragraphs.append(f"Paragraph {p} " + " ".join(words) + ".")
    return "TOKYO (Kyodo) -- " + "\n\n".join(paragraphs)


@pytest.fixture
def index_dir(settings, tmp_path):
    """A fresh index under a temporary KABAR_DATA_DIR; call the result to sync index and stories."""
    from kabar.search import engine, indexing
    from kabar.stories.services import stories_sync

    settings.DATA_DIR = tmp_path
    engine.forget_readers()

    def sync():
        indexing.sync()
        stories_sync()

    yield sync
    engine.forget_readers()


@pytest.fixture
def japan_today(group):
    return Source.objects.create(
        slug="japan-today", name="Japan Today", group=group, homepage="https://japantoday.com/"
    )


@pytest.fixture
def syndicated(make_article, japan_today, index_dir):
    """One wire story in two outlets, and another article on the same topic."""
    now = timezone.now()
    made = {
        "mainichi": make_article(
            title="Typhoon Kestrel heads for Okinawa",
            body=wire_body(1),
            published_at=now - timedelta(hours=3),
        ),
        "japan_today": make_article(
            source_id=japan_today.pk,
            url="https://japantoday.com/category/national/typhoon-kestrel",
            title="Powerful typhoon Kestrel heads toward Okinawa",
            body=wire_body(1),
            published_at=now - timedelta(hours=2),
        ),
        "other": make_article(
            title="Typhoon season: how to prepare",
            body=wire_body(2).replace("TOKYO (Kyodo) -- ", ""),
            published_at=now - timedelta(hours=5),
        ),
    }
    index_dir()
    return made


def results(html, response):
    return html(response).xpath("//ol[contains(@class, 'results')]/li")


def title_links(items) -> list[str]:
    return [item.xpath(".//a[contains(@class, 'item-title')]/@href")[0] for item in items]


def test_copies_of_one_story_are_one_result_with_the_others_behind_a_details(client, html, syndicated):
    items = results(html, client.get("/cari", {"q": "typhoon", "urut": "terbaru"}))
    # Newest first: the Japan Today copy is the best-ranked member of the story in this order.
    assert title_links(items) == [
        syndicated["japan_today"].get_absolute_url(),
        syndicated["other"].get_absolute_url(),
    ]
    (details,) = items[0].xpath(".//details[contains(@class, 'story-others')]")
    summary = " ".join(details.xpath("./summary")[0].text_content().split())
    assert summary.startswith("+1 ")
    (link,) = details.xpath(".//a")
    assert link.get("href") == syndicated["mainichi"].get_absolute_url()
    assert "MAINICHI" in link.text_content() and "Typhoon Kestrel heads for Okinawa" in link.text_content()
    assert not items[1].xpath(".//details")  # a story of one article has nothing to open


def test_the_control_reads_plus_n_sumber_lain(client, html, syndicated):
    """Needs the Indonesian catalogue entries (locale/id/LC_MESSAGES/django.po)."""
    page = html(client.get("/cari", {"q": "typhoon"}))
    summaries = [
        " ".join(s.text_content().split()) for s in page.xpath("//ol[contains(@class, 'results')]//summary")
    ]
    assert summaries == ["+1 sumber lain"]
    labels = [
        " ".join(a.text_content().split()) for a in page.xpath("//nav[@aria-labelledby='chips-collapse']/a")
    ]
    assert labels == ["Satu per berita", "Semua artikel"]


def test_kumpulkan_0_shows_every_article_and_the_links_keep_it(client, html, syndicated):
    response = client.get("/cari", {"q": "typhoon", "urut": "terbaru", "kumpulkan": "0"})
    page = html(response)
    items = results(html, response)
    assert title_links(items) == [
        syndicated["japan_today"].get_absolute_url(),
        syndicated["mainichi"].get_absolute_url(),
        syndicated["other"].get_absolute_url(),
    ]
    assert not page.xpath("//details[contains(@class, 'story-others')]")
    # Range and sort links and the custom dates form keep kumpulkan=0; the control switches back.
    for href in page.xpath("//div[@class='refine']//a/@href"):
        query = parse_qs(urlsplit(href).query)
        assert query.get("kumpulkan") in (["0"], None)
    range_links = page.xpath("//nav[@aria-labelledby='chips-range']/a/@href")
    assert range_links and all("kumpulkan=0" in href for href in range_links)
    assert page.xpath("//form[@class='dates']//input[@name='kumpulkan']/@value") == ["0"]
    collapse_links = page.xpath("//nav[@aria-labelledby='chips-collapse']/a")
    assert [a.get("aria-current") for a in collapse_links] == [None, "true"]
    assert "kumpulkan" not in collapse_links[0].get("href")


def test_a_bad_kumpulkan_is_a_notice_and_results_stay_collapsed(client, html, syndicated):
    page = html(client.get("/cari", {"q": "typhoon", "kumpulkan": "maybe"}))
    assert page.xpath("//li[@data-code='bad_collapse']")
    assert len(page.xpath("//ol[contains(@class, 'results')]/li")) == 2


def test_pages_count_stories_and_the_pager_keeps_kumpulkan(
    client, html, make_article, japan_today, index_dir
):
    now = timezone.now()
    for n in range(25):  # 25 stories of two copies each: 50 matching articles
        for k, source_id in enumerate((None, japan_today.pk)):
            extra = {"source_id": source_id, "url": f"https://japantoday.com/a/{n}"} if source_id else {}
            make_article(
                title=f"Typhoon report number {n}",
                body=wire_body(100 + n),
                published_at=now - timedelta(hours=2 * n + k),
                **extra,
            )
    index_dir()
    first = html(client.get("/cari", {"q": "typhoon", "urut": "terbaru"}))
    assert len(first.xpath("//ol[contains(@class, 'results')]/li")) == 20
    assert len(first.xpath("//ol[contains(@class, 'results')]//details")) == 20
    pager = " ".join(first.xpath("//nav[@class='pager']")[0].text_content().split())
    assert "1" in pager and "2" in pager and "3" not in pager
    second = html(client.get("/cari", {"q": "typhoon", "urut": "terbaru", "hal": "2"}))
    assert len(second.xpath("//ol[contains(@class, 'results')]/li")) == 5
    # Past the last page of stories: the last one, with a notice.
    past = html(client.get("/cari", {"q": "typhoon", "urut": "terbaru", "hal": "3"}))
    assert past.xpath("//li[@data-code='page_past_end']")
    assert len(past.xpath("//ol[contains(@class, 'results')]/li")) == 5
    # Every article: 50 of them, three pages, and the pager's links keep kumpulkan=0.
    flat = html(client.get("/cari", {"q": "typhoon", "urut": "terbaru", "kumpulkan": "0"}))
    assert len(flat.xpath("//ol[contains(@class, 'results')]/li")) == 20
    (next_link,) = flat.xpath("//nav[@class='pager']/a[@rel='next']/@href")
    assert parse_qs(urlsplit(next_link).query) == {
        "q": ["typhoon"],
        "urut": ["terbaru"],
        "kumpulkan": ["0"],
        "hal": ["2"],
    }


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_other_sources_open_without_javascript(
    live_server, browser, make_article, japan_today, index_dir
):
    now = timezone.now()
    make_article(
        title="Typhoon Kestrel heads for Okinawa", body=wire_body(1), published_at=now - timedelta(hours=3)
    )
    make_article(
        source_id=japan_today.pk,
        url="https://japantoday.com/category/national/typhoon-kestrel",
        title="Powerful typhoon Kestrel heads toward Okinawa",
        body=wire_body(1),
        published_at=now - timedelta(hours=2),
    )
    index_dir()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/cari?q=typhoon&urut=terbaru")
        link = page.locator("details.story-others a")
        assert page.locator("ol.results > li").count() == 1
        assert not link.is_visible()
        page.locator("details.story-others summary").click()
        assert link.is_visible() and "MAINICHI" in link.inner_text()
        link.click()
        page.wait_for_url("**/berita/**")
        assert page.locator("h1").first.inner_text() == "Typhoon Kestrel heads for Okinawa"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
