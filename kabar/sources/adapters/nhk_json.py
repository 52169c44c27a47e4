"""NHK World's news list (``/nhkworld/data/en/news/all.json``), which replaced its RSS.

Shape: ``{"data": [{"id": "20250301_12", "title", "description", "pubDate": "<epoch ms>",
"thumbnails": {"small", "middle", "large"} (site-relative paths), "categories", "videos", ...}]}``.
Items carry no article URL of their own in most versions; it is built from the id.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from kabar.sources.adapters.raw import RawEntry, RawFeed
from kabar.sources.adapters.sniff import mismatch, sniff

# Site-relative, so it resolves against wherever the list was fetched from (www3.nhk.or.jp).
ARTICLE_PATH = "/nhkworld/en/news/{id}/"
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")
_LIST_KEYS = ("data", "items")
_THUMBNAIL_SIZES = ("large", "middle", "small")


def parse(content: bytes) -> RawFeed:
    try:
        document = json.loads(content)
    except RecursionError:
        return RawFeed(error="invalid JSON: nested too deeply")
    except (ValueError, UnicodeDecodeError) as exc:
        if sniff(content) in ("json", "other"):
            return RawFeed(error=f"invalid JSON: {str(exc)[:200]}")
        return RawFeed(error=mismatch("json", content))
    items = _items(document)
    if items is None:
        return RawFeed(error='unexpected JSON: no "data" list of news items (NHK World news shape)')
    return RawFeed(entries=[_entry(item) for item in items if isinstance(item, Mapping)])


def _items(document: object) -> list | None:
    if isinstance(document, list):
        return document
    if isinstance(document, Mapping):
        for key in _LIST_KEYS:
            if isinstance(document.get(key), list):
                return document[key]
    return None


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _date(value: object) -> datetime | None:
    text = _text(value).strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        number = None
    try:
        if number is not None:
            # Milliseconds since the epoch (NHK); a plain seconds value is also accepted.
            seconds = number / 1000 if abs(number) >= 1e11 else number
            return datetime.fromtimestamp(seconds, tz=UTC)
        parsed = datetime.fromisoformat(text) if text[:4].isdigit() else parsedate_to_datetime(text)
        return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except (ValueError, TypeError, OverflowError, OSError, IndexError):
        return None


def _link(item: Mapping) -> str:
    link = _text(item.get("link")) or _text(item.get("url"))
    if link:
        return link
    item_id = _text(item.get("id"))
    return ARTICLE_PATH.format(id=item_id) if _SAFE_ID.fullmatch(item_id) else ""


def _images(item: Mapping) -> list[str]:
    urls: list[str] = []
    thumbnails = item.get("thumbnails")
    if isinstance(thumbnails, Mapping):
        urls.extend(_text(thumbnails.get(size)) for size in _THUMBNAIL_SIZES)
    urls.append(_text(item.get("image")))
    return [u for u in urls if u]


def _entry(item: Mapping) -> RawEntry:
    return RawEntry(
        title=_text(item.get("title")),
        link=_link(item),
        guid=_text(item.get("id")),
        published=_date(item.get("pubDate") or item.get("updated_at") or item.get("date_published")),
        summary=_text(item.get("description")) or _text(item.get("summary")),
        images=_images(item),
    )
