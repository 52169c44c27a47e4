"""Feed bytes → entries. No ORM, no network; never raises.

The adapters in ``kabar.sources.adapters`` read each format; this module applies one policy to all
of them: plain text only, canonical http(s) links, sane dates, and the size limits of the database.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from kabar.articles.models import LIMITS
from kabar.core.text import html_to_text, truncate
from kabar.core.urls import canonical_url
from kabar.sources.adapters import feeds, nhk_json, sitemap
from kabar.sources.adapters.raw import RawEntry, RawFeed

logger = logging.getLogger(__name__)

KINDS = ("rss", "atom", "rdf", "json", "sitemap")
# Beyond this a "feed" is an archive dump; the first entries are the newest in every real feed.
MAX_ENTRIES = 500
# Dates up to a day ahead are clock or time-zone slips (JST written as UTC is 9 h ahead) and are
# clamped to now. Further ahead the date is wrong, and None lets the crawler use the article
# page's own date or the time it found the entry, instead of pinning it to the top of every list.
FUTURE_TOLERANCE = timedelta(days=1)
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
# Link lines that feeds append to summaries: WordPress (Yoast) "The post … appeared first on …"
# and "Read more"/"Continue reading" links.
_WORDPRESS_FOOTER = re.compile(r"(?:^|\n\n)The post .{1,600} appeared first on .{1,200}\Z", re.DOTALL)
_READ_MORE = re.compile(r"(?:^|(?<=\s))(?:read more|continue reading)\b[^\n]{0,200}\Z", re.IGNORECASE)
# Markup is rarely more than a few times the text it wraps; reading more than this many times a
# field's limit only costs time (a hostile feed can put megabytes into one title).
_RAW_FACTOR = 20
FEED_TITLE_LIMIT = 300


@dataclass(frozen=True)
class Entry:
    title: str
    link: str
    guid: str
    published: datetime | None  # aware UTC
    summary: str  # plain text; paragraphs separated by a blank line
    author: str
    image_url: str


@dataclass(frozen=True)
class ParsedFeed:
    entries: list[Entry]
    error: str | None  # one clear per-feed error when nothing usable came out, else None
    title: str = ""
    # Entries left out: no usable http(s) link, a repeated link, or beyond MAX_ENTRIES.
    dropped: int = 0


def parse_feed(
    content: bytes,
    *,
    kind: str,
    url: str,
    headers: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> ParsedFeed:
    """Parse one fetched feed. ``url`` is the final URL (base for relative links); ``headers`` are
    the response headers (their charset helps decoding). Never raises: a broken feed gives
    ``ParsedFeed(entries=[], error=...)``."""
    try:
        raw = _read(content, kind=kind, url=url, headers=headers or {})
        return _finish(raw, url=url, now=now or datetime.now(UTC))
    except Exception as exc:  # a broken feed must cost one error line, never the crawler
        logger.exception("parsing %s feed %s failed", kind, url)
        return ParsedFeed(entries=[], error=f"could not parse the feed ({type(exc).__name__})")


def _read(content: bytes, *, kind: str, url: str, headers: Mapping[str, str]) -> RawFeed:
    if isinstance(content, str):
        content = content.encode("utf-8")
    content = bytes(content)
    if kind in ("rss", "atom", "rdf"):
        return feeds.parse(content, url=url, headers=headers)
    if kind == "json":
        return nhk_json.parse(content)
    if kind == "sitemap":
        return sitemap.parse(content)
    return RawFeed(error=f"unknown feed kind {kind[:20]!r} (expected one of {', '.join(KINDS)})")


def _finish(raw: RawFeed, *, url: str, now: datetime) -> ParsedFeed:
    title = _line(raw.title, FEED_TITLE_LIMIT)
    if raw.error:
        return ParsedFeed(entries=[], error=raw.error, title=title)
    entries: list[Entry] = []
    seen: set[str] = set()
    for item in raw.entries[:MAX_ENTRIES]:
        entry = normalise_entry(item, base=url, now=now)
        if entry is not None and entry.link not in seen:
            seen.add(entry.link)
            entries.append(entry)
    dropped = len(raw.entries) - len(entries)
    if raw.entries and not entries:
        return ParsedFeed(
            entries=[], error="no entry has a usable http(s) link", title=title, dropped=dropped
        )
    return ParsedFeed(entries=entries, error=None, title=title, dropped=dropped)


def normalise_entry(raw: RawEntry, *, base: str, now: datetime, require_link: bool = True) -> Entry | None:
    """Plain text, a canonical link and a checked date and image; None without a usable link.

    ``require_link=False`` keeps such an entry with ``link=""`` (used to check every field of
    feeds whose entries have no links, such as the sanitiser corpus)."""
    link = _url(raw.link, base, LIMITS["url"])
    if not link and require_link:
        return None
    # An identifier, but stored: like every text field it carries no markup.
    guid = " ".join(html_to_text(raw.guid[: LIMITS["guid"] * 2]).split())[: LIMITS["guid"]]
    return Entry(
        title=_line(raw.title, LIMITS["title"]),
        link=link,
        guid=guid or link[: LIMITS["guid"]],
        published=_published(raw.published, now),
        summary=_summary(raw.summary),
        author=_line(raw.author, LIMITS["author"]),
        image_url=next((u for u in (_url(i, base, LIMITS["image_url"]) for i in raw.images) if u), ""),
    )


def _url(value: str, base: str, limit: int) -> str:
    """Canonical http(s) URL, or "" for anything else (javascript:, data:, too long…)."""
    if not value or len(value) > limit * 4:
        return ""
    try:
        url = canonical_url(value, base=base)
    except ValueError:
        return ""
    return url if len(url) <= limit else ""


def _line(value: str, limit: int) -> str:
    """A one-line field (title, author): markup and line breaks removed."""
    return truncate(" ".join(html_to_text(value[: limit * _RAW_FACTOR]).split()), limit)


def _summary(value: str) -> str:
    text = html_to_text(value[: LIMITS["summary"] * _RAW_FACTOR])
    text = _WORDPRESS_FOOTER.sub("", text).strip()
    return truncate(_READ_MORE.sub("", text).strip(), LIMITS["summary"])


def _published(value: datetime | None, now: datetime) -> datetime | None:
    if value is None:
        return None
    try:
        value = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    except (OverflowError, ValueError):
        return None
    if value < EARLIEST or value > now + FUTURE_TOLERANCE:
        return None
    return min(value, now)
