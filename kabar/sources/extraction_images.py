"""The lead image of an article page: its URL (og:image), and the caption and credit of the figure
that shows it. Pure functions over an lxml tree; no network."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from kabar.core.text import clean_text

# Content that is never caption text, even inside a <figcaption>.
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "button", "iframe", "object"})
_OG_IMAGE = ("og:image:secure_url", "og:image:url", "og:image")
_OTHER_IMAGE = ("twitter:image", "twitter:image:src")
# Lazy-loading pages put the real picture in data-* and a placeholder in src.
_IMAGE_ATTRS = ("data-src", "data-original", "data-lazy-src", "src", "data-srcset", "srcset")
# A figure inside these is a teaser for another page, not this article's lead photo.
_NOT_ARTICLE = frozenset({"nav", "aside", "footer"})
_CREDIT_CLASS = re.compile(r"credit|copyright|photographer|source|courtesy|attribution", re.IGNORECASE)
_CREDIT_ITEMPROP = frozenset({"copyrightholder", "creator", "author", "copyrightnotice", "credittext"})
_CAPTION_CLASS = re.compile(r"caption", re.IGNORECASE)
# "... in Tokyo on June 1. (Kyodo)", "(Mainichi/Taro Yamada)", "(AP Photo/Eugene Hoshiko)".
_TRAILING_PARENS = re.compile(r"^(?P<caption>.*?)\s*[(（](?P<credit>[^()（）]{2,80})[)）]\s*$", re.DOTALL)
_CREDIT_WORDS = re.compile(
    r"\b(?:photo|photos|image|file|courtesy|provided|pool|kyodo|jiji|mainichi|asahi|yomiuri|nhk|nikkei|"
    r"reuters|afp|ap|epa|getty|bloomberg|xinhua|yonhap)\b|©|/",
    re.IGNORECASE,
)
# "Photo: Jiji Press", "Photo by Taro Yamada", "© Kyodo", "Credit: ...", as the caption's last line
# or after its last sentence.
_CREDIT_LABEL = re.compile(
    r"^(?P<caption>.*?)[\s|–—-]*(?P<credit>(?:(?:photo|image|picture)s?\s*(?:by|:|credit:?)|credit:|source:|©)"
    r"\s*[^.!?。]{2,80}?)\.?\s*$",
    re.IGNORECASE | re.DOTALL,
)
_BARS = " |–—-:"
_SEPARATORS = _BARS + "()（）"
_SENTENCE_END = re.compile(r"[.!?。」”\"']$")
_MAX_FIGURES = 60


def lead_image(tree: HtmlElement, *, base_url: str, fallback_url: str = "") -> tuple[str, str, str]:
    """(image URL, caption, credit) of the page's lead image; empty strings for what is missing.

    The image is og:image, else ``fallback_url`` (the JSON-LD image), else twitter:image. Its caption
    and credit come from the <figure> that shows it. When no figure shows it, the article's first
    figure with a caption is the lead, and its own picture is taken with it, so that a caption never
    describes another photo than the one shown.
    """
    og, other = _meta_images(tree)
    image = _absolute(og or fallback_url or other, base_url)
    figures = _figures(tree)
    figure = next((f for f in figures if _shows(f, image)), None) if image else None
    if figure is None:
        figure = _first_captioned(tree, figures)
        if figure is None:
            return image, "", ""
        image = _figure_image(figure, base_url) or image
    caption, credit = _caption_and_credit(figure)
    return image, caption, credit


def _meta_images(tree: HtmlElement) -> tuple[str, str]:
    """(og:image, twitter:image or <link rel=image_src>) as written in the page."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        name = (meta.get("property") or meta.get("name") or "").strip().lower()
        if name in _OG_IMAGE + _OTHER_IMAGE and name not in found:
            content = (meta.get("content") or "").strip()
            if content:
                found[name] = content
    og = next((found[name] for name in _OG_IMAGE if name in found), "")
    other = next((found[name] for name in _OTHER_IMAGE if name in found), "")
    if not other:
        for link in tree.iter("link"):
            if "image_src" in (link.get("rel") or "").lower().split() and link.get("href"):
                other = link.get("href", "").strip()
                break
    return og, other


def _absolute(url: str, base_url: str) -> str:
    url = (url or "").strip()
    if not url or len(url) > 2000:
        return ""
    try:
        absolute = urljoin(base_url, url) if base_url else url
        parts = urlsplit(absolute)
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return absolute


def _image_key(url: str) -> tuple[str, str]:
    """(file name without extension, parent folder) of an image URL, for matching resized copies."""
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return "", ""
    segments = [s for s in path.lower().split("/") if s]
    if not segments:
        return "", ""
    stem = segments[-1].rsplit(".", 1)[0]
    return stem, segments[-2] if len(segments) > 1 else ""


def _candidates(figure: HtmlElement) -> list[str]:
    urls: list[str] = []
    for img in figure.iter("img", "source"):
        for attr in _IMAGE_ATTRS:
            value = img.get(attr)
            if value:
                # srcset: "a.jpg 320w, b.jpg 640w" names several files.
                urls.extend(part.strip().split(" ")[0] for part in value.split(",") if part.strip())
    return urls


