"""Reads the API needs beyond kabar.articles.selectors."""

from __future__ import annotations

from kabar.sources.models import MediaGroup, Source


def source_by_slug(*, slug: str) -> Source | None:
    return Source.objects.filter(slug=slug).first()


def group_by_slug(*, slug: str) -> MediaGroup | None:
    return MediaGroup.objects.filter(slug=slug).first()
