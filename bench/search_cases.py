"""The fixed query mix of the search bench, and how each engine runs one case.

kabar caches search results per index commit, so a mix that repeated a handful of queries would
time the cache. Each class is therefore a fixed, deterministic list of hundreds of distinct queries
of the same kind (the headline ones, such as "japan" and the phrase "japan government", first), and
no query is sent twice in a run, except in the REPEATED class, which times the cache on purpose.

Every case is run three ways: through HTTP (`GET /api/v1/search`, the full stack), on raw Tantivy
in-process (the engine's query built from the parsed AST, top 20 by BM25 with the count: no view,
no rerank, no snippets, facets or cache) and on SQLite FTS5 (see fts5_baseline.py).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import corpus
from fts5_baseline import Fts5

from kabar.search.query import STOPWORDS, parse

CLASSES = ("common", "rare", "phrase", "exclusion", "or", "source", "date")
REPEATED = "repeated"
GROUPS = {
    "kantor-berita": ("kyodo", "jiji"),
    "media-jepang": tuple(s for s in corpus.SOURCES if s not in ("kyodo", "jiji")),
}
FIRST_RARE_RANK = 20_000  # at 200k articles: about 350 articles; rank 80,000 about 90
COMMON_WORDS = 40  # the most frequent words that are not stopwords: each in ~30-100 % of articles
FUNCTION_WORDS = 30  # the most frequent words, stopwords included, for phrases of common words


@dataclass(frozen=True)
class Case:
    klass: str
    q: str
    sources: tuple[str, ...] = ()
    group: str = ""
    since: date | None = None
    until: date | None = None
    since_days: int = 0  # the dates again, relative to the run day, for the report
    until_days: int = 0

    @property
    def path(self) -> str:
        params = [("q", self.q)] + [("source", s) for s in self.sources]
        if self.group:
            params.append(("group", self.group))
        if self.since:
            params.append(("since", self.since.isoformat()))
        if self.until:
            params.append(("until", self.until.isoformat()))
        return "/api/v1/search?" + urlencode(params)

    @property
    def label(self) -> str:
        extra = [f"source={s}" for s in self.sources]
        extra += [f"group={self.group}"] if self.group else []
        extra += [f"since=today−{self.since_days}d"] if self.since else []
        extra += [f"until=today−{self.until_days}d"] if self.until else []
        return f"`{self.q}`" + (" " + ", ".join(extra) if extra else "")


def _words() -> tuple[list[str], list[str], list[str]]:
    vocabulary = corpus.vocabulary()
    common = [w for w in vocabulary[:200] if w not in STOPWORDS][:COMMON_WORDS]
    rare = vocabulary[FIRST_RARE_RANK - 1 :: 60]
    return common, vocabulary[:FUNCTION_WORDS], rare


def _queries(klass: str, today: date) -> tuple[list[Case], list[Case]]:
    """(headline cases, the others in a fixed shuffled order) of one class."""
    common, function, rare = _words()
    pairs = list(itertools.permutations(common, 2))
    rng = random.Random(klass)

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    def c(q: str, **extra) -> Case:
        return Case(klass, q, **extra)

    if klass == "common":
        head = [c("japan"), c("japan economy")]
        rest = [c(w) for w in common] + [c(f"{a} {b}") for a, b in itertools.combinations(common, 2)]
    elif klass == "rare":
        head = [c(rare[0]), c(f"tokyo {rare[1]}")]
        rest = [c(w) for w in rare[2:]] + [
            c(f"{a} {b}") for a, b in zip(common * 30, rare[500:], strict=False)
        ]
    elif klass == "phrase":
        # The slow case of a positional index: "japan" is in 100 % of the articles, "government" in 83 %.
        head = [c('"japan government"'), c('"prime minister"'), c('"the prime minister"')]
        rest = [c(f'"{a} {b}"') for a, b in itertools.product(function, repeat=2) if a != b]
        rest += [
            c(f'"{a} {b} {x}"')
            for (a, b), x in zip(itertools.product(function, repeat=2), common * 30, strict=False)
        ]
    elif klass == "exclusion":
        head = [c("economy -government"), c('japan -"prime minister"'), c("tokyo -police -election")]
        rest = [c(f"{a} -{b}") for a, b in pairs]
    elif klass == "or":
        head = [c(f"{rare[0]} OR {rare[3]}"), c("economy OR election"), c("typhoon OR earthquake tokyo")]
        rest = [c(f"{a} OR {b}") for a, b in zip(rare[4::2], rare[5::2], strict=False)]
        rest += [c(f"{a} OR {b}") for a, b in itertools.combinations(common, 2)]
    elif klass == "source":
        head = [c("japan", sources=("mainichi",)), c("economy", sources=("kyodo", "jiji"))]
        head.append(c('"japan government"', group="kantor-berita"))
        slugs = list(corpus.SOURCES)
        rest = [c(w, sources=(s,)) for w in common for s in slugs]
        rest += [c(w, group=g) for w in common for g in GROUPS]
        rest += [c(w, sources=(a, b)) for w in common for a, b in zip(slugs, slugs[1:], strict=False)]
    elif klass == "date":
        head = [c("japan", since=ago(30), since_days=30)]
        head.append(c("economy", since=ago(120), until=ago(106), since_days=120, until_days=106))
        head.append(c('"prime minister"', since=ago(7), since_days=7))
        rest = [c(w, since=ago(d), since_days=d) for w in common for d in (1, 7, 30, 90)]
        rest += [
            c(w, since=ago(d + 14), until=ago(d), since_days=d + 14, until_days=d)
            for w in common
            for d in range(30, 320, 30)
        ]
    else:
        raise ValueError(klass)
    rest = [case for case in dict.fromkeys(rest) if case not in head]
    rng.shuffle(rest)
    return head, rest


def mix(today: date, length: int) -> dict[str, list[Case]]:
    """Per class, `length` distinct cases (headline ones first), or all there are if fewer."""
    out = {}
    for klass in CLASSES:
        head, rest = _queries(klass, today)
        out[klass] = (head + rest)[:length]
    return out


def _day_start(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=zone)


def _bounds(case: Case, zone: ZoneInfo) -> tuple[datetime | None, datetime | None]:
    """since/until are inclusive days in the site's time zone: [since 00:00, until+1 00:00)."""
    since = _day_start(case.since, zone) if case.since else None
    until = _day_start(case.until + timedelta(days=1), zone) if case.until else None
    return since, until


