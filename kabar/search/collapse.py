"""Search results collapsed by story: one result per story, the best-ranked member in the current
order, with the story's other articles alongside.

How: the engine's order of the matches is read from the top, a window of ids at a time, and each
window's ids are mapped to their stories in one query on StoryMember (by primary key). The first id
of each story is kept, until the page is filled. An article that is not clustered yet (a few
seconds after it is stored) counts as a story of its own.

Limits, documented where they show: ``total``, the facets and the timeline stay those of the full
match set (articles, not stories); only the first MAX_WINDOW matches are looked at, so collapsed
results can be paged through only as far as those reach. Pages 1 to a few cost one window; a
window too short for the page (large stories) is widened by WIDEN times, and only its new ids are
mapped. With the relevance sort a window past RERANK_POOL widens the engine's pool as deep pages
of an uncollapsed search do (engine.py). Queries added to a search: one per window (usually one)
and one for the other articles of the page's stories.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kabar.articles.models import Article
from kabar.search import engine
from kabar.stories.models import StoryMember
from kabar.stories.selectors import MAX_MEMBERS, story_ids_for

FIRST_WINDOW = 200  # matches looked at for the first page or two
WINDOW_PER_RESULT = 3  # then this many matches per result wanted, before widening
WIDEN = 4
MAX_WINDOW = 20_000  # matches looked at, at most (the API pages through at most 10,000 results)
CHUNK = 5_000  # ids per mapping query, below every database's limit on parameters


@dataclass(frozen=True)
class Collapsed:
    ids: list[int]  # the page: one article per story, in the engine's order
    stories: dict[int, tuple[int, int]]  # article id -> (story id, story size), for the clustered ones
    groups: int | None  # how many collapsed results there are in all, when known (None: more than shown)


def collapse_page(fetch: Callable[[int], tuple[list[int], int]], *, page: int, page_size: int) -> Collapsed:
    """The ``page``-th page of collapsed results. ``fetch(limit)`` returns the first ``limit`` ids of
    the matches in the current order, and the number of matches."""
    needed = page * page_size
    limit = min(MAX_WINDOW, max(FIRST_WINDOW, needed * WINDOW_PER_RESULT))
    stories: dict[int, tuple[int, int]] = {}
    firsts: list[int] = []
    seen: set[tuple[str, int]] = set()
    looked = 0
    while True:
        ids, total = fetch(limit)
        new = ids[looked:]
        for start in range(0, len(new), CHUNK):
            stories.update(story_ids_for(new[start : start + CHUNK]))
        for article_id in new:
            key = ("story", stories[article_id][0]) if article_id in stories else ("article", article_id)
            if key not in seen:
                seen.add(key)
                firsts.append(article_id)
        looked = len(ids)
        exhausted = looked >= total or looked < limit or limit >= MAX_WINDOW
        if len(firsts) > needed or exhausted:
            break
        limit = min(MAX_WINDOW, limit * WIDEN)
    page_ids = firsts[needed - page_size : needed]
    return Collapsed(
        ids=page_ids,
        stories={pk: stories[pk] for pk in page_ids if pk in stories},
        groups=len(firsts) if exhausted else None,
    )


def other_members(shown: dict[int, tuple[int, int]]) -> dict[int, list[Article]]:
    """{shown article id: the other articles of its story}, for the stories of more than one article,
    earliest published first (at most MAX_MEMBERS - 1 each), with their sources; one query."""
    wanted = {story_id: article_id for article_id, (story_id, size) in shown.items() if size > 1}
    others: dict[int, list[Article]] = {article_id: [] for article_id in wanted.values()}
    if not wanted:
        return others
    rows = (
        StoryMember.objects.filter(story_id__in=list(wanted))
        .select_related("article__source")
        .only(
            "story_id",
            "article__id",
            "article__title",
            "article__url",
            "article__published_at",
            "article__source__slug",
            "article__source__name",
        )
        .order_by("story_id", "published_at", "article_id")
    )
    for row in rows:
        shown_id = wanted[row.story_id]
        if row.article_id != shown_id and len(others[shown_id]) < MAX_MEMBERS - 1:
            others[shown_id].append(row.article)
    return others


def collapsed_matches(run: Callable[..., engine.Matches], *, page: int, page_size: int):
    """The engine's Matches with the collapsed page as ids, and the Collapsed; ``run(offset=, limit=)``
    is one engine search (its total, facets and timeline are those of the full match set)."""
    last: list[engine.Matches] = []

    def fetch(limit: int) -> tuple[list[int], int]:
        last[:] = [run(offset=0, limit=limit)]
        return last[0].ids, last[0].total

    grouped = collapse_page(fetch, page=page, page_size=page_size)
    found = last[0]
    return engine.Matches(found.total, grouped.ids, found.source_counts, found.day_counts), grouped


def add_stories(hits: list, stories: dict[int, tuple[int, int]]) -> None:
    """Set each search hit's story size and the story's other articles (one query)."""
    others = other_members(stories)
    for hit in hits:
        hit.story_size = stories.get(hit.article.pk, (0, 1))[1]
        hit.others = others.get(hit.article.pk, [])
