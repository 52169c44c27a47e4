"""Plain text from untrusted sources. Nothing a source sends is ever stored or shown as HTML:
titles, summaries and bodies go through these functions and are rendered escaped."""

from __future__ import annotations

import html
import re
import unicodedata

import nh3

# Block elements end a paragraph; <br> ends a line (two in a row end a paragraph).
_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tr",
        "ul",
    }
)
_CELL_TAGS = frozenset({"td", "th"})
# Their content is code or fallback markup, never article text.
_DROP_CONTENT_TAGS = {"script", "style", "template", "noscript", "iframe", "object", "svg", "math"}

# Only structural tags survive, with no attributes; the serialised result is then trivial to map to
# text because every remaining "<" starts one of these tags (text "<" comes out as "&lt;").
_CLEANER = nh3.Cleaner(
    tags=set(_BLOCK_TAGS | _CELL_TAGS | {"br"}),
    attributes={"*": set()},  # "*" also clears ammonia's default generic attributes (lang, title)
    clean_content_tags=_DROP_CONTENT_TAGS,
    strip_comments=True,
    link_rel=None,
)
_TAG = re.compile(r"<(/?)([a-z0-9]+)\b[^>]*>")
# CDATA markers are dropped and the content kept (markers only, so that unclosed ones cost no
# backtracking).
_CDATA_MARKERS = re.compile(r"<!\[CDATA\[|\]\]>")
# Text that still looks like markup after one pass: the source escaped its HTML twice.
_LOOKS_LIKE_TAG = re.compile(r"<(?:/?[A-Za-z]|[!?])")
_RESIDUAL_TAG = re.compile(r"<(?:/?[A-Za-z]|[!?])[^<>]*>?")
_MAX_PASSES = 3

# Control characters (except tab and newline), lone surrogates (they cannot be stored as UTF-8),
# noncharacters, and zero-width or bidirectional-override characters, which are invisible and can
# spoof text (https://trojansource.codes/). ZWJ/ZWNJ (U+200C/D) stay: emoji and some scripts need them.
_DROPPED = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\u00ad\u180e\u200b\u200e\u200f\u2060\ufeff\u202a-\u202e\u2066-\u2069]"
    + "|["
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
    + "]"
)
_LINE_BREAKS = str.maketrans(
    {"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n\n"}
)
_SPACES = re.compile(r"[^\S\n]+")
_PARAGRAPH_BREAK = re.compile(r"\n{2,}")


def clean_text(s: str) -> str:
    """Decode entities, drop control and invisible characters, normalise whitespace and Unicode (NFC).

    Line breaks survive: a single newline stays a newline, two or more become one blank line, which
    separates paragraphs.
    """
    if not s:
        return ""
    return _tidy(html.unescape(s))


def _tidy(s: str) -> str:
    s = s.replace("\r\n", "\n").translate(_LINE_BREAKS)
    s = _DROPPED.sub("", s)
    s = unicodedata.normalize("NFC", s)
    lines = [_SPACES.sub(" ", line).strip() for line in s.split("\n")]
    s = "\n".join(lines).strip("\n")
    return _PARAGRAPH_BREAK.sub("\n\n", s)


def _one_pass(fragment: str) -> str:
    fragment = _CDATA_MARKERS.sub("", fragment)
    cleaned = _CLEANER.clean(fragment)
    # Whitespace in the source is only spacing; structure comes from the tags.
    cleaned = re.sub(r"\s+", " ", cleaned)

    def structure(m: re.Match[str]) -> str:
        name = m.group(2)
        if name == "br":
            return "\n"
        if name in _CELL_TAGS:
            return " "
        return "\n\n"

    return clean_text(_TAG.sub(structure, cleaned))


def html_to_text(fragment: str) -> str:
    """Any HTML fragment (or text that may contain markup) to plain text.

    Tags are removed, script/style content is dropped, paragraphs (<p>, <div>, <li>, <br><br>…) are
    joined by a blank line. Markup that was escaped twice by the source comes out as tags after the
    first pass; it is stripped again, so no tag-like text ever survives (a literal "a<b" may lose
    its tail, an acceptable price for text that can never carry markup).
    """
    if not fragment:
        return ""
    # Lone surrogates cannot cross into nh3 (Rust strings are valid UTF-8).
    text = _one_pass(_DROPPED.sub("", fragment))
    for _ in range(_MAX_PASSES - 1):
        if not _LOOKS_LIKE_TAG.search(text):
            return text
        text = _one_pass(text)
    # Escaped more times than we peel: drop whatever still looks like a tag, without decoding again.
    return _tidy(_RESIDUAL_TAG.sub("", text)) if _LOOKS_LIKE_TAG.search(text) else text


def truncate(text: str, limit: int) -> str:
    """Shorten text to at most ``limit`` characters, cutting at a word boundary and adding "…"."""
    if len(text) <= limit:
        return text
    if limit <= 1:
        return text[:limit]
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    # Prefer a word boundary, unless that would throw away most of the text (one very long word).
    if space > limit * 0.8:
        cut = cut[:space]
    return cut.rstrip() + "…"
