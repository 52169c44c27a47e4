"""From a feed entry and its extracted page to the article to store. Pure: no database, no network.

The feed decides what an article is (its link, guid, title and summary); the page adds the full
text, the lead image and, when it names one on the same site, the canonical URL. Fewer than
``min_words`` words of text means the page did not give us the article: it is stored "summary only".
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from kabar.articles.models import LIMITS
from kabar.articles.services import ArticleData
from kabar.core.text import truncate
from kabar.core.urls import canonical_url
from kabar.sources.extraction import Extracted
from kabar.sources.parsing import Entry

MIN_WORDS = 40


def entry_text(entry: Entry) -> tuple[str, str]:
    """The title and summary an entry gives, as stored; a change in either means the article changed."""
    return truncate(entry.title.strip(), LIMITS["title"]), truncate(entry.summary.strip(), LIMITS["summary"])


def entry_guid(entry: Entry) -> str:
    return (entry.guid or entry.link)[: LIMITS["guid"]]


def article_url(link: str, *, claimed: str, page_url: str) -> str | None:
    """The page's rel=canonical (``claimed``) when it stays on the entry's own site, else the entry
    link; None when neither is a usable URL.

    A page may not claim another site's URL: it would overwrite that site's article."""
    try:
        url = canonical_url(link)
    except ValueError:
        return None
    if claimed:
        try:
            candidate = canonical_url(claimed, base=page_url)
        except ValueError:
            candidate = ""
        if candidate and site(candidate) == site(url) and len(candidate) <= LIMITS["url"]:
            url = candidate
    return url if len(url) <= LIMITS["url"] else None


def article_from(
    entry: Entry,
    *,
    extracted: Extracted | None,
    url: str,
    source_id: int,
    language: str,
    min_words: int = MIN_WORDS,
    known_published: datetime | None = None,
    now: datetime,
) -> ArticleData | None:
    """The article to store for a feed entry and its extracted page (None: it has no title at all).

    ``known_published``: the date already stored for this article, kept when neither the entry nor
    the page has one, so that an edit does not move an undated article to the top."""
    title, summary = entry_text(entry)
    full = extracted is not None and extracted.word_count >= min_words
    title = title or truncate((extracted.title if extracted else "").strip(), LIMITS["title"])
    if not title:
        return None
    published = entry.published or (extracted.published if extracted else None) or known_published or now
    if published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    image_url, caption = _image(entry, extracted)
    return ArticleData(
        url=url,
        source_id=source_id,
        title=title,
        # A date in the future would pin an article to the top of every list.
        published_at=min(published, now),
        body=_body(extracted.paragraphs) if full else "",
        summary=summary,
        guid=entry_guid(entry),
        author=truncate(entry.author or (extracted.author if extracted else ""), LIMITS["author"]),
        image_url=image_url,
        image_caption=caption,
        language=language[: LIMITS["language"]] or "en",
        summary_only=not full,
    )


def host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def site(url: str) -> str:
    name = host(url)
    return name[4:] if name.startswith("www.") else name


def _image(entry: Entry, extracted: Extracted | None) -> tuple[str, str]:
    if extracted is not None and _is_web_url(extracted.image_url):
        caption, credit = extracted.image_caption.strip(), extracted.image_credit.strip()
        if credit and credit not in caption:
            caption = f"{caption} ({credit})" if caption else credit
        return extracted.image_url, truncate(caption, LIMITS["image_caption"])
    if _is_web_url(entry.image_url):
        return entry.image_url, ""
    return "", ""


def _is_web_url(url: str) -> bool:
    return bool(url) and len(url) <= LIMITS["image_url"] and url.lower().startswith(("https://", "http://"))


def _body(paragraphs: list[str]) -> str:
    """Paragraphs joined by a blank line, whole paragraphs only, within the body size limit."""
    kept: list[str] = []
    size = 0
    for paragraph in (p.strip() for p in paragraphs):
        if not paragraph:
            continue
        size += len(paragraph) + 2
        if size > LIMITS["body"]:
            break
        kept.append(paragraph)
    return "\n\n".join(kept)
