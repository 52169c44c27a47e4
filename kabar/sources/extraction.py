"""An article page (HTML) to an `Extracted` dataclass: the main text as plain paragraphs, title, author,
date, lead image with caption and credit, and the canonical URL. No ORM, no network.

The body comes from trafilatura, run as a cascade: its fast precision mode first, and only when that
yields little text, its full precision mode and then its fast recall mode (a short first result is
usually a missed body, not a short article). Before that, an article split into several sibling
containers of the same class (one per chunk, ads between them) is joined into one, because
trafilatura keeps only the first container it finds. `make bench-extract` measures the result.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime
from itertools import islice

import trafilatura
from lxml.etree import XPath, strip_elements
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from kabar.core.text import clean_text
from kabar.sources.extraction_images import lead_image
from kabar.sources.extraction_meta import author, canonical, json_ld, meta_tags, one_line, published, title

logger = logging.getLogger(__name__)

# Real article pages are well under 2 MB; beyond this, the cost of extraction is not worth it.
MAX_HTML_CHARS = 5_000_000
_MAX_ATTRIBUTE_CHARS = 20_000
_N = _MAX_ATTRIBUTE_CHARS
_LONG_ATTRIBUTE = re.compile(rf"""=\s*(?:"[^"]{{{_N}}}|'[^']{{{_N}}}|[^\s>"']{{{_N}}})""")
# Below this many characters the first body is probably a miss; try the slower modes.
SHORT_BODY_CHARS = 500
# A later mode replaces the first body only when the first is clearly shorter than it.
FALLBACK_RATIO = 0.6

# Class names of article-body containers, for joining an article split into chunks.
_BODY_CLASS = re.compile(
    r"article(?:-|__|_)?(?:body|content|text)|articleBody|story-?(?:body|content)|"
    r"post-?(?:body|content|text)|entry-content|body-text|content-body",
    re.IGNORECASE,
)
_CONTAINERS = XPath(".//*[self::div or self::section or self::article][@class or @itemprop]")
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template"})
# Short lines that point elsewhere ("Read more: ...", "Subscribe to our newsletter") rather than
# continue the story. Most need a colon: "More than 100 people..." is article text.
_PROMO = re.compile(
    r"^\W{0,3}(?:(?:read more|see more|more|also read|related(?: post| articles?| stories| story| coverage)?|"
    r"recommended|watch|listen|download)\s*:|also on [\w.]+\s|like this (?:story|article)\?|subscribe to\b|"
    r"sign up (?:for|to)\b|click here\b|follow us\b|get the latest\b|get access to\b)",
    re.IGNORECASE,
)
_PROMO_MAX_CHARS = 300


