"""Writes to articles. Every insert or content change takes a new change-sequence number."""

from __future__ import annotations

from collections.abc import Sequence as Seq
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from kabar.articles.models import Article
from kabar.core.sequence import ARTICLE_SEQ, sequence_reserve

# The fields a source controls; a change in any of them is a content change.
CONTENT_FIELDS = (
    "source_id",
    "guid",
    "title",
    "summary",
    "body",
    "author",
    "published_at",
    "image_url",
    "image_caption",
    "language",
    "is_demo",
    "summary_only",
)


@dataclass(frozen=True)
class ArticleData:
    """One article as a source (importer, crawler, demo) delivers it; already validated."""

    url: str
    source_id: int
    title: str
    published_at: datetime
    body: str = ""
    summary: str = ""
    guid: str = ""
    author: str = ""
    image_url: str = ""
    image_caption: str = ""
    language: str = "en"
    is_demo: bool = False
    summary_only: bool = False


@dataclass
class UpsertResult:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)


def article_upsert_many(*, items: Seq[ArticleData], batch_size: int = 500) -> UpsertResult:
    """Insert new articles and update changed ones by canonical URL, in one transaction.

    Unchanged articles are not written and keep their sequence number. If the same URL appears
    twice in ``items`` the last one wins.
    """
    by_url: dict[str, ArticleData] = {}
    for item in items:
        by_url[item.url] = item
    result = UpsertResult()
    if not by_url:
        return result
    now = timezone.now()
    with transaction.atomic():
        existing: dict[str, Article] = {}
        urls = list(by_url)
        for start in range(0, len(urls), batch_size):
            chunk = urls[start : start + batch_size]
            for article in Article.objects.filter(url__in=chunk):
                existing[article.url] = article
        to_create: list[Article] = []
        to_update: list[Article] = []
        for url, item in by_url.items():
            current = existing.get(url)
            if current is None:
                to_create.append(Article(url=url, fetched_at=now, updated_at=now, seq=0, **_content(item)))
                continue
            changes = {k: v for k, v in _content(item).items() if getattr(current, k) != v}
            if not changes:
                result.unchanged.append(current.pk)
                continue
            for key, value in changes.items():
                setattr(current, key, value)
            current.updated_at = now
            to_update.append(current)
        count = len(to_create) + len(to_update)
        if count:
            next_seq = sequence_reserve(name=ARTICLE_SEQ, count=count)
            for article in [*to_update, *to_create]:
                article.seq = next_seq
                next_seq += 1
        if to_update:
            Article.objects.bulk_update(
                to_update, [*CONTENT_FIELDS, "updated_at", "seq"], batch_size=batch_size
            )
            result.updated = [a.pk for a in to_update]
        if to_create:
            Article.objects.bulk_create(to_create, batch_size=batch_size)
            # bulk_create returns primary keys on PostgreSQL and on SQLite >= 3.35.
            result.created = [a.pk for a in to_create]
    return result


def article_upsert(*, item: ArticleData) -> tuple[Article, str]:
    """Insert or update one article; returns it and "created", "updated" or "unchanged"."""
    result = article_upsert_many(items=[item])
    article = Article.objects.get(url=item.url)
    state = "created" if result.created else "updated" if result.updated else "unchanged"
    return article, state


def _content(item: ArticleData) -> dict:
    return {name: getattr(item, name) for name in CONTENT_FIELDS}
