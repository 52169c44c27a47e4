"""Say what a body is when it is not the expected format, so that a feed's error is one clear line."""

from __future__ import annotations

import re

_HEAD_BYTES = 4096
# Prologue that may come before the root element: BOM, whitespace, XML declaration, comments,
# processing instructions and a doctype.
_PROLOGUE = re.compile(r"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!doctype\s[^>]*>)*", re.IGNORECASE | re.DOTALL)
_ROOT = re.compile(r"<([a-z][\w.-]*:)?([a-z][\w.-]*)", re.IGNORECASE)
_FEED_ROOTS = {"rss", "feed", "rdf", "channel"}
_SITEMAP_ROOTS = {"urlset", "sitemapindex"}


def _head_text(content: bytes) -> str:
    head = content[:_HEAD_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", "ignore").lstrip("\ufeff")
    # Lone NULs are UTF-16/32 without a BOM, or binary; dropping them is enough for a guess.
    return head.replace(b"\x00", b"").decode("utf-8", "ignore").lstrip("\ufeff")


def sniff(content: bytes) -> str:
    """One of "empty", "html", "json", "feed", "sitemap", "sitemapindex", "xml", "other"."""
    text = _head_text(content)
    if not text.strip():
        return "empty"
    if text.lstrip()[:1] in ("{", "["):
        return "json"
    if re.match(r"\s*<!doctype\s+html", text, re.IGNORECASE):
        return "html"
    body = text[_PROLOGUE.match(text).end() :]
    root = _ROOT.match(body)
    if not root:
        return "other"
    name = root.group(2).lower()
    if name in _FEED_ROOTS:
        return "feed"
    if name in _SITEMAP_ROOTS:
        return "sitemap" if name == "urlset" else "sitemapindex"
    if name in ("html", "head", "body"):
        return "html"
    return "xml"


_LABELS = {"feed": "feed", "json": "JSON feed", "sitemap": "sitemap"}
_FOUND = {
    "html": "looks like an HTML page",
    "json": "looks like JSON; is the feed kind json?",
    "feed": "looks like an RSS/Atom feed; is the feed kind rss?",
    "sitemap": "looks like a sitemap; is the feed kind sitemap?",
    "other": "neither XML nor JSON",
}
_UNEXPECTED_XML = {
    "feed": "XML without an RSS, Atom or RDF root element",
    "json": "looks like XML; is the feed kind right?",
    "sitemap": "XML without a urlset root element",
}


def mismatch(expected: str, content: bytes) -> str:
    """The error for a body that is not the ``expected`` format ("feed", "json" or "sitemap")."""
    found = sniff(content)
    if found == "empty":
        return "empty response"
    if found == "sitemapindex":
        return "a sitemap index, not a feed: point the feed at one of the sitemaps it lists"
    if found == expected:
        return f"not a usable {_LABELS[expected]}"
    reason = _UNEXPECTED_XML[expected] if found == "xml" else _FOUND[found]
    return f"not a {_LABELS[expected]} ({reason})"
