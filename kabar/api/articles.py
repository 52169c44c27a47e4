"""GET /api/v1/articles and /api/v1/articles/{id}."""

from __future__ import annotations

from ninja import Path, Query, Router

from kabar.api.errors import ApiError, ErrorOut
from kabar.api.schemas import ArticleOut, ArticlePage, article_out
from kabar.api.selectors import group_by_slug, source_by_slug
from kabar.articles.selectors import article_get, article_list
from kabar.stories.selectors import stories_for_articles

router = Router(tags=["articles"])

MAX_PAGE = 1_000_000  # keeps OFFSET in a sane range; deep pages are slow for any database
MAX_ID = 2**63 - 1  # largest BigAutoField value; anything above cannot exist


@router.get(
    "/articles",
    response={200: ArticlePage, 400: ErrorOut},
    summary="List articles, newest first",
    description=(
        "Articles ordered by publication time, newest first. Filter by source slug and/or media "
        "group slug. An unknown slug is a 400 error (code `unknown_source` or `unknown_group`); "
        "a page past the end returns an empty `results` list."
    ),
)
def list_articles(
    request,
    source: str = Query("", max_length=64, description="Source slug, e.g. `mainichi`."),
    group: str = Query("", max_length=64, description="Media group slug, e.g. `media-jepang`."),
    page: int = Query(1, ge=1, le=MAX_PAGE, description="Page number, from 1."),
    page_size: int = Query(20, ge=1, le=100, description="Articles per page, 1 to 100."),
):
    source_obj = group_obj = None
    if source:
        source_obj = source_by_slug(slug=source)
        if source_obj is None:
            raise ApiError(400, "unknown_source", f'No source with slug "{source}".')
    if group:
        group_obj = group_by_slug(slug=group)
        if group_obj is None:
            raise ApiError(400, "unknown_group", f'No media group with slug "{group}".')
    articles = article_list(source=source_obj, group=group_obj)
    start = (page - 1) * page_size
    rows = list(articles[start : start + page_size])
    stories = stories_for_articles([a.pk for a in rows])
    return {
        "total": articles.count(),
        "page": page,
        "page_size": page_size,
        "results": [article_out(request, a, stories.get(a.pk)) for a in rows],
    }


@router.get(
    "/articles/{int:id}",
    response={200: ArticleOut, 404: ErrorOut},
    summary="One article",
    description=(
        "The full article, with its story (the same report in other outlets). An id that does not "
        "exist is a 404 error (code `not_found`)."
    ),
)
def get_article(request, id: int = Path(..., description="The article's id.")):
    article = article_get(pk=id) if 1 <= id <= MAX_ID else None
    if article is None:
        raise ApiError(404, "not_found", f"No article with id {id}.")
    return article_out(request, article, stories_for_articles([article.pk]).get(article.pk))
