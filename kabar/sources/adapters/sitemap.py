"""Google News sitemaps (a ``urlset`` with ``news:news`` and ``image:image``), for outlets whose RSS
is gone. Plain sitemaps work too: their entries have a link and maybe a date, the article page
supplies the rest. See https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap
"""

from __future__ import annotations

from datetime import UTC, datetime

from lxml import etree

from kabar.sources.adapters.raw import RawEntry, RawFeed
from kabar.sources.adapters.sniff import mismatch, sniff

# Never fetch a DTD or expand entities: the body is untrusted (billion laughs, XXE).
_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "recover": True,
    "remove_comments": True,
    "remove_pis": True,
}


def _local(tag: object) -> str:
    """ "{namespace}url", "news:title" or "url" → the local name. Comments and the like have no
    string tag; in recovery mode an unbound prefix stays in the name."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2].rpartition(":")[2]


def _child(element, name: str):
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _child_text(element, *path: str) -> str:
    for name in path:
        if element is None:
            return ""
        element = _child(element, name)
    return "".join(element.itertext()).strip() if element is not None else ""


def _date(text: str) -> datetime | None:
    if not text:
        return None
    try:
        # W3C datetime: a date alone, or a time with "Z" or an offset (fromisoformat reads all).
        parsed = datetime.fromisoformat(text.strip())
        return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except (ValueError, OverflowError):
        return None


def parse(content: bytes) -> RawFeed:
    try:
        root = etree.fromstring(content, etree.XMLParser(**_PARSER_OPTIONS))
    except etree.XMLSyntaxError as exc:
        root = None
        error = f"XML error at line {exc.lineno}: {exc.msg}"
    except (etree.LxmlError, ValueError) as exc:
        root = None
        error = f"XML error: {str(exc)[:200]}"
    else:
        error = None
    name = _local(root.tag) if root is not None else ""
    if name != "urlset":
        if error and sniff(content) in ("sitemap", "xml"):
            return RawFeed(error=error)
        return RawFeed(error=mismatch("sitemap", content))
    entries = [_entry(url) for url in root if _local(url.tag) == "url"]
    # A sitemap has no order; the newest entries matter most when the list is cut.
    oldest = datetime.min.replace(tzinfo=UTC)
    entries.sort(key=lambda e: e.published or oldest, reverse=True)
    return RawFeed(entries=entries)


def _entry(url) -> RawEntry:
    link = _child_text(url, "loc")
    published = _date(_child_text(url, "news", "publication_date")) or _date(_child_text(url, "lastmod"))
    images = [_child_text(image, "loc") for image in url if _local(image.tag) == "image"]
    return RawEntry(
        title=_child_text(url, "news", "title"),
        link=link,
        guid=link,
        published=published,
        images=[i for i in images if i],
    )