def _shows(figure: HtmlElement, image: str) -> bool:
    stem, folder = _image_key(image)
    if not stem:
        return False
    for candidate in _candidates(figure):
        c_stem, c_folder = _image_key(candidate)
        if c_stem == stem and len(stem) >= 3:
            return True
        # Resized copies often keep the folder (an id, so long and with digits) and change the file name.
        if c_folder == folder and len(folder) >= 8 and any(ch.isdigit() for ch in folder):
            return True
    return False


def _in_article_area(figure: HtmlElement) -> bool:
    return not any(ancestor.tag in _NOT_ARTICLE for ancestor in figure.iterancestors())


def _figures(tree: HtmlElement) -> list[HtmlElement]:
    figures = []
    for figure in tree.iter("figure"):
        if _in_article_area(figure) and _candidates(figure):
            figures.append(figure)
            if len(figures) >= _MAX_FIGURES:
                break
    return figures


def _first_captioned(tree: HtmlElement, figures: list[HtmlElement]) -> HtmlElement | None:
    """The first figure of the article, if it has a caption (None when the article starts without one)."""
    containers = [c for scope in ("article", "main") for c in tree.iter(scope)]
    for container in containers:
        for figure in figures:
            if any(a is container for a in figure.iterancestors()):
                return figure if _has_caption(figure) else None
    if containers:
        return None  # the article has no figure; one elsewhere on the page is not its lead
    return figures[0] if figures and _has_caption(figures[0]) else None


def _has_caption(figure: HtmlElement) -> bool:
    return any(True for _ in figure.iter("figcaption")) or _caption_element(figure) is not None


def _figure_image(figure: HtmlElement, base_url: str) -> str:
    absolute = (_absolute(candidate, base_url) for candidate in _candidates(figure))
    return next((url for url in absolute if url), "")


def _caption_element(figure: HtmlElement) -> HtmlElement | None:
    for element in figure.iter("figcaption"):
        return element
    for element in figure.iter():
        if isinstance(element.tag, str) and _CAPTION_CLASS.search(element.get("class") or ""):
            return element
    return None


def _is_credit(element: HtmlElement) -> bool:
    if element.tag in ("small", "cite"):
        return True
    if (element.get("itemprop") or "").lower() in _CREDIT_ITEMPROP:
        return True
    return bool(_CREDIT_CLASS.search(element.get("class") or ""))


def _text(element: HtmlElement, *, skip_credits: bool, credits: list[str]) -> str:
    """Visible text of an element; credit elements are collected apart when ``skip_credits``."""
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.tag not in _SKIP_TAGS:
                if skip_credits and _is_credit(child):
                    credits.append(_one_line(_text(child, skip_credits=False, credits=[])))
                else:
                    if child.tag in ("br", "p", "div"):
                        parts.append(" ")
                    walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return "".join(parts)


def _one_line(text: str) -> str:
    return clean_text(text).replace("\n", " ").strip()


def _caption_and_credit(figure: HtmlElement) -> tuple[str, str]:
    credits: list[str] = []
    element = _caption_element(figure)
    caption = _one_line(_text(element, skip_credits=True, credits=credits)) if element is not None else ""
    # A credit may also sit beside the caption, inside the figure.
    if not credits:
        for child in figure.iterdescendants():
            if not isinstance(child.tag, str) or child.tag in _SKIP_TAGS or child is element:
                continue
            if _is_credit(child) and (
                element is None or not any(a is element for a in child.iterancestors())
            ):
                credits.append(_one_line(_text(child, skip_credits=False, credits=[])))
                break
    credit = next((c for c in credits if c), "")
    if not credit:
        caption, credit = split_credit(caption)
    return caption.strip(_BARS), _strip_credit_label(credit)


def split_credit(caption: str) -> tuple[str, str]:
    """Separate a credit written into the caption text: a trailing "(Kyodo)" after the last sentence,
    or "Photo: ..." / "Photo by ..." / "© ..." at the end."""
    caption = caption.strip()
    match = _TRAILING_PARENS.match(caption)
    if match:
        before, inside = match["caption"].strip(), match["credit"].strip()
        if before and (_SENTENCE_END.search(before) or _CREDIT_WORDS.search(inside)):
            return before, inside
        if not before and _CREDIT_WORDS.search(inside):
            return "", inside
    match = _CREDIT_LABEL.match(caption)
    if match and (not match["caption"] or _SENTENCE_END.search(match["caption"].strip())):
        return match["caption"].strip(), match["credit"].strip()
    return caption, ""


def _strip_credit_label(credit: str) -> str:
    # Sites set credits off with brackets or a bar: "(Kyodo)", "| KYODO", "Credit: Jiji".
    credit = credit.strip(_SEPARATORS)
    return re.sub(r"^(?:credit|source)\s*:\s*", "", credit, flags=re.IGNORECASE)
