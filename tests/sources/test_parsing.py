"""parse_feed policies shared by every format: links, dates, images, text, limits, charsets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kabar.articles.models import LIMITS
from kabar.sources.parsing import MAX_ENTRIES, parse_feed

NOW = datetime(2025, 3, 2, 12, 0, tzinfo=UTC)
FEED_URL = "https://news.example.jp/feeds/latest.rss"


def rss(items: str, *, channel: str = "", encoding: str | None = None) -> bytes:
    declaration = f'<?xml version="1.0" encoding="{encoding}"?>' if encoding else '<?xml version="1.0"?>'
    return (
        f'{declaration}<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">'
        f"<channel><title>Example</title>{channel}{items}</channel></rss>"
    ).encode(encoding or "utf-8")


def item(body: str = "", *, link: str = "https://news.example.jp/a/1") -> str:
    link_tag = f"<link>{link}</link>" if link is not None else ""
    return f"<item><title>Title</title>{link_tag}{body}</item>"


def parse(content: bytes, **kwargs):
    kwargs.setdefault("kind", "rss")
    kwargs.setdefault("url", FEED_URL)
    kwargs.setdefault("now", NOW)
    return parse_feed(content, **kwargs)


def one(content: bytes, **kwargs):
    feed = parse(content, **kwargs)
    assert feed.error is None, feed.error
    assert len(feed.entries) == 1, feed.entries
    return feed.entries[0]


# Links


def test_relative_link_resolves_against_the_feed_url():
    assert one(rss(item(link="/a/2?utm_source=rss#top"))).link == "https://news.example.jp/a/2"


def test_entries_without_a_usable_link_are_dropped_and_counted():
    items = item(link="javascript:alert(1)") + item(link="") + item(link="mailto:x@y.jp") + item()
    feed = parse(rss(items))
    assert [e.link for e in feed.entries] == ["https://news.example.jp/a/1"]
    assert feed.dropped == 3


def test_a_feed_where_no_entry_has_a_link_is_one_error():
    feed = parse(rss(item(link=None) + item(link="ftp://x.jp/1")))
    assert feed.entries == []
    assert feed.error == "no entry has a usable http(s) link"


def test_repeated_links_are_kept_once():
    feed = parse(rss(item() + item(link="https://NEWS.example.jp/a/1#again")))
    assert len(feed.entries) == 1
    assert feed.dropped == 1


def test_link_longer_than_the_database_allows_is_dropped():
    feed = parse(rss(item(link="https://news.example.jp/" + "a" * LIMITS["url"])))
    assert feed.entries == []


def test_feedburner_original_link_is_preferred():
    body = "<feedburner:origLink>https://news.example.jp/real/9</feedburner:origLink>"
    assert one(rss(item(body, link="https://feedproxy.google.com/~r/x/~3/abc/"))).link == (
        "https://news.example.jp/real/9"
    )


def test_guid_falls_back_to_the_link_and_is_kept_when_present():
    assert one(rss(item())).guid == "https://news.example.jp/a/1"
    assert one(rss(item('<guid isPermaLink="false">nar-123</guid>'))).guid == "nar-123"


def test_long_guid_is_cut_to_the_limit():
    entry = one(rss(item(f'<guid isPermaLink="false">{"g" * 2000}</guid>')))
    assert len(entry.guid) == LIMITS["guid"]


# Dates


def test_published_is_aware_utc():
    entry = one(rss(item("<pubDate>Sun, 02 Mar 2025 09:00:00 +0900</pubDate>")))
    assert entry.published == datetime(2025, 3, 2, 0, 0, tzinfo=UTC)
    assert entry.published.utcoffset() == timedelta(0)


def test_updated_is_used_when_published_is_missing():
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><title>T</title>'
        b'<link href="https://news.example.jp/a/1"/><id>x</id><updated>2025-03-01T10:00:00+09:00</updated>'
        b"</entry></feed>"
    )
    assert one(atom, kind="atom").published == datetime(2025, 3, 1, 1, 0, tzinfo=UTC)


def test_missing_or_unparseable_date_is_none():
    assert one(rss(item())).published is None
    assert one(rss(item("<pubDate>sometime last week</pubDate>"))).published is None


def test_date_slightly_in_the_future_is_clamped_to_now():
    # A JST time labelled as UTC is nine hours ahead.
    entry = one(rss(item("<pubDate>Sun, 02 Mar 2025 21:00:00 +0000</pubDate>")))
    assert entry.published == NOW


def test_date_more_than_a_day_ahead_is_dropped():
    entry = one(rss(item("<pubDate>Tue, 04 Mar 2025 12:00:00 +0000</pubDate>")))
    assert entry.published is None
    assert one(rss(item("<pubDate>Fri, 01 Jan 2100 00:00:00 +0000</pubDate>"))).published is None


def test_date_before_1970_is_dropped():
    assert one(rss(item("<pubDate>Mon, 01 Jan 1900 00:00:00 +0000</pubDate>"))).published is None


def test_now_defaults_to_the_current_time():
    entry = parse_feed(
        rss(item("<pubDate>Tue, 04 Mar 2025 12:00:00 +0000</pubDate>")), kind="rss", url=FEED_URL
    )
    assert entry.entries[0].published == datetime(2025, 3, 4, 12, 0, tzinfo=UTC)


# Images


def test_media_content_image_by_medium_or_type():
    by_medium = item('<media:content url="https://img.example.jp/a.jpg" medium="image"/>')
    by_type = item('<media:content url="https://img.example.jp/b.jpg" type="image/jpeg"/>')
    assert one(rss(by_medium)).image_url == "https://img.example.jp/a.jpg"
    assert one(rss(by_type)).image_url == "https://img.example.jp/b.jpg"


def test_video_media_content_and_audio_enclosure_are_not_images():
    body = (
        '<media:content url="https://v.example.jp/clip.mp4" medium="video" width="1920"/>'
        '<enclosure url="https://v.example.jp/pod.mp3" type="audio/mpeg" length="1"/>'
        '<media:thumbnail url="https://img.example.jp/thumb.jpg"/>'
    )
    assert one(rss(item(body))).image_url == "https://img.example.jp/thumb.jpg"


def test_largest_thumbnail_wins_when_widths_are_given():
    body = (
        '<media:thumbnail url="https://img.example.jp/s.jpg" width="150"/>'
        '<media:thumbnail url="https://img.example.jp/l.jpg" width="800"/>'
        '<media:thumbnail url="https://img.example.jp/m.jpg" width="400"/>'
    )
    assert one(rss(item(body))).image_url == "https://img.example.jp/l.jpg"


def test_image_in_the_summary_html_is_the_last_resort():
    body = '<description>&lt;p&gt;&lt;img src="/img/inline.png"&gt; Text&lt;/p&gt;</description>'
    entry = one(rss(item(body)))
    assert entry.image_url == "https://news.example.jp/img/inline.png"
    assert entry.summary == "Text"


def test_inline_image_resolves_against_the_content_xml_base():
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><title>T</title>'
        b'<link href="https://blog.example.jp/p/1"/><id>x</id>'
        b'<content type="html" xml:base="https://cdn.example.jp/p/1/">&lt;p&gt;&lt;img src="lead.jpg"&gt;'
        b"Body&lt;/p&gt;</content></entry></feed>"
    )
    entry = one(atom, kind="atom")
    assert entry.image_url == "https://cdn.example.jp/p/1/lead.jpg"
    assert entry.summary == "Body"


def test_unsafe_image_url_is_skipped_for_the_next_candidate():
    body = (
        '<media:content url="javascript:alert(1)" medium="image"/>'
        '<enclosure url="data:image/png;base64,AAAA" type="image/png"/>'
        '<media:thumbnail url="/thumbs/ok.jpg"/>'
    )
    assert one(rss(item(body))).image_url == "https://news.example.jp/thumbs/ok.jpg"


def test_no_image_is_an_empty_string():
    assert one(rss(item())).image_url == ""


# Text


def test_html_in_title_and_summary_becomes_plain_text():
    body = (
        "<description><![CDATA[<p>One &amp; <b>two</b>.</p><script>steal()</script>"
        "<p onclick='x()'>Three</p>]]></description><dc:creator>&lt;i&gt;Hanako&lt;/i&gt; Sato</dc:creator>"
    )
    entry = one(
        rss(
            f"<item><title>&lt;b&gt;Bold&lt;/b&gt; &amp;amp; news</title><link>https://a.jp/1</link>{body}</item>"
        )
    )
    assert entry.title == "Bold & news"
    assert entry.summary == "One & two.\n\nThree"
    assert entry.author == "Hanako Sato"


def test_title_is_a_single_line():
    entry = one(rss("<item><title>Line one\n\n  line two</title><link>https://a.jp/1</link></item>"))
    assert entry.title == "Line one line two"


def test_javascript_as_text_in_a_title_is_inert_and_kept():
    """Text fields are plain text rendered escaped, so the word is harmless there; URL fields,
    where it would matter, only ever hold http(s) URLs."""
    entry = one(rss("<item><title>Why javascript: URLs are risky</title><link>https://a.jp/1</link></item>"))
    assert entry.title == "Why javascript: URLs are risky"


def test_escaped_script_in_a_plain_text_title_is_removed():
    entry = one(
        rss(
            "<item><title>&lt;script&gt;alert(1)&lt;/script&gt;Hello</title><link>https://a.jp/1</link></item>"
        )
    )
    assert entry.title == "Hello"


def test_content_encoded_is_the_summary_when_there_is_no_description():
    body = "<content:encoded><![CDATA[<p>Full text.</p>]]></content:encoded>"
    channel_ns = rss(item(body)).replace(
        b"<rss ", b'<rss xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    )
    assert one(channel_ns).summary == "Full text."


# Limits


def test_at_most_500_entries_are_parsed_the_first_ones():
    items = "".join(item(link=f"https://a.jp/{n}") for n in range(MAX_ENTRIES + 100))
    feed = parse(rss(items))
    assert len(feed.entries) == MAX_ENTRIES == 500
    assert feed.entries[0].link == "https://a.jp/0"
    assert feed.entries[-1].link == "https://a.jp/499"
    assert feed.dropped == 100


def test_fields_are_cut_to_the_database_limits():
    long_title = "word " * 400
    body = f"<description>{'sentence ' * 2000}</description><author>{'n' * 1000}</author>"
    entry = one(rss(f"<item><title>{long_title}</title><link>https://a.jp/1</link>{body}</item>"))
    assert len(entry.title) <= LIMITS["title"]
    assert entry.title.endswith("…")
    assert len(entry.summary) <= LIMITS["summary"]
    assert len(entry.author) <= LIMITS["author"]


# Character sets


@pytest.mark.parametrize(
    ("text", "codec", "declared", "content_type"),
    [
        ("Café au lait", "iso-8859-1", None, "application/rss+xml; charset=ISO-8859-1"),
        ("東京のニュース", "shift_jis", None, "text/xml; charset=Shift_JIS"),
        ("東京のニュース", "shift_jis", "Shift_JIS", ""),
        ("大阪のニュース", "euc_jp", "EUC-JP", "application/xml"),
        # Header says UTF-8, the document says (and is) Shift_JIS.
        ("京都のニュース", "shift_jis", "Shift_JIS", "application/xml; charset=utf-8"),
        ("“Quotes” – dash", "cp1252", "windows-1252", ""),
        ("Café", "utf-16", "UTF-16", ""),
    ],
)
def test_charsets(text, codec, declared, content_type):
    declaration = f'<?xml version="1.0" encoding="{declared}"?>' if declared else ""
    body = f'{declaration}<rss version="2.0"><channel><item><title>{text}</title><link>https://a.jp/1</link></item></channel></rss>'
    headers = {"content-type": content_type} if content_type else {}
    assert one(body.encode(codec), headers=headers).title == text


def test_utf8_with_bom():
    body = b"\xef\xbb\xbf" + rss(item().replace("Title", "Caf\u00e9"))
    assert one(body, headers={"Content-Type": "application/rss+xml"}).title == "Café"


# Input that is not bytes of a feed


def test_str_content_and_missing_headers_are_accepted():
    assert one(rss(item()).decode(), headers=None).link == "https://news.example.jp/a/1"


def test_unknown_kind_is_an_error():
    feed = parse(rss(item()), kind="podcast")
    assert feed.entries == []
    assert feed.error.startswith("unknown feed kind 'podcast'")


def test_an_unexpected_exception_becomes_one_error(monkeypatch, caplog):
    from kabar.sources.adapters import feeds

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(feeds, "parse", explode)
    feed = parse(rss(item()))
    assert feed.entries == []
    assert feed.error == "could not parse the feed (RuntimeError)"
    assert "boom" in caplog.text