def _slugs(case: Case) -> tuple[str, ...]:
    return case.sources or GROUPS.get(case.group, ())


def fts5_runner(db: Path, zone: ZoneInfo) -> tuple[Callable[[Case], object], Fts5]:
    engine = Fts5(db)

    def run(case: Case) -> object:
        since, until = _bounds(case, zone)
        return engine.search(parse(case.q), sources=_slugs(case), since=since, until=until)

    return run, engine


def tantivy_runner(window_days: int, zone: ZoneInfo) -> Callable[[Case], int]:
    """Raw Tantivy through kabar.search.engine, in this process. Needs django.setup() done with
    the bench's KABAR_DATA_DIR, since source ids come from the database."""
    from kabar.search import engine
    from kabar.sources.models import Source

    ids = dict(Source.objects.values_list("slug", "id"))
    searcher = engine.reader().searcher()
    window_start = datetime.now(zone) - timedelta(days=window_days)

    def run(case: Case) -> int:
        since, until = _bounds(case, zone)
        slugs = _slugs(case)
        filters = engine.Filters(
            lower=max(since, window_start) if since else window_start,
            upper=until,
            source_ids=frozenset(ids[s] for s in slugs) if slugs else None,
        )
        # As the engine does: the window's start is left out when nothing in the index is older.
        query = engine.build_query(parse(case.q), filters, need_lower=since is not None)
        return searcher.search(query, 20, count=True).count

    return run


def selector_runner() -> Callable[[Case], int]:
    """kabar's search selector in this process: everything a request does but the view, the JSON
    and HTTP (its own result cache included, which this mix never hits)."""
    from kabar.search.selectors import search_articles

    def run(case: Case) -> int:
        page = search_articles(
            q=case.q, sources=case.sources, group=case.group or None, since=case.since, until=case.until
        )
        return page.total

    return run
