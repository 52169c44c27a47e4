"""RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom, through feedparser (which detects the format itself)."""

from __future__ import annotations

import io
import logging
import re
import xml.sax
from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import urljoin

import feedparser
from feedparser.mixin import _FeedParserMixin

from kabar.sources.adapters.raw import RawEntry, RawFeed
from kabar.sources.adapters.sniff import mismatch, sniff

logger = logging.getLogger(__name__)
# Bounded repeats: the HTML is the source's own, and "<img <img <img…" must stay linear.
_IMG_SRC = re.compile(r"<img\b[^<>]{0,500}?\bsrc\s{0,5}=\s{0,5}[\"']?([^\"'\s<>]{1,2000})", re.IGNORECASE)
_IMAGE_SUFFIX = re.compile(r"\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)", re.IGNORECASE)
# Longer than any real author line (we keep 300 characters) and short enough for the regex below.
_AUTHOR_CAP = 1000


def _cap_author_before_email_search(original):
    """feedparser looks for an e-mail address in every author line with a regex that backtracks
    quadratically (https://github.com/kurtmckee/feedparser/issues/562, unfixed in 6.0.14): one
    300 KB <author> costs minutes. Cap the line before it runs."""

    def sync_author_detail(self, key="author"):
        context = self._get_context()
        value = context.get(key)
        if isinstance(value, str) and len(value) > _AUTHOR_CAP:
            context[key] = value[:_AUTHOR_CAP]
        return original(self, key)

    sync_author_detail.kabar_capped = True
    return sync_author_detail


if not getattr(_FeedParserMixin._sync_author_detail, "kabar_capped", False):
    _FeedParserMixin._sync_author_detail = _cap_author_before_email_search(
        _FeedParserMixin._sync_author_detail
    )


def parse(content: bytes, *, url: str, headers: Mapping[str, str]) -> RawFeed:
    response_headers = {str(k).lower(): str(v) for k, v in headers.items()}
    # The final URL is the base for relative links (feedparser reads it from Content-Location).
    response_headers["content-location"] = url
    # A BytesIO, never the bytes themselves: feedparser would treat a str/bytes that looks like a
    # URL or a file name as one to open. Its HTML sanitiser and URI resolver are off: every field
    # becomes plain text through nh3 (kabar.core.text) anyway, and the sanitiser backtracks
    # quadratically on unclosed comments ("<!--<!--…" in a summary costs minutes).
    try:
        result = feedparser.parse(
            io.BytesIO(content),
            response_headers=response_headers,
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as exc:  # feedparser has crash bugs on some broken XML; one feed, one error
        logger.warning("feedparser failed on %s", url, exc_info=True)
        return RawFeed(error=f"feed could not be read (feedparser failed: {type(exc).__name__})")
    entries = [_entry(item) for item in result.get("entries", [])]
    title = str(result.get("feed", {}).get("title", "") or "")
    if entries:
        return RawFeed(entries=entries, title=title)
    version = result.get("version") or ""
    exc = result.get("bozo_exception")
    # Other bozo reasons (a wrong content type, an encoding override) leave a readable feed.
    broken = isinstance(exc, xml.sax.SAXException)
    if broken and version:
        # Recognised as a feed, but broken before the first entry.
        return RawFeed(title=title, error=_xml_error(exc))
    if version:
        return RawFeed(title=title)  # a valid feed with no items right now
    if broken and sniff(content) == "feed":
        return RawFeed(error=_xml_error(exc))
    return RawFeed(error=mismatch("feed", content))


def _xml_error(exc: xml.sax.SAXException) -> str:
    if isinstance(exc, xml.sax.SAXParseException):
        return f"XML error at line {exc.getLineNumber()}: {exc.getMessage()}"
    return f"XML error: {exc}"


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _published(item: Mapping) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = item.get(key)
        if parsed:
            try:
                # feedparser's struct_time is already UTC; a leap second becomes :59.
                return datetime(*parsed[:5], min(parsed[5], 59), tzinfo=UTC)
            except (TypeError, ValueError, OverflowError):
                continue
    return None


def _author(item: Mapping) -> str:
    names: list[str] = []
    for author in item.get("authors") or []:
        name = _text(author.get("name")) if isinstance(author, Mapping) else ""
        if name and name not in names:
            names.append(name)
    if names:
        return ", ".join(names)
    detail = item.get("author_detail")
    if isinstance(detail, Mapping) and _text(detail.get("name")):
        return detail["name"]
    return _text(item.get("author"))


def _width(media: Mapping) -> int:
    try:
        return int(media.get("width") or 0)
    except (TypeError, ValueError):
        return 0


def _is_image(media: Mapping, url: str) -> bool:
    kind = _text(media.get("type")).lower()
    medium = _text(media.get("medium")).lower()
    if kind or medium:
        return kind.startswith("image/") or medium == "image"
    return bool(_IMAGE_SUFFIX.search(url))


def _inline_image(html: str, base: str) -> str:
    match = _IMG_SRC.search(html)
    if not match:
        return ""
    # Relative to the xml:base in effect for that element (Atom), which feedparser reports.
    return urljoin(base, match.group(1)) if base else match.group(1)


def _images(item: Mapping, inline: str) -> list[str]:
    """Candidates best first: media:content images, image enclosures, media:thumbnail (each group
    largest width first), then the first <img> of the summary or content."""
    contents = [m for m in item.get("media_content") or [] if isinstance(m, Mapping)]
    content_images = [m for m in contents if _is_image(m, _text(m.get("url")))]
    enclosures = [
        {"url": _text(e.get("href")), "width": 0}
        for e in item.get("enclosures") or []
        if isinstance(e, Mapping) and _is_image(e, _text(e.get("href")))
    ]
    thumbnails = [m for m in item.get("media_thumbnail") or [] if isinstance(m, Mapping)]
    urls: list[str] = []
    for group in (content_images, enclosures, thumbnails):
        # sorted() is stable: without widths the feed's own order is kept.
        urls.extend(_text(m.get("url")) for m in sorted(group, key=_width, reverse=True))
    urls.append(inline)
    return [u for u in urls if u]


def _entry(item: Mapping) -> RawEntry:
    summary = _text(item.get("summary"))
    detail = item.get("summary_detail")
    summary_base = _text(detail.get("base")) if isinstance(detail, Mapping) else ""
    contents = [c for c in item.get("content") or [] if isinstance(c, Mapping)]
    full = _text(contents[0].get("value")) if contents else ""
    full_base = _text(contents[0].get("base")) if contents else ""
    # feedparser copies an Atom content into the summary without its base; content comes first.
    inline = _inline_image(full, full_base) or _inline_image(summary, summary_base or full_base)
    # FeedBurner rewrites links through its proxy and keeps the original here.
    link = _text(item.get("feedburner_origlink")) or _text(item.get("link"))
    return RawEntry(
        title=_text(item.get("title")),
        link=link,
        guid=_text(item.get("id")),
        published=_published(item),
        summary=summary or full,
        author=_author(item),
        images=_images(item, inline),
    )
