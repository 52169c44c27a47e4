"""Each adapter on a fixture written by us in the exact shape of one outlet's real feed
(tests/data/feeds/)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from kabar.sources.parsing import Entry, parse_feed

FEEDS = Path(__file__).resolve().parent.parent / "data" / "feeds"
NOW = datetime(2025, 3, 2, tzinfo=UTC)


def parse(name: str, *, kind: str, url: str, headers: dict[str, str] | None = None):
    feed = parse_feed((FEEDS / name).read_bytes(), kind=kind, url=url, headers=headers, now=NOW)
    assert feed.error is None, feed.error
    return feed


def test_mainichi_rss2():
    feed = parse(
        "mainichi.rss",
        kind="rss",
        url="https://mainichi.jp/rss/etc/english_latest.rss",
        headers={"content-type": "application/rss+xml; charset=UTF-8"},
    )
    assert feed.title == "The Mainichi - Latest News"
    assert len(feed.entries) == 3
    first, second, _ = feed.entries
    assert first == Entry(
        title="Snow closes expressway sections in Hokkaido as cold snap lingers",
        link="https://mainichi.jp/english/articles/20250301/p2g/00m/0na/031000c",
        guid="https://mainichi.jp/english/articles/20250301/p2g/00m/0na/031000c",
        published=datetime(2025, 3, 1, 5, 52, tzinfo=UTC),  # 14:52 JST
        summary=(
            "SAPPORO -- Heavy snow closed parts of two expressways in Hokkaido on March 1, "
            "and railway operators cancelled dozens of trains."
        ),
        author="",
        image_url="",
    )
    assert second.title == "Kyoto temple opens its plum garden a week early & draws crowds"
    assert second.summary == (
        "KYOTO -- A temple in the city's north opened its plum garden a week earlier than usual after a "
        "run of mild days.\nVisitors queued from early morning."
    )


def test_mainichi_empty_feed_is_not_an_error():
    """Mainichi's English feed is sometimes empty: a valid channel with no items."""
    feed = parse("mainichi-empty.rss", kind="rss", url="https://mainichi.jp/rss/etc/english_latest.rss")
    assert feed.entries == []
    assert feed.title == "The Mainichi - Latest News"


def test_japan_times_wordpress_rss():
    feed = parse("japan-times.rss", kind="rss", url="https://www.japantimes.co.jp/feed/")
    assert [e.guid for e in feed.entries] == [
        "https://www.japantimes.co.jp/?p=4871203",
        "https://www.japantimes.co.jp/?p=4871188",
    ]
    first, second = feed.entries
    assert (
        first.link
        == "https://www.japantimes.co.jp/news/2025/03/01/japan/politics/japan-philippines-coast-guard/"
    )
    assert first.author == "Gabriel Rivera"
    assert first.published == datetime(2025, 3, 1, 5, 48, 3, tzinfo=UTC)
    # The description, not content:encoded, with its two paragraphs.
    assert first.summary == (
        "The two countries will hold joint drills twice a year and share patrol data, officials said on "
        "Saturday.\n\nThe agreement follows months of talks."
    )
    # media:content (1200 wide) wins over the thumbnail and the inline image.
    assert first.image_url.endswith("/2025/03/np_file_99123.jpeg")
    assert second.author == "Kaori Tanabe, Reuters"


def test_asahi_rdf():
    feed = parse("asahi.rdf", kind="rdf", url="https://www.asahi.com/rss/asahi/ajw.rdf")
    assert feed.title == "The Asahi Shimbun"
    first, second = feed.entries
    assert first.title == "Fishermen in Hokkaido report record catch of spring herring"
    # ref=rss is not a tracking parameter we strip; the article page's canonical link decides later.
    assert first.link == "https://www.asahi.com/ajw/articles/15654321?ref=rss"
    assert first.published == datetime(2025, 3, 1, 5, 50, tzinfo=UTC)  # dc:date 14:50+09:00
    assert (
        first.summary
        == "Ports along the Sea of Japan coast were busy as boats returned full for a third day."
    )
    assert second.summary == ""
    assert second.published == datetime(2025, 3, 1, 2, 5, tzinfo=UTC)


