"""Response shapes of the API, and the one place that turns an Article into its JSON."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from kabar.articles.models import Article


class SourceRef(Schema):
    slug: str = Field(examples=["mainichi"])
    name: str = Field(examples=["Mainichi"])
    group: str = Field(description="Slug of the source's media group.", examples=["media-jepang"])


class Counts(Schema):
    views: int
    likes: int
    comments: int
    shares: int


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


class ArticlePage(Schema):
    total: int = Field(description="Number of articles matching the filters, over all pages.")
    page: int
    page_size: int
    results: list[ArticleOut]


def article_out(request, article: Article) -> dict:
    """The API form of an article; the source and its group must already be loaded."""
    return {
        "id": article.pk,
        "url": article.url,
        "permalink": request.build_absolute_uri(article.get_absolute_url()),
        "title": article.title,
        "summary": article.summary,
        "body": article.body,
        "author": article.author,
        "source": {
            "slug": article.source.slug,
            "name": article.source.name,
            "group": article.source.group.slug,
        },
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
    }