@dataclass(frozen=True)
class Extracted:
    title: str
    author: str
    published: datetime | None
    paragraphs: list[str] = field(default_factory=list)
    image_url: str = ""
    image_caption: str = ""
    image_credit: str = ""
    canonical_url: str = ""

    @property
    def word_count(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


def extract_article(html: str, *, url: str) -> Extracted | None:
    """The article in ``html`` (fetched from ``url``); None when the page has nothing usable.

    Never raises: a page that breaks a parser is logged and treated as having nothing to extract.
    """
    try:
        return _extract(html, url)
    except Exception:  # noqa: BLE001 - any page may be hostile; the crawl goes on
        logger.warning("extraction failed for %s", url, exc_info=True)
        return None


def _extract(html: str, url: str) -> Extracted | None:
    if not html or not isinstance(html, str) or len(html) > MAX_HTML_CHARS:
        return None
    tree = load_html(html)
    if tree is None:
        return None
    if _LONG_ATTRIBUTE.search(html):
        _drop_long_attributes(tree)
    # <template> content is inert markup that browsers never show; trafilatura would keep it.
    strip_elements(tree, "template", with_tail=False)
    # A part that fails on a strange page costs that part only, never the article.
    meta = _safely(meta_tags, tree, default={})
    ld = _safely(json_ld, tree, default={})
    image, caption, credit = _safely(
        lead_image, tree, base_url=url, fallback_url=ld.get("image", ""), default=("", "", "")
    )
    headline = _safely(title, tree, meta, ld, default="")
    headlines = [headline, *(one_line(h.text_content()) for h in islice(tree.iter("h1"), 5))]
    extracted = Extracted(
        title=headline,
        author=_safely(author, tree, meta, ld, default=""),
        published=_safely(published, tree, url, default=None),
        image_url=image,
        image_caption=caption,
        image_credit=credit,
        canonical_url=_safely(canonical, tree, url, default=""),
    )
    _safely(join_split_body, tree, default=0)
    paragraphs = _without_title(_safely(body_paragraphs, tree, url, default=[]), headlines)
    if not (paragraphs or headline or image):
        return None
    return replace(extracted, paragraphs=paragraphs)


def _safely(function, *args, default, **kwargs):
    try:
        return function(*args, **kwargs)
    except Exception:  # noqa: BLE001
        logger.warning("%s failed on a page", function.__name__, exc_info=True)
        return default


def _drop_long_attributes(tree: HtmlElement) -> None:
    """Remove attribute values of hostile length (megabytes of class names make every regex-based
    step crawl); a real one that long is a data: URL, which is never used either."""
    for element in tree.iter():
        attributes = getattr(element, "attrib", None)
        if attributes:
            for name in [n for n, v in attributes.items() if len(v) > _MAX_ATTRIBUTE_CHARS]:
                del attributes[name]


# --- body --------------------------------------------------------------------------------------


def _run(tree: HtmlElement, url: str, **options) -> HtmlElement | None:
    # trafilatura copies the tree it is given, so every mode starts from the same page.
    document = trafilatura.bare_extraction(tree, url=url or None, include_comments=False, **options)
    return document.body if document is not None else None


def body_paragraphs(tree: HtmlElement, url: str = "") -> list[str]:
    """The main text of a parsed page as plain paragraphs (the extraction cascade)."""
    best = paragraphs_of(_run(tree, url, favor_precision=True, fast=True))
    for options in ({"favor_precision": True}, {"favor_recall": True, "fast": True}):
        size = sum(map(len, best))
        if size >= SHORT_BODY_CHARS:
            break
        other = paragraphs_of(_run(tree, url, **options))
        if size < FALLBACK_RATIO * sum(map(len, other)):
            best = other
    return best


def _without_title(paragraphs: list[str], headlines: list[str]) -> list[str]:
    """The body without a first paragraph that only repeats the headline (the page shows it apart)."""
    if paragraphs and _comparable(paragraphs[0]) in {_comparable(h) for h in headlines if h}:
        return paragraphs[1:]
    return paragraphs


def _comparable(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def join_split_body(tree: HtmlElement) -> int:
    """Join article-body containers that share one class and hold paragraphs (an article printed in
    chunks with ads between them) into the first of them. Returns how many were moved."""
    groups: dict[tuple[str, str], list[HtmlElement]] = defaultdict(list)
    for element in _CONTAINERS(tree):
        if element.get("itemprop") == "articleBody":
            key = "itemprop"
        else:
            key = element.get("class") or ""
            if not _BODY_CLASS.search(key):
                continue
        groups[(element.tag, key)].append(element)
    moved = 0
    for members in groups.values():
        if len(members) < 2:
            continue
        first, rest = members[0], members[1:]
        inside = set(members)
        # Nested matches (a body inside a body) are one container, not chunks.
        if any(a in inside for m in rest for a in m.iterancestors()):
            continue
        if first.find(".//p") is None:
            continue
        for chunk in rest:
            if chunk.find(".//p") is None:
                continue
            first.extend(list(chunk))
            parent = chunk.getparent()
            if parent is not None:
                parent.remove(chunk)
            moved += 1
    return moved


def paragraphs_of(body: HtmlElement | None) -> list[str]:
    """trafilatura's output tree (<p>, <head>, <list>, <quote>, <table>…) to plain paragraphs.

    Text may also sit loose between the blocks (in tails), and is a paragraph of its own."""
    if body is None:
        return []
    paragraphs: list[str] = []

    def add(text: str | None) -> None:
        text = clean_text(text or "").replace("\n\n", "\n")
        if text and not (len(text) < _PROMO_MAX_CHARS and _PROMO.match(text)):
            paragraphs.append(text)

    add(body.text)
    for block in body:
        if not isinstance(block.tag, str) or block.tag == "graphic":
            pass
        elif block.tag == "list":
            for item in block.iterchildren("item"):
                text = _inline(item)
                if text:
                    add(f"• {text}")
        elif block.tag == "table":
            for row in block.iterchildren("row"):
                cells = (_inline(cell) for cell in row.iterchildren("cell"))
                add(" | ".join(c for c in cells if c))
        else:
            add(_inline(block))
        add(block.tail)
    return paragraphs


def _inline(element: HtmlElement) -> str:
    """Text of one output block; <lb/> is a line break inside the paragraph."""
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag == "lb":
                parts.append("\n")
            elif isinstance(child.tag, str) and child.tag not in _SKIP_TAGS and child.tag != "graphic":
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return clean_text("".join(parts)).replace("\n\n", "\n")