def test_japan_today_enclosure_beats_thumbnail():
    feed = parse("japan-today.rss", kind="rss", url="https://japantoday.com/feed")
    first, second = feed.entries
    assert (
        first.summary
        == "The Tokyo metropolitan government will drop the income cap from April, officials said."
    )
    assert first.author == "Kyodo"
    assert first.published == datetime(2025, 2, 28, 21, 25, tzinfo=UTC)
    assert first.image_url == "https://img.japantoday.com/uploads/photos/tokyo-school-tuition-l.jpg"
    assert second.image_url == "https://img.japantoday.com/uploads/photos/saitama-police-s.jpg"


def test_nikkei_asia_picks_the_widest_media_content():
    feed = parse("nikkei-asia.rss", kind="rss", url="https://asia.nikkei.com/rss/feed/nar")
    first, second = feed.entries
    assert first.title == "Toyota to build second EV battery plant in Fukuoka"
    assert first.guid == "nar-20250301-0001"
    assert first.image_url.endswith("toyota-fukuoka-1280.jpg")
    assert second.title == "Bank of Japan's Ueda says wage data supports gradual rate hikes"
    assert second.image_url == ""


def test_nhk_world_json():
    feed = parse("nhk-world.json", kind="json", url="https://www3.nhk.or.jp/nhkworld/data/en/news/all.json")
    assert [e.link for e in feed.entries] == [
        "https://www3.nhk.or.jp/nhkworld/en/news/20250301_11/",
        "https://www3.nhk.or.jp/nhkworld/en/news/20250301_08/",  # no "link": built from the id
        "https://www3.nhk.or.jp/nhkworld/en/news/20250301_03/",
    ]
    first, _, third = feed.entries
    assert first.title == "Japan's population of children falls for 44th straight year"
    assert first.guid == "20250301_11"
    assert first.published == datetime(2025, 3, 1, 7, 50, tzinfo=UTC)  # pubDate in epoch ms
    assert first.image_url == "https://www3.nhk.or.jp/nhkworld/upld/thumbnails/en/news/20250301_11_l.jpg"
    assert first.summary.startswith("Government figures show")
    assert third.image_url == ""  # empty thumbnail paths


def test_kyodo_google_news_sitemap_newest_first():
    feed = parse(
        "kyodo-news-sitemap.xml", kind="sitemap", url="https://english.kyodonews.net/sitemap/news.xml"
    )
    assert [e.title for e in feed.entries] == [
        "Yen weakens past 150 per dollar & exporters rally",
        "Japan to host ASEAN defense talks in May",
        "Ski resorts in Nagano see record foreign visitors",
    ]
    yen, asean, ski = feed.entries
    assert yen.published == datetime(2025, 3, 1, 4, 40, tzinfo=UTC)
    assert asean.image_url == "https://english.kyodonews.net/images/2025/03/a1b2c3d4e5f6-l.jpg"
    assert asean.guid == asean.link
    assert ski.published == datetime(2025, 2, 28, 20, 0, tzinfo=UTC)  # from lastmod
    assert all(e.summary == "" and e.author == "" for e in feed.entries)


def test_soranews24_atom():
    feed = parse("soranews24.atom", kind="atom", url="https://soranews24.com/feed/atom/")
    assert feed.title == "SoraNews24 -Japan News-"
    first, second = feed.entries
    assert first.title == "We try the new sakura latte at Starbucks Japan — is it worth it?"
    # utm_* stripped from the alternate link.
    assert first.link == "https://soranews24.com/2025/03/01/we-try-the-new-sakura-latte/"
    assert first.guid == "https://soranews24.com/?p=1234567"
    assert first.published == datetime(2025, 3, 1, 4, 30, tzinfo=UTC)
    assert first.author == "Koichi Mizuno"
    # "Read More" link dropped; the image comes from the content, resolved against its xml:base.
    assert first.summary == "Spring has arrived early in the coffee shop…"
    assert (
        first.image_url
        == "https://soranews24.com/wp-content/uploads/sites/3/2025/03/sakura-latte-top.jpg?w=640"
    )
    # WordPress's "The post … appeared first on …" line is not part of the summary.
    assert second.summary == "Robots restock drinks overnight at ten trial branches."
