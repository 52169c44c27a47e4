"""Ill-formed and wrong bodies: entries when any are usable, otherwise one clear per-feed error."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from kabar.sources.parsing import parse_feed

NOW = datetime(2025, 3, 2, tzinfo=UTC)
URL = "https://news.example.jp/feed"

HTML_PAGE = (
    b"<!DOCTYPE html>\n<html lang=en><head><title>News</title></head>"
    b'<body><h1>Latest</h1><a href="/a/1">Story</a></body></html>'
)
RSS_ONE = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
    b"<item><title>One</title><link>https://a.jp/1</link></item>"
)


def parse(content: bytes, kind: str = "rss"):
    return parse_feed(content, kind=kind, url=URL, now=NOW)


@pytest.mark.parametrize(
    ("content", "kind", "error"),
    [
        (HTML_PAGE, "rss", "not a feed (looks like an HTML page)"),
        (b"<html><body>Maintenance</body></html>", "atom", "not a feed (looks like an HTML page)"),
        (HTML_PAGE, "json", "not a JSON feed (looks like an HTML page)"),
        (HTML_PAGE, "sitemap", "not a sitemap (looks like an HTML page)"),
        (b"", "rss", "empty response"),
        (b"  \n ", "json", "empty response"),
        (b"", "sitemap", "empty response"),
        (b'{"data": []}', "rss", "not a feed (looks like JSON; is the feed kind json?)"),
        (
            b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.jp/</loc></url></urlset>',
            "rss",
            "not a feed (looks like a sitemap; is the feed kind sitemap?)",
        ),
        (
            b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://a.jp/s.xml'
            b"</loc></sitemap></sitemapindex>",
            "sitemap",
            "a sitemap index, not a feed: point the feed at one of the sitemaps it lists",
        ),
        (
            RSS_ONE + b"</channel></rss>",
            "sitemap",
            "not a sitemap (looks like an RSS/Atom feed; is the feed kind rss?)",
        ),
        (
            RSS_ONE + b"</channel></rss>",
            "json",
            "not a JSON feed (looks like an RSS/Atom feed; is the feed kind rss?)",
        ),
        (
            b'<?xml version="1.0"?><catalog><book/></catalog>',
            "rss",
            "not a feed (XML without an RSS, Atom or RDF root element)",
        ),
        (
            b'<?xml version="1.0"?><catalog><book/></catalog>',
            "sitemap",
            "not a sitemap (XML without a urlset root element)",
        ),
        (b"Service Unavailable", "rss", "not a feed (neither XML nor JSON)"),
        (bytes(range(256)), "rss", "not a feed (neither XML nor JSON)"),
        (bytes(range(256)), "sitemap", "not a sitemap (neither XML nor JSON)"),
    ],
)
def test_not_a_feed_is_one_clear_error(content, kind, error):
    feed = parse(content, kind)
    assert feed.entries == []
    assert feed.error == error


def test_xml_error_names_the_line():
    feed = parse(b'<?xml version="1.0"?>\n<rss version="2.0">\n<channel><title>T</tit')
    assert feed.entries == []
    assert feed.error == "XML error at line 3: unclosed token"


def test_broken_after_the_first_entries_still_yields_them():
    feed = parse(RSS_ONE + b"<item><title>Two</title><link>https://a.jp/2</link></item><item><tit")
    assert feed.error is None
    assert [e.link for e in feed.entries] == ["https://a.jp/1", "https://a.jp/2"]


def test_undefined_entity_and_bad_ampersands_still_yield_entries():
    content = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>Tom &nbsp; &amp Jerry &copy;</title>'
        b"<link>https://a.jp/1?a=1&b=2</link></item></channel></rss>"
    )
    feed = parse(content)
    assert feed.error is None
    (entry,) = feed.entries
    assert entry.link == "https://a.jp/1?a=1&b=2"
    assert "Tom" in entry.title and "Jerry" in entry.title


def test_a_valid_feed_with_no_items_is_not_an_error():
    feed = parse(b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>')
    assert feed.error is None
    assert feed.entries == []
    assert feed.title == "Quiet"


def test_wrong_content_type_header_does_not_matter():
    feed = parse_feed(
        RSS_ONE + b"</channel></rss>", kind="rss", url=URL, headers={"content-type": "text/html"}
    )
    assert feed.error is None
    assert len(feed.entries) == 1


def test_external_entities_are_never_read():
    for kind, body in [
        (
            "rss",
            b"<rss version='2.0'><channel><item><title>&xxe;</title><link>https://a.jp/1</link></item></channel></rss>",
        ),
        (
            "sitemap",
            b"<urlset><url><loc>https://a.jp/1</loc><news:news xmlns:news='n'><news:title>&xxe;"
            b"</news:title></news:news></url></urlset>",
        ),
    ]:
        content = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + body
        feed = parse(content, kind)
        assert "root:" not in repr(feed)


@pytest.mark.parametrize("kind", ["rss", "sitemap"])
def test_entity_expansion_bomb_is_cheap(kind):
    entities = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    root = (
        "<rss version='2.0'><channel><item><title>&a9;</title><link>https://a.jp/1</link></item></channel></rss>"
        if kind == "rss"
        else "<urlset><url><loc>https://a.jp/1</loc><news:news xmlns:news='n'><news:title>&a9;"
        "</news:title></news:news></url></urlset>"
    )
    content = f'<?xml version="1.0"?><!DOCTYPE x [{entities}]>{root}'.encode()
    started = time.monotonic()
    feed = parse(content, kind)
    assert time.monotonic() - started < 10
    assert all(len(e.title) < 1000 for e in feed.entries)


@pytest.mark.parametrize(
    "content",
    [
        # Python's SAX reader splits namespaced names on any whitespace, U+0085 included.
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" '
        b'xmlns:dc="http://purl.org/dc/elements\x851.1/"><item><title>T</title><link>https://a.jp/1</link>'
        b"<dc:date>2025-03-01T10:00+09:00</dc:date></item></rdf:RDF>",
        # feedparser decodes the declared encoding name as UTF-8.
        b'<?xml version="1.0" encoding="\xca\xfe"?><rss version="2.0"><channel><item><title>T</title>'
        b"<link>https://a.jp/1</link></item></channel></rss>",
    ],
    ids=["namespace-with-nel", "undecodable-encoding-name"],
)
def test_feedparser_crash_bugs_become_one_error(content, caplog):
    feed = parse(content, "rdf")
    assert feed.entries == []
    assert feed.error.startswith("feed could not be read (feedparser failed: ")
    assert all(record.levelname == "WARNING" for record in caplog.records)


@pytest.mark.parametrize(
    ("element", "text"),
    [
        # feedparser's author e-mail regex is quadratic (kurtmckee/feedparser#562).
        ("author", "a@" + "a." * 100_000 + "!"),
        ("dc:creator", "x" * 200_000),
        # feedparser's sanitiser is quadratic on unclosed comments; it is off, nh3 does the work.
        ("description", "&lt;!--" * 50_000),
    ],
    ids=["author-email-regex", "long-creator", "unclosed-comments"],
)
def test_known_quadratic_inputs_stay_fast(element, text):
    content = (
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><item>'
        f"<title>T</title><link>https://a.jp/1</link><{element}>{text}</{element}></item></channel></rss>"
    ).encode()
    started = time.monotonic()
    feed = parse(content)
    assert time.monotonic() - started < 5
    assert feed.error is None
    assert len(feed.entries[0].author) <= 300
