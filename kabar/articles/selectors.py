"""Reads of articles for pages and the API."""

from __future__ import annotations

from django.db.models import QuerySet

from kabar.articles.models import Article
from kabar.sources.models import MediaGroup, Source


def article_list(*, source: Source | None = None, group: MediaGroup | None = None) -> QuerySet[Article]:
    """Articles newest first (ties by id, newest first), with source and group loaded."""
    qs = Article.objects.select_related("source", "source__group").order_by("-published_at", "-id")
    if source is not None:
        qs = qs.filter(source=source)
    if group is not None:
        qs = qs.filter(source__group=group)
    return qs


def article_get(*, pk: int) -> Article | None:
    return Article.objects.select_related("source", "source__group").filter(pk=pk).first()
