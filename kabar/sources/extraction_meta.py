"""Article metadata from a parsed page: title, author, publication date (htmldate) and canonical URL,
from <meta> tags, schema.org JSON-LD and the markup. Pure functions over an lxml tree; no network."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from htmldate import find_date
from lxml.etree import XPath
from lxml.html import HtmlElement

from kabar.core.text import clean_text
from kabar.core.urls import canonical_url as normalise_url

_MAX_JSON_LD = 1_000_000
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_BYLINE = XPath(
    ".//*[@rel='author' or @itemprop='author' or contains(@class, 'byline') or contains(@class, 'author-name')]"
)
_BY_PREFIX = re.compile(r"^(?:by|oleh|written by)\s+", re.IGNORECASE)
_ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "reportagenewsarticle", "blogposting", "analysisnewsarticle", "webpage"}
)


def meta_tags(tree: HtmlElement) -> dict[str, str]:
    """First value of each <meta> name/property (lower-cased keys)."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if name and content and name not in found:
            found[name] = content
    return found


def json_ld(tree: HtmlElement) -> dict[str, str]:
    """headline, author, image of the page's schema.org article object (JSON-LD), when there is one."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = script.text or ""
        if not raw or len(raw) > _MAX_JSON_LD:
            continue
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            continue
        for item in _ld_items(data):
            kind = item.get("@type")
            kinds = {k.lower() for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)}
            if kinds & _ARTICLE_TYPES and (item.get("headline") or item.get("articleBody")):
                return {
                    "headline": _ld_text(item.get("headline")),
                    "author": _ld_names(item.get("author")),
                    "image": _ld_url(item.get("image")),
                }
    return {}


def _ld_items(data, depth: int = 0):
    if depth > 4:
        return
    if isinstance(data, list):
        for element in data[:50]:
            yield from _ld_items(element, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _ld_items(data["@graph"], depth + 1)


def _ld_text(value) -> str:
    return value if isinstance(value, str) else ""


def _ld_names(value) -> str:
    values = value if isinstance(value, list) else [value]
    names = []
    for person in values[:10]:
        name = person.get("name") if isinstance(person, dict) else person
        if isinstance(name, str) and name.strip() and not name.strip().lower().startswith("http"):
            names.append(name.strip())
    return ", ".join(dict.fromkeys(names))


def _ld_url(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl") or ""
    return value if isinstance(value, str) else ""


def one_line(text: str, limit: int = 500) -> str:
    return clean_text(text).replace("\n", " ")[:limit].strip()


def title(tree: HtmlElement, meta: dict[str, str], ld: dict[str, str]) -> str:
    """og:title, else the JSON-LD headline, twitter:title, the page's only <h1>, or <title>."""
    h1 = [one_line(h.text_content()) for h in tree.iter("h1")]
    h1 = [h for h in h1 if h]
    candidates = [
        meta.get("og:title", ""),
        ld.get("headline", ""),
        meta.get("twitter:title", ""),
        h1[0] if len(h1) == 1 else "",
        next((t.text_content() for t in tree.iter("title")), ""),
    ]
    found = next((t for t in (one_line(c) for c in candidates) if t), "")
    return _strip_site_name(found, meta.get("og:site_name", ""))


def _strip_site_name(title: str, site: str) -> str:
    """The title without a trailing site name: "Typhoon nears Okinawa - The Mainichi" becomes
    "Typhoon nears Okinawa" (the page shows the source apart)."""
    site = one_line(site)
    if site and len(title) > len(site) + 3:
        for separator in (" - ", " | ", " – ", " — ", " : "):
            if title.endswith(separator + site):
                return title[: -len(separator + site)].strip()
    return title


def author(tree: HtmlElement, meta: dict[str, str], ld: dict[str, str]) -> str:
    """JSON-LD author names, else <meta name=author> and kin, else a byline element ("By ..." dropped)."""
    candidates = [ld.get("author", ""), meta.get("author", ""), meta.get("article:author", "")]
    candidates += [meta.get("byl", ""), meta.get("dc.creator", "")]
    for candidate in candidates:
        name = _BY_PREFIX.sub("", one_line(candidate, 200))
        if name and not name.lower().startswith(("http://", "https://")):
            return name
    for element in _BYLINE(tree)[:5]:
        name = _BY_PREFIX.sub("", one_line(element.text_content(), 200))
        if name and len(name) <= 120:
            return name
    return ""


def published(tree: HtmlElement, url: str) -> datetime | None:
    """The publication date found by htmldate (its fast search, then its extensive one), aware UTC."""
    found = None
    for extensive in (False, True):
        found = find_date(
            tree,
            extensive_search=extensive,
            original_date=True,
            outputformat=_DATE_FORMAT,
            url=url or None,
            # A date in the URL has no time of day; markup (meta, JSON-LD, <time>) usually has one.
            deferred_url_extractor=True,
        )
        if found:
            break
    if not found:
        return None
    try:
        moment = datetime.strptime(found, _DATE_FORMAT)
    except ValueError:
        try:
            moment = datetime.fromisoformat(found)
        except ValueError:
            return None
    # A date without a time zone is kept as that day in UTC.
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def canonical(tree: HtmlElement, url: str) -> str:
    """<link rel=canonical> made absolute and canonical (kabar.core.urls), or "" when absent or unusable."""
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            href = (link.get("href") or "").strip()
            if href:
                try:
                    return normalise_url(href, base=url or None)
                except ValueError:
                    return ""
    return ""
