"""From feed entry + extracted page to the stored article (kabar/sources/entries.py, pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kabar.articles.models import LIMITS
from kabar.sources.entries import article_from, article_url, entry_guid, entry_text
from kabar.sources.extraction import Extracted
from kabar.sources.parsing import Entry

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
LINK = "https://www.example.jp/news/1.html"


def entry(**fields) -> Entry:
    values = {
        "title": "Typhoon nears Okinawa",
        "link": LINK,
        "guid": "",
        "published": NOW - timedelta(hours=2),
        "summary": "A strong typhoon is approaching.",
        "author": "",
        "image_url": "",
    }
    values.update(fields)
    return Entry(**values)


def extracted(words: int = 60, **fields) -> Extracted:
    values = {
        "title": "Typhoon nears Okinawa - Example News",
        "author": "Taro Yamada",
        "published": NOW - timedelta(hours=3),
        "paragraphs": [" ".join(["word"] * (words // 2)), " ".join(["text"] * (words - words // 2))],
        "image_url": "https://img.example.jp/typhoon.jpg",
        "image_caption": "The typhoon seen from space",
        "image_credit": "JMA",
        "canonical_url": "",
    }
    values.update(fields)
    return Extracted(**values)


def build(e: Entry, x: Extracted | None, **kwargs):
    options = {"url": e.link, "source_id": 7, "language": "en", "now": NOW}
    options.update(kwargs)
    return article_from(e, extracted=x, **options)


@pytest.mark.parametrize(
    ("claimed", "expected"),
    [
        ("", LINK),
        ("https://www.example.jp/news/1?utm_source=rss&utm_medium=x#top", "https://www.example.jp/news/1"),
        ("https://example.jp/news/1", "https://example.jp/news/1"),  # www. or not: the same site
        ("/news/one", "https://www.example.jp/news/one"),  # relative to the page
        ("https://other.example.com/news/1", LINK),  # another site: refused
        ("https://evil.example.jp.attacker.net/x", LINK),
        ("javascript:alert(1)", LINK),
        ("https://www.example.jp/" + "x" * LIMITS["url"], LINK),  # too long to store
    ],
)
def test_article_url(claimed, expected):
    assert article_url(LINK, claimed=claimed, page_url=LINK) == expected


def test_article_url_without_a_usable_link():
    assert article_url("ftp://example.jp/x", claimed="", page_url="") is None


def test_full_article():
    item = build(entry(), extracted(60))
    assert not item.summary_only
    assert item.body == "\n\n".join(extracted(60).paragraphs)
    assert item.title == "Typhoon nears Okinawa"  # the feed's title, not the page's
    assert item.summary == "A strong typhoon is approaching."
    assert item.published_at == NOW - timedelta(hours=2)  # the feed's date first
    assert item.author == "Taro Yamada"
    assert item.image_url == "https://img.example.jp/typhoon.jpg"
    assert item.image_caption == "The typhoon seen from space (JMA)"
    assert item.guid == LINK and item.source_id == 7 and item.language == "en"


def test_fewer_than_40_words_is_summary_only():
    assert build(entry(), extracted(39)).summary_only
    assert build(entry(), extracted(39)).body == ""
    assert not build(entry(), extracted(40)).summary_only
    nothing = build(entry(), None)
    assert (
        nothing.summary_only and nothing.body == "" and nothing.summary == "A strong typhoon is approaching."
    )


def test_titles_fall_back_to_the_page():
    assert build(entry(title=""), extracted()).title == "Typhoon nears Okinawa - Example News"
    assert build(entry(title=""), None) is None


def test_dates_fall_back_and_never_lie_in_the_future():
    assert build(entry(published=None), extracted()).published_at == NOW - timedelta(hours=3)
    assert build(entry(published=None), None).published_at == NOW
    known = NOW - timedelta(days=3)
    assert build(entry(published=None), None, known_published=known).published_at == known
    naive = datetime(2026, 2, 1, 8, 0)
    assert build(entry(published=None), extracted(published=naive)).published_at == naive.replace(tzinfo=UTC)
    assert build(entry(published=NOW + timedelta(days=2)), None).published_at == NOW


def test_images():
    feed_image = entry(image_url="https://img.example.jp/from-feed.jpg")
    assert build(feed_image, extracted()).image_url == "https://img.example.jp/typhoon.jpg"
    item = build(feed_image, extracted(image_url=""))
    assert (item.image_url, item.image_caption) == ("https://img.example.jp/from-feed.jpg", "")
    assert build(entry(), extracted(image_url="data:image/png;base64,AAAA")).image_url == ""
    assert build(entry(), extracted(image_caption="", image_credit="Kyodo")).image_caption == "Kyodo"
    same = extracted(image_caption="Rain in Naha (Kyodo)", image_credit="Kyodo")
    assert build(entry(), same).image_caption == "Rain in Naha (Kyodo)"


def test_body_keeps_whole_paragraphs_within_the_limit():
    paragraph = "word " * 20_000  # 100,000 characters
    item = build(entry(), extracted(paragraphs=[paragraph, paragraph, paragraph]))
    assert len(item.body) <= LIMITS["body"]
    assert item.body == paragraph.strip()


def test_author_and_guid():
    assert build(entry(author="Feed Author"), extracted()).author == "Feed Author"
    assert entry_guid(entry(guid="urn:example:1")) == "urn:example:1"
    assert entry_guid(entry(guid="")) == LINK


def test_entry_text_is_what_is_stored():
    title, summary = entry_text(entry(title="  Padded  ", summary="s" * (LIMITS["summary"] + 10)))
    assert title == "Padded" and len(summary) <= LIMITS["summary"]
