"""Canonical article URLs: kabar.core.urls."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kabar.core.urls import canonical_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://mainichi.jp/english/articles/1", "https://mainichi.jp/english/articles/1"),
        ("HTTPS://Mainichi.JP/english/Articles/1", "https://mainichi.jp/english/Articles/1"),
        ("https://mainichi.jp", "https://mainichi.jp/"),
        ("https://mainichi.jp:443/a", "https://mainichi.jp/a"),
        ("http://mainichi.jp:80/a", "http://mainichi.jp/a"),
        ("http://mainichi.jp:8080/a", "http://mainichi.jp:8080/a"),
        ("https://mainichi.jp:80/a", "https://mainichi.jp:80/a"),
        ("https://mainichi.jp/a#section-2", "https://mainichi.jp/a"),
        ("https://user:secret@mainichi.jp/a", "https://mainichi.jp/a"),
        ("  https://mainichi.jp/a \n", "https://mainichi.jp/a"),
        ("https://main\nichi.jp/a\t/b", "https://mainichi.jp/a/b"),
        ("https://mainichi.jp/a/./b/../c", "https://mainichi.jp/a/c"),
        ("https://mainichi.jp/a/b/..", "https://mainichi.jp/a/"),
        ("https://mainichi.jp/../../a", "https://mainichi.jp/a"),
        ("https://mainichi.jp/a b", "https://mainichi.jp/a%20b"),
        ("https://mainichi.jp/a%20b?q=%2F", "https://mainichi.jp/a%20b?q=%2F"),
        ("https://例え.jp/ニュース", "https://xn--r8jz45g.jp/%E3%83%8B%E3%83%A5%E3%83%BC%E3%82%B9"),
        ("http://[2001:DB8::1]:80/x", "http://[2001:db8::1]/x"),
        ("http://127.0.0.1:8000/feed", "http://127.0.0.1:8000/feed"),
    ],
)
def test_canonical_spelling(url, expected):
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.jp/x?utm_source=rss&utm_medium=feed&utm_campaign=c", "https://a.jp/x"),
        ("https://a.jp/x?id=3&utm_source=rss&page=2", "https://a.jp/x?id=3&page=2"),
        ("https://a.jp/x?UTM_Source=rss&Utm_term=t&id=1", "https://a.jp/x?id=1"),
        ("https://a.jp/x?fbclid=IwAR0abc&gclid=Cj0K&keep=1", "https://a.jp/x?keep=1"),
        ("https://a.jp/x?b=2&a=1&c=3", "https://a.jp/x?b=2&a=1&c=3"),  # order kept
        ("https://a.jp/x?ref=rss", "https://a.jp/x?ref=rss"),
        ("https://a.jp/x?flag&utm_x=1", "https://a.jp/x?flag"),
        ("https://a.jp/x?&&utm_x=1&", "https://a.jp/x"),
        ("https://a.jp/x?q=東京", "https://a.jp/x?q=%E6%9D%B1%E4%BA%AC"),
        ("https://a.jp/x?utm_source=rss#top", "https://a.jp/x"),
        ("https://a.jp/x?notutm_source=1", "https://a.jp/x?notutm_source=1"),
    ],
)
def test_tracking_parameters_are_removed(url, expected):
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        (
            "/english/articles/1",
            "https://mainichi.jp/rss/etc/english.rss",
            "https://mainichi.jp/english/articles/1",
        ),
        ("article.html", "https://a.jp/feed/rss.xml", "https://a.jp/feed/article.html"),
        ("../up", "https://a.jp/x/y/z", "https://a.jp/x/up"),
        ("//cdn.a.jp/i.jpg", "https://a.jp/feed", "https://cdn.a.jp/i.jpg"),
        ("?page=2", "https://a.jp/list?page=1", "https://a.jp/list?page=2"),
        ("https://other.jp/x", "https://a.jp/feed", "https://other.jp/x"),
        (
            "/nhkworld/en/news/1/",
            "https://www3.nhk.or.jp/nhkworld/data/en/news/all.json",
            "https://www3.nhk.or.jp/nhkworld/en/news/1/",
        ),
    ],
)
def test_relative_urls_resolve_against_base(url, base, expected):
    assert canonical_url(url, base=base) == expected


@pytest.mark.parametrize(
    "url",
    [
        "",
        "   ",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "ftp://a.jp/x",
        "mailto:someone@a.jp",
        "file:///etc/passwd",
        "/relative/without/base",
        "http://",
        "http:///path",
        "http://a.jp:99999/",
        "http://a.jp:port/",
        "http://a<b>.jp/",
        "http://exa mple.jp/",
        "http://a..jp/",
        "http://[::1/",
    ],
)
def test_non_http_or_broken_urls_raise_value_error(url):
    with pytest.raises(ValueError):
        canonical_url(url)


def test_javascript_url_stays_rejected_even_with_a_base():
    with pytest.raises(ValueError):
        canonical_url("javascript:alert(1)", base="https://a.jp/feed")


def test_canonical_url_is_idempotent_on_examples():
    for url in ["https://A.jp:443/a/../b c?utm_x=1&k=v#f", "http://例え.jp/パス?q=語"]:
        once = canonical_url(url)
        assert canonical_url(once) == once


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(st.text(max_size=200))
def test_canonical_url_is_total_and_idempotent(text):
    """Any string either raises ValueError or gives an http(s) URL that is its own canonical form."""
    for candidate in (text, "https://a.jp/" + text, "http://" + text):
        try:
            url = canonical_url(candidate)
        except ValueError:
            continue
        assert url.startswith(("http://", "https://"))
        assert "#" not in url
        assert canonical_url(url) == url
