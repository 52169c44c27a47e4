"""GET /api/v1/search: the same search as the /cari page, as JSON."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from django.core.serializers.json import DjangoJSONEncoder
from ninja import Field, Query, Router
from pydantic import BaseModel, PlainSerializer, WithJsonSchema

from kabar.api.errors import ApiError, ErrorOut
from kabar.api.selectors import group_by_slug, source_by_slug
from kabar.search.collapse import MAX_WINDOW
from kabar.search.selectors import search_articles

router = Router(tags=["search"])

# Plain pydantic models, not ninja Schemas, for the answer's parts: a Schema runs a Python validator
# per object, and a year's timeline has 366 of them (most of the time of a search request went there).
# Dates are made text here (as the rest of the API writes them), so the JSON renderer does not call
# back into Python for each.
_ENCODE = DjangoJSONEncoder().default
IsoDate = Annotated[
    date,
    PlainSerializer(_ENCODE, return_type=str),
    WithJsonSchema({"type": "string", "format": "date"}),
]
IsoDateTime = Annotated[
    datetime,
    PlainSerializer(_ENCODE, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]

MAX_PAGE = 500
# The engine collects every hit up to the end of the page, so the depth is capped (as Elasticsearch's
# index.max_result_window does) rather than letting one request walk a year of articles.
MAX_RESULT_WINDOW = 10_000


class SearchSource(BaseModel):
    slug: str = Field(examples=["mainichi"])
    name: str = Field(examples=["Mainichi"])


class SearchCounts(BaseModel):
    views: int
    likes: int
    comments: int
    shares: int


class SearchHit(BaseModel):
    id: int
    url: str = Field(description="The article at its publisher (canonical URL).")
    permalink: str = Field(description="The article's page on this site (absolute URL).")
    title: str = Field(description="Plain text.")
    title_highlighted: str = Field(
        description="The title as HTML: text escaped, matched words wrapped in `<mark>`; no other tags."
    )
    snippet: str = Field(
        description=(
            "About 30 words of the body around the best match, as HTML: text escaped, matched words "
            "in `<mark>`, no other tags. Empty when the article has no body."
        )
    )
    source: SearchSource
    published_at: IsoDateTime = Field(description="ISO 8601 with offset.")
    counts: SearchCounts
    story_size: int | None = Field(
        None,
        description=(
            "Only with `collapse=true` (absent otherwise): the number of articles in this result's story, "
            "the same report in several outlets; 1 for an article in no story (or not clustered yet)."
        ),
    )


class SourceFacet(BaseModel):
    slug: str
    name: str
    count: int = Field(description="Matching articles from this source.")


class Facets(BaseModel):
    sources: list[SourceFacet] = Field(description="Matching articles per source, over the full match set.")


class TimelineDay(BaseModel):
    date: IsoDate
    count: int = Field(description="Matching articles published that day.")


class Notice(BaseModel):
    code: str = Field(examples=["since_clamped"])
    message: str = Field(description="For people; may be in Indonesian.")


class SearchOut(BaseModel):
    query: str = Field(description="The query text as searched (at most 500 characters).")
    total: int = Field(
        description="Number of matching articles over all pages (articles, not stories, with `collapse=true`)."
    )
    page: int
    page_size: int
    results: list[SearchHit] = Field(
        description=(
            "This page of the matches: every match, or with `collapse=true` one per story (the "
            "best-ranked of its matches in the chosen order)."
        )
    )
    facets: Facets
    timeline: list[TimelineDay] = Field(description="Matches per day over the range searched.")
    ignored_terms: list[str] = Field(description="Common words that were left out of the query.")
    notices: list[Notice]


QUERY_HELP = (
    'The query. Words must all match; `"a phrase"` in order; `-word` or `-"a phrase"` excludes; '
    "`a OR b` either; `source:mainichi`, `group:media-jepang` filter; `intitle:word` in the title. "
    "Matching ignores case and accents and stems English words. Empty = every article in the window. "
    "At most 2000 characters are accepted and the first 500 are searched."
)

# Parameter declarations with mutable or optional types live here, not in the signature's defaults.
SOURCE_PARAM = Query([], description="Source slug, e.g. `mainichi`; repeat for several (any of them).")
SINCE_PARAM = Query(None, description="First publication day, inclusive (YYYY-MM-DD).")
UNTIL_PARAM = Query(None, description="Last publication day, inclusive (YYYY-MM-DD).")


@router.get(
    "/search",
    response={200: SearchOut, 400: ErrorOut},
    exclude_none=True,  # story_size only when collapsing; no other field of the answer is ever null
    summary="Search articles",
    description=(
        "Full-text search over the articles published within the search window (the last year by "
        "default). `total`, `facets` and `timeline` cover the full match set, not only the page. "
        "`sort=relevance` ranks by BM25 (title boosted) with a recency decay; `sort=newest` orders by "
        "publication time, newest first. Bad parameters are a 400 error: `invalid_parameter` for a "
        "value out of range or not a date, `invalid_range` for `until` before `since`, "
        "`unknown_source` / `unknown_group` for a slug that does not exist. Only the first "
        f"{MAX_RESULT_WINDOW:,} matches can be paged through (`page * page_size`). "
        "`collapse=true` gives one result per story (one report carried by several outlets), the "
        "best-ranked member of the story among the matches, with `story_size`; `total`, `facets` and "
        f"`timeline` still count articles, and collapsed results are drawn from the first {MAX_WINDOW:,} "
        "matches, so a page past their end is empty. `collapse=false` (the default) lists every match."
    ),
)
def search(
    request,
    q: str = Query("", max_length=2000, description=QUERY_HELP),
    source: list[str] = SOURCE_PARAM,
    group: str = Query("", max_length=64, description="Media group slug, e.g. `media-jepang`."),
    since: date | None = SINCE_PARAM,
    until: date | None = UNTIL_PARAM,
    sort: Literal["relevance", "newest"] = Query("relevance", description="Order of the results."),
    page: int = Query(1, ge=1, le=MAX_PAGE, description=f"Page number, 1 to {MAX_PAGE}."),
    page_size: int = Query(20, ge=1, le=100, description="Results per page, 1 to 100."),
    collapse: bool = Query(
        False, description="`true`: one result per story, each with `story_size`; `false`: every match."
    ),
):
    if page * page_size > MAX_RESULT_WINDOW:
        raise ApiError(
            400,
            "invalid_parameter",
            f"page * page_size must not exceed {MAX_RESULT_WINDOW}; narrow the query.",
        )
    if since and until and until < since:
        raise ApiError(400, "invalid_range", "until must not be before since.")
    if len(source) > 20:
        raise ApiError(400, "invalid_parameter", "At most 20 source parameters.")
    for slug in source:
        if len(slug) > 64 or source_by_slug(slug=slug) is None:
            raise ApiError(400, "unknown_source", f'No source with slug "{slug[:64]}".')
    if group and group_by_slug(slug=group) is None:
        raise ApiError(400, "unknown_group", f'No media group with slug "{group}".')
    found = search_articles(
        q=q,
        sources=tuple(dict.fromkeys(source)),
        group=group or None,
        since=since,
        until=until,
        sort=sort,
        page=page,
        page_size=page_size,
        collapse=collapse,
    )
    return {
        "query": found.query.raw,
        "total": found.total,
        "page": page,
        "page_size": page_size,
        "results": [_hit(request, hit, collapse=collapse) for hit in found.results],
        "facets": {"sources": [{"slug": s, "name": n, "count": c} for s, n, c in found.facets.sources]},
        "timeline": [{"date": d, "count": c} for d, c in found.timeline],
        "ignored_terms": list(found.ignored_terms),
        "notices": [{"code": c, "message": str(m)} for c, m in found.notices],
    }


def _hit(request, hit, *, collapse: bool = False) -> dict:
    article = hit.article
    return {
        "id": article.pk,
        "url": article.url,
        "permalink": request.build_absolute_uri(article.get_absolute_url()),
        "title": article.title,
        "title_highlighted": str(hit.title_highlighted),
        "snippet": str(hit.snippet),
        "source": {"slug": article.source.slug, "name": article.source.name},
        "published_at": article.published_at,
        "counts": {
            "views": article.view_count,
            "likes": article.like_count,
            "comments": article.comment_count,
            "shares": article.share_count,
        },
        "story_size": hit.story_size if collapse else None,  # None: left out of the answer
    }
