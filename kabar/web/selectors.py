"""Page-specific reads for the web pages. General article reads live in kabar/articles/selectors.py."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, Subquery

from kabar.articles.models import Article
from kabar.articles.selectors import article_list
from kabar.sources.models import MediaGroup, Source


@dataclass
class GroupLatest:
    group: MediaGroup
    articles: list[Article] = field(default_factory=list)


def latest_by_group(*, per_group: int = 10) -> list[GroupLatest]:
    """Every media group (by position) with its newest ``per_group`` articles, in three queries.

    A group's newest articles are among the newest ``per_group`` of each of its sources. So each
    source's ``per_group``-th newest date is looked up (one probe of the (source, -published_at)
    index each), and only the articles on or after it are read. Ordering a whole group instead
    makes the database read and sort every article the group ever had.
    """
    sections = [GroupLatest(group=group) for group in MediaGroup.objects.all()]
    if not sections:
        return sections
    nth_newest = (
        Article.objects.filter(source=OuterRef("pk"))
        .order_by("-published_at")
        .values("published_at")[per_group - 1 : per_group]
    )
    cutoffs = Source.objects.annotate(cutoff=Subquery(nth_newest)).values_list("pk", "cutoff")
    candidates = Q()
    for source_id, cutoff in cutoffs:
        # No cutoff: the source has fewer than per_group articles, so all of them are candidates.
        candidates |= Q(source_id=source_id, published_at__gte=cutoff) if cutoff else Q(source_id=source_id)
    if not candidates:  # no sources yet
        return sections
    # Sorted here, not in SQL: an ORDER BY makes SQLite walk the newest-first index over the whole
    # table instead of probing the source index once per OR term; there are few candidates.
    found = sorted(
        article_list().filter(candidates).order_by(), key=lambda a: (a.published_at, a.pk), reverse=True
    )
    by_group = {section.group.pk: section for section in sections}
    for article in found:
        section = by_group[article.source.group_id]
        if len(section.articles) < per_group:
            section.articles.append(article)
    return sections


def source_get(*, slug: str) -> Source | None:
    return Source.objects.select_related("group").filter(slug=slug).first()


def group_get(*, slug: str) -> MediaGroup | None:
    return MediaGroup.objects.filter(slug=slug).first()
