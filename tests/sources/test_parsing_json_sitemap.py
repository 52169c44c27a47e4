"""The two adapters that are not feedparser: NHK World JSON and Google News sitemaps."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from kabar.sources.parsing import parse_feed

NOW = datetime(2025, 3, 2, tzinfo=UTC)
NHK = "https://www3.nhk.or.jp/nhkworld/data/en/news/all.json"
SITEMAP = "https://news.example.jp/sitemap-news.xml"


def nhk(items, *, wrap=True):
    document = {"data": items} if wrap else items
    return parse_feed(json.dumps(document).encode(), kind="json", url=NHK, now=NOW)


def sitemap(urls: str, *, root_attrs: str = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'):
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><urlset {root_attrs} '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" '
        'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">'
        f"{urls}</urlset>"
    ).encode()
    return parse_feed(content, kind="sitemap", url=SITEMAP, now=NOW)


# NHK World JSON


def test_nhk_link_is_built_from_the_id_when_missing():
    feed = nhk([{"id": "20250301_11", "title": "T"}])
    assert feed.entries[0].link == "https://www3.nhk.or.jp/nhkworld/en/news/20250301_11/"


def test_nhk_absolute_link_is_used_as_given():
    feed = nhk([{"id": "1", "title": "T", "link": "https://www3.nhk.or.jp/news/x/?utm_source=a"}])
    assert feed.entries[0].link == "https://www3.nhk.or.jp/news/x/"


def test_nhk_unsafe_id_gives_no_link():
    feed = nhk([{"id": "../../admin", "title": "T"}, {"id": "ok_1", "title": "T"}])
    assert [e.guid for e in feed.entries] == ["ok_1"]
    assert feed.dropped == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1740815400000", datetime(2025, 3, 1, 7, 50, tzinfo=UTC)),
        (1740815400000, datetime(2025, 3, 1, 7, 50, tzinfo=UTC)),
        ("1740815400", datetime(2025, 3, 1, 7, 50, tzinfo=UTC)),  # seconds
        ("2025-03-01T16:50:00+09:00", datetime(2025, 3, 1, 7, 50, tzinfo=UTC)),
        ("Sat, 01 Mar 2025 07:50:00 GMT", datetime(2025, 3, 1, 7, 50, tzinfo=UTC)),
        ("", None),
        ("soon", None),
        ("1e400", None),
        ("NaN", None),
        (None, None),
        (True, None),
        ({"ms": 1}, None),
    ],
)
def test_nhk_pubdate_forms(value, expected):
    feed = nhk([{"id": "a1", "title": "T", "pubDate": value}])
    assert feed.entries[0].published == expected


def test_nhk_thumbnail_largest_first_and_relative_to_the_site():
    feed = nhk([{"id": "a1", "thumbnails": {"small": "/s.jpg", "middle": "/m.jpg"}}])
    assert feed.entries[0].image_url == "https://www3.nhk.or.jp/m.jpg"


def test_nhk_values_of_the_wrong_type_are_ignored():
    items = [
        "not an object",
        None,
        {"id": 42, "title": ["list"], "description": {"x": 1}, "thumbnails": "none", "categories": None},
    ]
    feed = nhk(items)
    assert feed.error is None
    (entry,) = feed.entries
    assert entry.link == "https://www3.nhk.or.jp/nhkworld/en/news/42/"
    assert entry.title == ""
    assert entry.summary == ""


def test_nhk_html_and_entities_in_text_become_plain_text():
    feed = nhk([{"id": "a1", "title": "Science &amp; Culture", "description": "<p>One</p><p>Two</p>"}])
    assert feed.entries[0].title == "Science & Culture"
    assert feed.entries[0].summary == "One\n\nTwo"


def test_nhk_top_level_list_is_accepted():
    assert len(nhk([{"id": "a1"}], wrap=False).entries) == 1


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b'{"data": {"id": 1}}', 'unexpected JSON: no "data" list of news items (NHK World news shape)'),
        (b'"just a string"', 'unexpected JSON: no "data" list of news items (NHK World news shape)'),
        (b'{"data": [', "invalid JSON: Expecting value: line 1 column 11 (char 10)"),
        (b"[" * 100_000 + b"]" * 100_000, "invalid JSON: nested too deeply"),
    ],
)
def test_nhk_errors(content, error):
    feed = parse_feed(content, kind="json", url=NHK, now=NOW)
    assert feed.entries == []
    assert feed.error == error


def test_nhk_empty_data_list_is_not_an_error():
    feed = nhk([])
    assert feed.error is None
    assert feed.entries == []


# Google News sitemap


def test_sitemap_news_fields():
    feed = sitemap(
        "<url><loc>https://news.example.jp/a/1?utm_medium=x</loc>"
        "<news:news><news:publication><news:name>Ex</news:name><news:language>en</news:language>"
        "</news:publication><news:publication_date>2025-03-01</news:publication_date>"
        "<news:title>Title &amp; more &lt;b&gt;</news:title></news:news>"
        "<image:image><image:loc>/img/1.jpg</image:loc></image:image>"
        "<image:image><image:loc>/img/2.jpg</image:loc></image:image></url>"
    )
    (entry,) = feed.entries
    assert entry.link == "https://news.example.jp/a/1"
    assert entry.title == "Title & more"
    assert entry.published == datetime(2025, 3, 1, tzinfo=UTC)  # a date alone is midnight UTC
    assert entry.image_url == "https://news.example.jp/img/1.jpg"


def test_plain_sitemap_without_news_tags_or_namespace():
    feed = sitemap(
        "<url><loc>https://news.example.jp/a/1</loc><lastmod>2025-03-01T10:00Z</lastmod></url>"
        "<url><loc> https://news.example.jp/a/2 </loc></url><url><lastmod>2025-01-01</lastmod></url>",
        root_attrs="",
    )
    assert [e.link for e in feed.entries] == ["https://news.example.jp/a/1", "https://news.example.jp/a/2"]
    assert feed.entries[0].published == datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
    assert feed.entries[1].published is None
    assert feed.dropped == 1


def test_sitemap_keeps_the_500_newest():
    urls = "".join(
        f"<url><loc>https://news.example.jp/a/{n}</loc><lastmod>{datetime.fromtimestamp(1.7e9 + n * 60, UTC).isoformat()}"
        "</lastmod></url>"
        for n in range(700)
    )
    feed = sitemap(urls)
    assert len(feed.entries) == 500
    assert feed.entries[0].link == "https://news.example.jp/a/699"
    assert feed.entries[-1].link == "https://news.example.jp/a/200"


def test_sitemap_bad_dates_are_none():
    feed = sitemap(
        "<url><loc>https://news.example.jp/a/1</loc><lastmod>yesterday</lastmod></url>"
        "<url><loc>https://news.example.jp/a/2</loc><lastmod>0001-01-01T00:00:00+14:00</lastmod></url>"
    )
    assert [e.published for e in feed.entries] == [None, None]


def test_sitemap_with_a_broken_tail_keeps_what_parsed():
    content = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://news.example.jp/a/1</loc>'
        b"</url><url><loc>https://news.exa"
    )
    feed = parse_feed(content, kind="sitemap", url=SITEMAP, now=NOW)
    assert feed.error is None
    assert feed.entries[0].link == "https://news.example.jp/a/1"
