"""/cari: the search page. Parameters are read by search_params, matches come from the search
selectors, and this view only joins them with what the template needs to show and link."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from django.shortcuts import render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kabar.articles.models import Article
from kabar.search import query as search_query
from kabar.search.selectors import search_articles
from kabar.sources.models import Source
from kabar.web.search_params import MAX_PAGE, PER_PAGE, SearchParams, parse_params, presets

_MARK = re.compile(r"</?mark>")


def highlighted(html: str) -> SafeString:
    """The selectors' highlighted text, trusted as HTML only if <mark> is its one tag.

    The selectors escape the text themselves; this is the one place the page lets HTML from them
    through, so it checks rather than trusts: any other "<" or ">" means the text is escaped again.
    """
    html = str(html)
    if "<" in _MARK.sub("", html) or ">" in _MARK.sub("", html):
        return escape(_MARK.sub("", html))
    return mark_safe(html)  # noqa: S308 - checked above: only <mark> tags, the rest is escaped text


@dataclass(frozen=True)
class Hit:
    article: Article
    title_html: SafeString
    snippet_html: SafeString
    others: tuple[Article, ...] = ()  # collapsed: the story's other articles, behind "+N sumber lain"


@dataclass(frozen=True)
class Facet:
    slug: str
    name: str
    count: int
    selected: bool
    link: str  # adds the source to the filter, or removes it when selected


@dataclass(frozen=True)
class Suggestion:
    text: str
    link: str


def search(request):
    sources = dict(Source.objects.values_list("slug", "name"))
    params = parse_params(request.GET, known_sources=frozenset(sources))
    context = {"q": params.q, "params": params, "notices": list(params.notices), "searched": False}
    if not (params.q or params.sources or params.rentang or params.since or params.until):
        return render(request, "web/search.html", context)

    now = timezone.now()
    found = _run(params, now)
    pages = _pages(found)
    if found.total and params.page > pages:
        context["notices"].append(
            ("page_past_end", _("There are only %(n)s pages; showing the last one.") % {"n": pages})
        )
        params = replace(params, page=pages)
        found = _run(params, now)
        pages = _pages(found)

    parsed = search_query.parse(params.q)
    # Without an index there is nothing to say about the query: the notice says what is wrong.
    unavailable = any(code == "index_unavailable" for code, _message in found.notices)
    if params.until is not None and found.since is not None and params.until_moment() <= found.since:
        context["notices"].append(("until_before_window", _("At most 1 year back")))
    context.update(
        searched=True,
        params=params,
        total=found.total,
        hits=[_hit(item) for item in found.results],
        facets=_facets(params, found, sources),
        timeline=list(found.timeline),
        ignored_terms=list(found.ignored_terms),
        pager=_pager(params, pages),
        range_links=_range_links(params),
        unavailable=unavailable,
        suggestions=[] if found.total or unavailable else _suggestions(params, parsed, sources),
        # Without words there is nothing to rank: the selectors list newest first.
        sort_links=_sort_links(params) if parsed.must else [],
        collapse_links=_collapse_links(params),
        window_first=timezone.localdate(found.since) if found.since else None,
        today=timezone.localdate(now),
    )
    context["notices"] += [(code, str(message)) for code, message in found.notices]
    return render(request, "web/search.html", context)


def _run(params: SearchParams, now):
    since = params.since_moment(now)
    return search_articles(
        q=params.q,
        sources=params.sources,
        since=since,
        until=params.until_moment(),
        sort=params.sort,
        page=params.page,
        page_size=PER_PAGE,
        collapse=params.collapse,
    )


def _pages(found) -> int:
    """Pages of results: of stories when collapsed and their number is known, else of articles."""
    count = found.groups if found.collapsed and found.groups is not None else found.total
    return min(MAX_PAGE, max(1, math.ceil(count / PER_PAGE)))


def _hit(item) -> Hit:
    return Hit(
        article=item.article,
        title_html=highlighted(item.title_highlighted),
        snippet_html=highlighted(item.snippet),
        others=tuple(item.others),
    )


def _facets(params: SearchParams, found, names: dict[str, str]) -> list[Facet]:
    chosen = set(params.sources)
    facets = []
    seen = set()
    for slug, name, count in found.facets.sources:
        seen.add(slug)
        facets.append(Facet(slug, name, count, slug in chosen, _toggle(params, slug)))
    # A chosen source with no match still needs its "remove" link.
    for slug in params.sources:
        if slug not in seen:
            facets.append(Facet(slug, names.get(slug, slug), 0, True, _toggle(params, slug)))
    return facets


def _toggle(params: SearchParams, slug: str) -> str:
    if slug in params.sources:
        return params.query_string(sources=tuple(s for s in params.sources if s != slug))
    return params.query_string(sources=(*params.sources, slug))


def _range_links(params: SearchParams) -> list[tuple[str, str, bool]]:
    """(label, link, current) for "any time" and each preset."""
    custom = bool(params.since or params.until)
    links = [
        (
            _("Any time"),
            params.query_string(rentang="", since=None, until=None),
            not params.rentang and not custom,
        )
    ]
    for preset in presets():
        links.append(
            (
                preset.label,
                params.query_string(rentang=preset.key, since=None, until=None),
                params.rentang == preset.key,
            )
        )
    return links


def _sort_links(params: SearchParams) -> list[tuple[str, str, bool]]:
    return [
        (_("Most relevant"), params.query_string(urut="relevan"), params.urut == "relevan"),
        (_("Newest"), params.query_string(urut="terbaru"), params.urut == "terbaru"),
    ]


def _collapse_links(params: SearchParams) -> list[tuple[str, str, bool]]:
    return [
        (_("One per story"), params.query_string(collapse=True), params.collapse),
        (_("Every article"), params.query_string(collapse=False), not params.collapse),
    ]


def _pager(params: SearchParams, pages: int) -> dict:
    return {
        "number": params.page,
        "pages": pages,
        "previous": params.query_string(page=params.page - 1) if params.page > 1 else "",
        "next": params.query_string(page=params.page + 1) if params.page < pages else "",
    }


def _suggestions(params: SearchParams, parsed: search_query.Query, names: dict[str, str]) -> list[Suggestion]:
    """Concrete next steps for a search without results, each a link that performs it."""
    out: list[Suggestion] = []
    for excluded in parsed.exclude:
        rest = replace(parsed, exclude=tuple(x for x in parsed.exclude if x != excluded))
        shown = "-" + search_query.Query(must=(excluded,)).to_text()
        out.append(
            Suggestion(
                _("Remove the exclusion %(term)s") % {"term": shown}, params.query_string(q=rest.to_text())
            )
        )
    if params.rentang or params.since or params.until:
        out.append(
            Suggestion(
                _("Widen the range: search the whole last year"),
                params.query_string(rentang="", since=None, until=None),
            )
        )
    if params.sources:
        chosen = ", ".join(names.get(slug, slug) for slug in params.sources)
        out.append(
            Suggestion(
                _("Search every source, not only %(names)s") % {"names": chosen},
                params.query_string(sources=()),
            )
        )
    if parsed.sources or parsed.groups:
        rest = replace(parsed, sources=(), groups=())
        out.append(
            Suggestion(_("Remove source: and group: from the query"), params.query_string(q=rest.to_text()))
        )
    phrases = [c for c in parsed.must if isinstance(c, search_query.Phrase)]
    # Only for quotes the reader typed; "e-mail" is a phrase too, but loosening it changes nothing.
    if phrases and any(quote in params.q for quote in '"“”„'):
        loose = " ".join(" ".join(p.words) for p in phrases)
        rest = replace(parsed, must=tuple(c for c in parsed.must if c not in phrases))
        out.append(
            Suggestion(
                _("Search the words without quotes: %(words)s") % {"words": loose},
                params.query_string(q=f"{loose} {rest.to_text()}".strip()),
            )
        )
    if len(parsed.must) >= 2:
        either = " OR ".join(search_query.Query(must=(c,)).to_text() for c in parsed.must)
        out.append(
            Suggestion(
                _("Match any of the words: %(query)s") % {"query": either}, params.query_string(q=either)
            )
        )
    return out
