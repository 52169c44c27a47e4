"""search_articles(): the one entry point of search for pages and the API.

A search is: the query text parsed into an AST (``query.parse``), the window and the filters, one
run of the engine for the page, the total, the source facets and the timeline (all computed over
the full match set), then one database query that loads the page's articles, which are highlighted
here. Nothing else touches the database per result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial

from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from kabar.articles.models import Article
from kabar.search import engine
from kabar.search import schema as s
from kabar.search.collapse import add_stories, collapsed_matches
from kabar.search.highlight import Highlighter
from kabar.search.query import Or, Query, Term, parse
from kabar.sources.models import Source

COMMON_SHARE = 0.5  # a word in more than this share of the window gets a "more specific" notice
MAX_PAGE_SIZE = 100


@dataclass
class SearchHit:
    """One result: the article (source and group loaded) and its highlighted title and snippet.
    Attributes of the article can be read on the hit directly (hit.title, hit.source)."""

    article: Article
    title_highlighted: SafeString
    snippet: SafeString
    story_size: int = 1  # collapsed searches: articles in its story (1 when alone or not clustered)
    others: list[Article] = field(default_factory=list)  # collapsed: the story's other articles

    def __getattr__(self, name: str):
        if name == "article":  # not set yet (copy, pickle): no recursion
            raise AttributeError(name)
        return getattr(self.article, name)


@dataclass
class SearchFacets:
    sources: list[tuple[str, str, int]] = field(default_factory=list)  # (slug, name, count), most first


@dataclass
class SearchPage:
    query: Query
    total: int = 0
    page: int = 1
    page_size: int = 20
    sort: str = "relevance"
    results: list[SearchHit] = field(default_factory=list)
    facets: SearchFacets = field(default_factory=SearchFacets)
    timeline: list[tuple[date, int]] = field(default_factory=list)  # every day of the range, zeros too
    notices: list[tuple[str, str]] = field(default_factory=list)  # (code, message for people)
    since: datetime | None = None  # the range actually searched: since inclusive,
    until: datetime | None = None  # until exclusive (None: open)
    collapsed: bool = False  # one result per story (see collapse.py); total still counts articles
    groups: int | None = None  # collapsed: how many results there are in all, when known

    @property
    def ignored_terms(self) -> tuple[str, ...]:
        return self.query.ignored_terms

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages


def search_articles(
    *,
    q: str = "",
    sources: tuple[str, ...] | list[str] = (),
    group: str | None = None,
    since: date | datetime | None = None,
    until: date | datetime | None = None,
    sort: str = "relevance",
    page: int = 1,
    page_size: int = 20,
    now: datetime | None = None,
    collapse: bool = False,
) -> SearchPage:
    """Search the articles of the window.

    ``sources`` (slugs, any of them) and ``group`` (a slug) narrow the search on top of the
    ``source:`` and ``group:`` of the query text. A date ``since`` is the start of that day and a
    date ``until`` the end of that day, both in TIME_ZONE; a datetime ``since`` is inclusive and a
    datetime ``until`` exclusive. A query without words lists everything newest first.
    ``collapse`` gives one result per story, the best-ranked of its matches (see collapse.py).
    """
    now = now or timezone.now()
    parsed = parse(q)
    page, page_size = max(1, int(page)), min(MAX_PAGE_SIZE, max(1, int(page_size)))
    sort = sort if sort in engine.SORTS else "relevance"
    if not parsed.must:
        sort = "newest"
    result = SearchPage(query=parsed, page=page, page_size=page_size, sort=sort, collapsed=collapse)
    notices = result.notices
    if parsed.truncated:
        notices.append(("too_many_terms", _("The query is long; only its first part was searched.")))
    if parsed.ignored_terms:
        words = ", ".join(parsed.ignored_terms)
        notices.append(("ignored_terms", _("Common words are ignored: %(words)s.") % {"words": words}))
    if parsed.only_exclusions:
        notices.append(
            (
                "only_exclusions",
                _("The query only excludes words: showing every other article, newest first."),
            )
        )

    start = s.window_start(now)
    lower, upper = start, _upper(until)
    if since is not None:
        since_moment = _day_start(since) if not isinstance(since, datetime) else since
        if timezone.localdate(since_moment) < timezone.localdate(start):
            notices.append(("since_clamped", _("At most 1 year back")))
        lower = max(start, since_moment)
    result.since, result.until = lower, upper

    catalogue = _catalogue()
    unknown = [f"source:{slug}" for slug in parsed.sources if slug not in {row[1] for row in catalogue}]
    unknown += [f"group:{slug}" for slug in parsed.groups if slug not in {row[3] for row in catalogue}]
    if unknown:
        notices.append(
            ("unknown_filter", _("No such source or group: %(names)s.") % {"names": ", ".join(unknown)})
        )
    source_ids = _allowed_sources(catalogue, sources, group, parsed)
    if (upper is not None and upper <= lower) or source_ids == frozenset():
        return result  # an empty range, or filters no source passes

    today = timezone.localdate(now)
    last_day = min(today, timezone.localdate(upper - timedelta(seconds=1))) if upper is not None else today
    days = _days(timezone.localdate(lower), last_day)
    reader = engine.reader()
    try:
        run = partial(
            engine.search,
            reader,
            parsed,
            engine.Filters(lower=lower, upper=upper, source_ids=source_ids),
            sort=sort,
            days=days,
            tz=timezone.get_current_timezone(),
            recent_from=_day_start(min(today, last_day) - timedelta(days=engine.RECENT_DAYS)),
        )
        if collapse:
            matches, grouped = collapsed_matches(run, page=page, page_size=page_size)
        else:
            matches = run(offset=(page - 1) * page_size, limit=page_size)
        common = [w for w in _words(parsed) if engine.doc_share(reader, w) > COMMON_SHARE]
    except engine.IndexUnavailable:
        notices.append(
            ("index_unavailable", _("The search index is being prepared. Please try again shortly."))
        )
        return result
    for word in common:
        notices.append(
            (
                "common_word",
                _('"%(word)s" is in more than half of the articles; try a more specific keyword.')
                % {"word": word},
            )
        )
    result.total = matches.total
    result.timeline = matches.day_counts
    names = {pk: (slug, name) for pk, slug, name, _group in catalogue}
    facets = [(*names[pk], count) for pk, count in matches.source_counts.items() if pk in names]
    result.facets.sources = sorted(facets, key=lambda f: (-f[2], f[1], f[0]))
    result.results = _hydrate(matches.ids, Highlighter(parsed))
    if collapse:
        result.groups = grouped.groups
        add_stories(result.results, grouped.stories)
    return result


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _upper(until: date | datetime | None) -> datetime | None:
    if until is None:
        return None
    if isinstance(until, datetime):
        return until
    return _day_start(until + timedelta(days=1))


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _catalogue() -> list[tuple[int, str, str, str]]:
    """Every source with its group's slug: one small query serves both the filters and the facet
    names (there are tens of sources, not thousands)."""
    return list(Source.objects.values_list("id", "slug", "name", "group__slug"))


def _allowed_sources(catalogue, sources, group, parsed: Query) -> frozenset[int] | None:
    """The source ids every filter allows, or None when nothing filters by source. Each filter is
    "any of" its slugs, and the filters narrow one another."""
    allowed: set[int] | None = None
    wanted = [
        (1, set(sources)),
        (1, set(parsed.sources)),
        (3, {group} if group else set()),
        (3, set(parsed.groups)),
    ]
    for column, slugs in wanted:
        if not slugs:
            continue
        ids = {row[0] for row in catalogue if row[column] in slugs}
        allowed = ids if allowed is None else allowed & ids
    return frozenset(allowed) if allowed is not None else None


def _words(parsed: Query) -> list[str]:
    """The single words of the query (not phrases), for the common-word notice."""
    words: dict[str, None] = {}
    for clause in parsed.must:
        for leaf in clause.items if isinstance(clause, Or) else (clause,):
            if isinstance(leaf, Term):
                words[leaf.text] = None
    return list(words)


def _hydrate(ids: list[int], highlighter: Highlighter) -> list[SearchHit]:
    if not ids:
        return []
    found = Article.objects.select_related("source", "source__group").in_bulk(ids)
    hits = []
    for pk in ids:
        article = found.get(pk)
        if article is None:  # deleted since it was indexed
            continue
        hits.append(
            SearchHit(
                article=article,
                title_highlighted=highlighter.title(article.title),
                snippet=highlighter.snippet(article.body or article.summary),
            )
        )
    return hits
