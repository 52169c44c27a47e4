"""Response shapes of the API, and the one place that turns an Article into its JSON."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from kabar.articles.models import Article
from kabar.stories.selectors import StoryView


class SourceRef(Schema):
    slug: str = Field(examples=["mainichi"])
    name: str = Field(examples=["Mainichi"])
    group: str = Field(description="Slug of the source's media group.", examples=["media-jepang"])


class Counts(Schema):
    views: int
    likes: int
    comments: int
    shares: int


class StoryMemberOut(Schema):
    id: int
    source: SourceRef
    title: str
    url: str = Field(description="This version at its publisher.")
    permalink: str = Field(description="This version's page on this site.")
    published_at: datetime


class StoryOut(Schema):
    id: int
    size: int = Field(description="Number of articles in the story.")
    outlet_count: int = Field(description="Number of different outlets among them.")
    origin: str = Field(description='The wire agency by dateline, e.g. "Kyodo"; empty when unknown.')
    members: list[StoryMemberOut] = Field(description="Every version, earliest published first.")


class ArticleOut(Schema):
    id: int
    url: str = Field(description="The article at its publisher (canonical URL).")
    permalink: str = Field(description="The article's page on this site (absolute URL).")
    title: str
    summary: str = Field(description="Empty when the publisher gave none.")
    body: str = Field(description="Plain text; paragraphs are separated by a blank line.")
    author: str = Field(description="Empty when unknown.")
    source: SourceRef
    published_at: datetime = Field(description="ISO 8601 with offset.")
    image_url: str = Field(description="Empty when the article has no image.")
    image_caption: str
    language: str = Field(examples=["en"])
    counts: Counts
    story: StoryOut | None = Field(
        description=(
            "The story this article belongs to: the same report in other outlets (a story of size 1 "
            "when none ran it). Null for a few seconds after the article is stored, until it is clustered."
        )
    )


class TopStoryOut(StoryOut):
    first_seen: datetime = Field(description="Publication time of the earliest version.")
    last_updated: datetime = Field(description="Publication time of the latest version.")
    title: str = Field(description="The headline of the earliest version.")


class ArticlePage(Schema):
    total: int = Field(description="Number of articles matching the filters, over all pages.")
    page: int
    page_size: int
    results: list[ArticleOut]


def _source(article: Article) -> dict:
    return {"slug": article.source.slug, "name": article.source.name, "group": article.source.group.slug}


def story_out(request, story: StoryView) -> dict:
    """The API form of a story; its members' sources and groups are loaded by the selector."""
    return {
        "id": story.id,
        "size": story.size,
        "outlet_count": story.outlet_count,
        "origin": story.origin,
        "first_seen": story.first_seen,
        "last_updated": story.last_updated,
        "title": story.representative.title,
        "members": [
            {
                "id": m.pk,
                "source": _source(m),
                "title": m.title,
                "url": m.url,
                "permalink": request.build_absolute_uri(m.get_absolute_url()),
                "published_at": m.published_at,
            }
            for m in story.members
        ],
    }


def article_out(request, article: Article, story: StoryView | None = None) -> dict:
    """The API form of an article; the source and its group must already be loaded."""
    return {
        "id": article.pk,
        "url": article.url,
        "permalink": request.build_absolute_uri(article.get_absolute_url()),
        "title": article.title,
        "summary": article.summary,
        "body": article.body,
        "author": article.author,
        "source": _source(article),
        "published_at": article.published_at,
        "image_url": article.image_url,
        "image_caption": article.image_caption,
        "language": article.language,
        "counts": {
            "views": article.view_count,
            "likes": article.like_count,
            "comments": article.comment_count,
            "shares": article.share_count,
        },
        "story": story_out(request, story) if story is not None else None,
    }
