"""Reads of stories for pages, the API and search."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from kabar.articles.models import Article
from kabar.stories.models import Story, StoryMember

TOP_HOURS = 48
MAX_MEMBERS = 50  # shown per story; a story of more copies than this is rare and shown cut


@dataclass(frozen=True)
class StoryView:
    id: int
    size: int
    outlet_count: int
    origin: str
    first_seen: datetime
    last_updated: datetime
    members: list[Article]  # (published_at, id) order, source and group loaded

    @property
    def representative(self) -> Article:
        return self.members[0]

    @property
    def outlets(self) -> list[Article]:
        """One version per outlet, the earliest of each, in publication order."""
        return self.others(source_id=None)

    def others(self, *, source_id: int | None) -> list[Article]:
        """One version per outlet other than ``source_id``, the earliest of each."""
        seen, out = {source_id}, []
        for member in self.members:
            if member.source_id not in seen:
                seen.add(member.source_id)
                out.append(member)
        return out


@dataclass(frozen=True)
class ArticleStory:
    """What an article page shows of its story: the other outlets' versions and the wire origin."""

    story: StoryView
    others: list[Article]
    origin: str


def story_ids_for(article_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """{article id: (story id, story size)} for the clustered ones among ``article_ids``."""
    ids = list(set(article_ids))
    rows = StoryMember.objects.filter(article_id__in=ids).values_list("article_id", "story_id", "story__size")
    return {article_id: (story_id, size) for article_id, story_id, size in rows}


def stories_for_articles(article_ids: Iterable[int]) -> dict[int, StoryView]:
    """{article id: its story} for the clustered ones among ``article_ids``, in two queries (one
    when none is clustered)."""
    rows = (
        StoryMember.objects.filter(article_id__in=list(set(article_ids)))
        .select_related("story")
        .only("article_id", "story")
    )
    found = {row.article_id: row.story for row in rows}
    views = _views({story.pk: story for story in found.values()}.values())
    return {article_id: views[story.pk] for article_id, story in found.items() if story.pk in views}


def story_for_article(article: Article) -> ArticleStory | None:
    """The article's story for its page ("Juga diberitakan oleh", "Sumber asli"), or None while it
    is not clustered yet."""
    story = stories_for_articles([article.pk]).get(article.pk)
    if story is None:
        return None
    return ArticleStory(story=story, others=story.others(source_id=article.source_id), origin=story.origin)


def top_stories(
    *, since: datetime | None = None, limit: int = 10, min_outlets: int = 2, now: datetime | None = None
) -> list[StoryView]:
    """Stories with news since ``since`` (default: the last TOP_HOURS hours), most outlets first,
    then the most recently updated."""
    since = since or (now or timezone.now()) - timedelta(hours=TOP_HOURS)
    stories = list(
        Story.objects.filter(last_updated__gte=since, outlet_count__gte=min_outlets).order_by(
            "-outlet_count", "-last_updated", "-id"
        )[:limit]
    )
    views = _views(stories)
    return [views[s.pk] for s in stories if s.pk in views]


def _views(stories: Iterable[Story]) -> dict[int, StoryView]:
    """Views of these stories with their members, in one query."""
    stories = {s.pk: s for s in stories}
    if not stories:
        return {}
    members: dict[int, list[Article]] = {pk: [] for pk in stories}
    rows = (
        StoryMember.objects.filter(story_id__in=list(stories))
        .select_related("article__source__group")
        .defer("article__body")
        .order_by("story_id", "published_at", "article_id")
    )
    for row in rows:
        if len(members[row.story_id]) < MAX_MEMBERS:
            members[row.story_id].append(row.article)
    return {
        pk: StoryView(
            id=pk,
            size=s.size,
            outlet_count=s.outlet_count,
            origin=s.origin,
            first_seen=s.first_seen,
            last_updated=s.last_updated,
            members=members[pk],
        )
        for pk, s in stories.items()
        if members[pk]
    }
