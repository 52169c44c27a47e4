"""Query AST -> Tantivy query objects, and running them: the page, the total, facets and timeline.

Reader text never reaches Tantivy's query parser: every Tantivy query here is built from the AST
that ``query.parse`` returns, term by term.

Relevance. Tantivy scores with BM25 (the title boosted by TITLE_BOOST) but has no hook for a custom
score, and the decay we want depends on the article's age. So the engine takes the best RERANK_POOL
matches by BM25 over the whole range, plus the best RERANK_POOL among the articles of the last
RECENT_DAYS (so a fresh article with an ordinary BM25 score is not crowded out by a year of older
ones), and orders that pool by

    bm25 * 0.5 ** (age_in_days / HALF_LIFE_DAYS)

then by article id, highest first. The limitation: an article in neither pool (more than RERANK_POOL
better BM25 matches both in the whole range and in the recent slice) never reaches the top, however
recent it is. Pages past the pool widen it, in steps of RERANK_POOL. Because the decay is exponential,
the order depends only on publication times, not on the moment of the query, so paging is stable.

Newest first needs no pool: one u64 fast field holds the publication second above the article id
(``schema.rank_key``), so "published_at desc, then id desc" is one Tantivy sort. Publication times
are compared to the second, the precision of Tantivy's date fields.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import tantivy
from tantivy import FieldType, Occur
from tantivy import Query as TQ

from kabar.search import reader as reader_module
from kabar.search import schema as s
from kabar.search.query import TITLE, Or, Phrase, Query, Term
from kabar.search.reader import (  # noqa: F401 - the engine's public names
    IndexUnavailable,
    LruCache,
    Reader,
    forget_readers,
)

TITLE_BOOST = 3.0
HALF_LIFE_DAYS = 30.0  # the recency decay of the relevance sort (a module constant, not a setting)
RERANK_POOL = 300
RECENT_DAYS = 30
SORTS = ("relevance", "newest")
MAX_FACET_SOURCES = 10_000  # above the number of sources, so the terms aggregation is exact
SEARCH_THREADS = 2  # per process: the parts of one search that run side by side
_ID_MASK = (1 << s.ID_BITS) - 1
_DECAY_PER_SECOND = math.log(2) / (HALF_LIFE_DAYS * 86400)
_executor: ThreadPoolExecutor | None = None
_executor_pid = 0
_executor_lock = threading.Lock()


# --- AST -> Tantivy ------------------------------------------------------------------------------


def _fields(field: str | None) -> tuple[str, ...]:
    return (s.TITLE,) if field == TITLE else (s.TITLE, s.BODY)


def _boosted(field: str, query: TQ) -> TQ:
    return TQ.boost_query(query, TITLE_BOOST) if field == s.TITLE else query


def _any(queries: Sequence[TQ]) -> TQ:
    return queries[0] if len(queries) == 1 else TQ.boolean_query([(Occur.Should, q) for q in queries])


def _all(queries: Sequence[TQ]) -> TQ:
    return queries[0] if len(queries) == 1 else TQ.boolean_query([(Occur.Must, q) for q in queries])


def _term(field: str, text: str) -> TQ:
    return TQ.term_query(s.SCHEMA, field, text, index_option="freq")


def _phrase_in(field: str, stems: list[str]) -> TQ:
    """A phrase in one field. Its pairs of common words are single terms (exact for two consecutive
    words); a two-word phrase of common words is just its pair, anything else also needs the
    positional phrase, which the pairs (if any) narrow down first."""
    pairs = dict.fromkeys(
        s.pair_term(a, b) for a, b in zip(stems, stems[1:], strict=False) if a in s.COMMON and b in s.COMMON
    )
    parts = [_term(s.PAIRS[field], pair) for pair in pairs]
    if len(stems) > 2 or not pairs:
        parts.append(TQ.phrase_query(s.SCHEMA, field, stems))
    return _all(parts)


def leaf_query(leaf: Term | Phrase) -> TQ:
    if isinstance(leaf, Term):
        text = s.stem(leaf.text)
        return _any([_boosted(f, _term(f, text)) for f in _fields(leaf.field)])
    stems = s.stems(leaf.words)
    return _any([_boosted(f, _phrase_in(f, stems)) for f in _fields(leaf.field)])


def clause_query(clause: Term | Phrase | Or) -> TQ:
    if isinstance(clause, Or):
        return _any([leaf_query(item) for item in clause.items])
    return leaf_query(clause)


def _filter(query: TQ) -> TQ:
    """Filters score zero: the decay multiplies the score, so a constant added by a filter would
    change the order."""
    return TQ.const_score_query(query, 0.0)


@dataclass(frozen=True)
class Filters:
    lower: datetime  # inclusive: the start of the window, or a later since
    upper: datetime | None = None  # exclusive
    source_ids: frozenset[int] | None = None  # None: any source

    def queries(self, *, need_lower: bool = True) -> list[TQ]:
        parts = []
        upper = s.to_utc(self.upper) if self.upper is not None else None
        lower = s.to_utc(self.lower) if need_lower else None
        if lower is not None or upper is not None:
            dates = TQ.range_query(
                s.SCHEMA, s.PUBLISHED, FieldType.Date, lower, upper, include_upper=upper is None
            )
            parts.append(_filter(dates))
        if self.source_ids is not None:
            ids = sorted(self.source_ids)
            parts.append(_filter(TQ.term_set_query(s.SCHEMA, s.SOURCE, ids) if ids else TQ.empty_query()))
        return parts


def build_query(q: Query, filters: Filters, *, need_lower: bool = True) -> TQ:
    """The whole search: every must clause, no exclusion, every filter. ``need_lower=False`` leaves
    out the window's start when the index is known to hold nothing older (a range filter over every
    document costs more than the words themselves)."""
    subqueries = [(Occur.Must, clause_query(c)) for c in q.must]
    subqueries += [(Occur.Must, f) for f in filters.queries(need_lower=need_lower)]
    if not subqueries:
        subqueries.append((Occur.Must, TQ.all_query()))
    subqueries += [(Occur.MustNot, leaf_query(x)) for x in q.exclude]
    return TQ.boolean_query(subqueries)


# --- Running a search ----------------------------------------------------------------------------


@dataclass
class Matches:
    total: int
    ids: list[int]  # the requested page, in order
    source_counts: dict[int, int] = field(default_factory=dict)  # source id -> matches (all pages)
    day_counts: list[tuple[date, int]] = field(default_factory=list)  # matches per local day, all pages


def search(
    reader: Reader,
    q: Query,
    filters: Filters,
    *,
    sort: str,
    offset: int,
    limit: int,
    days: Sequence[date] = (),
    tz=UTC,
    recent_from: datetime | None = None,
) -> Matches:
    """One search of the current index. ``days`` are the local days (in ``tz``) of the timeline;
    ``recent_from`` starts the recent slice of the relevance pool (default: RECENT_DAYS before the
    upper bound or now; callers pass a whole day so that cached pools stay valid all day)."""
    searcher, oldest, version = reader.snapshot()
    cache = reader.cache
    need_lower = oldest is None or oldest < s.to_utc(filters.lower).timestamp()
    query = build_query(q, filters, need_lower=need_lower)
    key = (version, q.must, q.exclude, filters)
    agg_key = ("agg", key, tuple(days), str(tz))
    agg = cache.get(agg_key)
    # Tantivy lets go of the GIL while it searches: the aggregation runs on another thread while
    # this one ranks, so a request that needs both takes about as long as the longer of the two.
    pending = _background(_aggregate, searcher, query, days, tz) if agg is None else None
    if sort == "relevance" and q.must:
        if recent_from is None:
            recent_from = (filters.upper or datetime.now(UTC)) - timedelta(days=RECENT_DAYS)
        pool = -(-(offset + limit) // RERANK_POOL) * RERANK_POOL
        ranked_key = ("ranked", key, pool, s.to_utc(recent_from))
        order = cache.get(ranked_key)
        if order is None:
            order = cache.put(ranked_key, _ranked(searcher, query, pool, recent_from))
        ids = order[offset : offset + limit]
    else:
        ids = _newest(searcher, query, offset=offset, limit=limit)
    if pending is not None:
        agg = cache.put(agg_key, pending.result())
    total, sources, day_counts = agg
    return Matches(total=total, ids=ids, source_counts=sources, day_counts=day_counts)


def _background(function, *args) -> Future:
    """Run ``function(*args)`` on this process's search threads (made again after a fork)."""
    global _executor, _executor_pid
    with _executor_lock:
        if _executor is None or _executor_pid != os.getpid():
            _executor = ThreadPoolExecutor(max_workers=SEARCH_THREADS, thread_name_prefix="kabar-search")
            _executor_pid = os.getpid()
        return _executor.submit(function, *args)


def _aggregate(searcher: tantivy.Searcher, query: TQ, days: Sequence[date], tz) -> tuple:
    """The total, matches per source and matches per day over the whole match set, in one pass."""
    aggs: dict = {"sources": {"terms": {"field": s.SOURCE, "size": MAX_FACET_SOURCES}}}
    starts = [datetime.combine(d, datetime.min.time(), tzinfo=tz) for d in days]
    if days:
        starts.append(datetime.combine(days[-1] + timedelta(days=1), datetime.min.time(), tzinfo=tz))
    offsets = {start.utcoffset() for start in starts}
    if len(offsets) == 1:
        # One UTC offset over the whole range (no DST change): a day histogram shifted by it.
        shift = -int(offsets.pop().total_seconds() // 60)
        aggs["days"] = {
            "date_histogram": {"field": s.PUBLISHED, "fixed_interval": "1d", "offset": f"{shift}m"}
        }
    elif days:
        # Days of unequal length: explicit ranges, slower but exact.
        ns = [int(start.timestamp()) * 1_000_000_000 for start in starts]
        ranges = [{"from": a, "to": b} for a, b in zip(ns, ns[1:], strict=False)]
        aggs["days"] = {"range": {"field": s.PUBLISHED, "ranges": ranges}}
    result = searcher.aggregate(query, aggs)
    terms = result["sources"]
    sources = {int(b["key"]): int(b["doc_count"]) for b in terms["buckets"]}
    total = sum(sources.values()) + int(terms.get("sum_other_doc_count", 0))
    per_day: dict[date, int] = {}
    for bucket in result.get("days", {}).get("buckets", []):
        if "from" in bucket and "to" not in bucket or "to" in bucket and "from" not in bucket:
            continue  # the open-ended buckets Tantivy adds around explicit ranges
        start_ms = bucket["from"] / 1_000_000 if "from" in bucket else bucket["key"]
        day = datetime.fromtimestamp(start_ms / 1000, tz).date()
        per_day[day] = per_day.get(day, 0) + int(bucket["doc_count"])
    return total, sources, [(d, per_day.get(d, 0)) for d in days]


def _newest(searcher: tantivy.Searcher, query: TQ, *, offset: int, limit: int) -> list[int]:
    if limit <= 0:
        return []
    hits = searcher.search(query, limit, count=False, order_by_field=s.RANK, offset=offset).hits
    return [key & _ID_MASK for key, _ in hits]


def _ranked(searcher: tantivy.Searcher, query: TQ, pool: int, recent_from: datetime) -> list[int]:
    """The relevance order of the best ``pool`` matches overall and since ``recent_from`` (see the
    module docstring), as article ids."""
    recent = TQ.range_query(s.SCHEMA, s.PUBLISHED, FieldType.Date, s.to_utc(recent_from), None)
    log, decay, mask = math.log, _DECAY_PER_SECOND, _ID_MASK
    best: dict[int, float] = {}
    # The recent slice is searched on another thread meanwhile; it is not needed (and costs little)
    # when the first pool holds every match.
    recent_hits = _background(
        _top, searcher, TQ.boolean_query([(Occur.Must, query), (Occur.Must, _filter(recent))]), pool
    )
    for n in range(2):
        hits = _top(searcher, query, pool) if n == 0 else recent_hits.result()
        if n == 1 and len(best) < pool:
            break  # the first pool already holds every match
        keys = searcher.fast_field_values(s.RANK, [address for _, address in hits]) if hits else []
        # log(bm25 * decay) up to a constant: the decay's reference time cancels out.
        best.update(
            (key & mask, (log(score) if score > 0 else -1e300) + decay * (key >> s.ID_BITS))
            for (score, _), key in zip(hits, keys, strict=True)
        )
    # Highest value first, then highest id: sorting (value, id) pairs in reverse does both.
    return [article_id for _, article_id in sorted(((v, i) for i, v in best.items()), reverse=True)]


def _top(searcher: tantivy.Searcher, query: TQ, limit: int) -> list:
    return searcher.search(query, limit, count=False).hits


def all_ids(reader: Reader, q: Query, filters: Filters) -> list[int]:
    """Every match, newest first: for tests and tools, not for requests."""
    searcher = reader.searcher()
    query = build_query(q, filters)
    total = searcher.search(query, 1, count=True).count
    return _newest(searcher, query, offset=0, limit=total)


def doc_share(reader: Reader, word: str) -> float:
    """About how much of the index contains ``word`` (a tokenize() word), from term statistics."""
    searcher = reader.searcher()
    if not searcher.num_docs:
        return 0.0
    text = s.stem(word)
    found = max(searcher.doc_freq(s.TITLE, text), searcher.doc_freq(s.BODY, text))
    return found / searcher.num_docs


# After the functions above, whose parameter of that name it would shadow.
reader = reader_module.reader
