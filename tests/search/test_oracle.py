"""The oracle (issue 4 §6): hypothesis makes a small random corpus and random queries over the whole
grammar; a brute-force evaluator here computes which articles must match, and the engine's full
result set must be exactly that set. Covers AND, phrases, exclusions, OR, source:, intitle:, the
window and the since/until filters.

The corpus uses a tiny vocabulary (stopwords and shared words included) so that phrases, OR and
exclusions actually hit. Words are compared the way the analyser sees them: the evaluator splits
with query.tokenize and stems with the analyser's own stemmer, then checks the query's meaning
(which words, in which field, in which order) by brute force.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import tantivy
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kabar.search import engine
from kabar.search import schema as s
from kabar.search.query import TITLE, Or, Phrase, Query, Term, parse, tokenize

NOW = datetime(2025, 6, 15, 9, 30, tzinfo=UTC)
SOURCES = {"mainichi": 1, "kyodo": 2, "nhk-world": 3}
# Few words, so that pairs and triples of them recur: a three-word phrase then often has both its
# pairs in an article without the three words in a row, which only the positional check rejects.
WORDS = ["tokyo", "rice", "bank", "minister", "ministers", "the", "of"]
QUERY_WORDS = [*WORDS, "TOKYO", "Ōsaka", "banks", "yen", "a"]
# Days the date filters and the articles share, so that the edges of since/until get hit: the last
# few days, and around the first day of the window (365 days back).
DAYS_AGO = [0, 1, 2, 3, 5, 364, 365, 366, 400]


@dataclass(frozen=True)
class Doc:
    id: int
    title: str
    body: str
    source: str
    published_at: datetime


def texts(min_size: int, max_size: int):
    return st.lists(st.sampled_from(WORDS), min_size=min_size, max_size=max_size).map(" ".join)


def moments():
    # Around both edges of the window and of the date filters, to the second.
    start = s.window_start(NOW)
    today = timezone.localdate(NOW)
    return st.one_of(
        st.integers(-3 * 86400, 3 * 86400).map(lambda sec: start + timedelta(seconds=sec)),
        st.integers(0, 400 * 86400).map(lambda sec: NOW - timedelta(seconds=sec)),
        # A local midnight, or a second either side: where since and until cut.
        st.tuples(st.sampled_from(DAYS_AGO), st.sampled_from([-1, 0, 1])).map(
            lambda nd: day_start(today - timedelta(days=nd[0])) + timedelta(seconds=nd[1])
        ),
    )


@st.composite
def corpora(draw):
    ids = draw(st.lists(st.integers(1, 10**6), min_size=1, max_size=25, unique=True))
    docs = []
    for article_id in ids:
        docs.append(
            Doc(
                id=article_id,
                title=draw(texts(1, 4)).capitalize(),
                body=draw(texts(0, 20)),
                source=draw(st.sampled_from(sorted(SOURCES))),
                published_at=draw(moments()).replace(microsecond=0),
            )
        )
    return docs


word = st.sampled_from(QUERY_WORDS)
phrase = st.lists(st.sampled_from(WORDS), min_size=2, max_size=3).map(lambda ws: '"' + " ".join(ws) + '"')
operand = st.one_of(word, phrase, st.builds(lambda w: "intitle:" + w, st.one_of(word, phrase)))
clause = st.one_of(
    operand,
    operand,
    st.builds(lambda w: "-" + w, st.one_of(word, phrase)),
    st.lists(operand, min_size=2, max_size=3).map(" OR ".join),
    st.sampled_from(["source:mainichi", "source:kyodo", "source:nowhere"]),
)
queries = st.lists(clause, min_size=1, max_size=4).map(" ".join)
days = st.one_of(
    st.none(),
    st.sampled_from(DAYS_AGO).map(lambda n: timezone.localdate(NOW) - timedelta(days=n)),
    st.integers(0, 400).map(lambda n: timezone.localdate(NOW) - timedelta(days=n)),
)


def analysed(text: str) -> list[str]:
    return s.stems(tokenize(text))


def contains(haystack: list[str], needle: list[str]) -> bool:
    return any(haystack[i : i + len(needle)] == needle for i in range(len(haystack) - len(needle) + 1))


def leaf_matches(doc: Doc, leaf: Term | Phrase) -> bool:
    fields = [doc.title] if leaf.field == TITLE else [doc.title, doc.body]
    needle = analysed(leaf.text) if isinstance(leaf, Term) else s.stems(leaf.words)
    return any(contains(analysed(text), needle) for text in fields)


def expected(docs: list[Doc], q: Query, lower: datetime, upper: datetime | None) -> set[int]:
    result = set()
    for doc in docs:
        if not lower <= doc.published_at or upper is not None and not doc.published_at < upper:
            continue
        if q.sources and doc.source not in q.sources:
            continue
        ok = all(
            any(leaf_matches(doc, leaf) for leaf in clause.items)
            if isinstance(clause, Or)
            else leaf_matches(doc, clause)
            for clause in q.must
        )
        if ok and not any(leaf_matches(doc, leaf) for leaf in q.exclude):
            result.add(doc.id)
    return result


class MemoryReader(engine.Reader):
    """The engine's reader over an index held in memory (no disk: fast examples)."""

    def __init__(self, index: tantivy.Index) -> None:
        super().__init__(Path("/nonexistent"))
        self._index = index
        self._searcher = index.searcher()

    def _refresh(self) -> None:
        pass


def build(docs: list[Doc]) -> engine.Reader:
    index = tantivy.Index(s.SCHEMA)
    s.register_tokenizers(index)
    writer = index.writer(15_000_000, 1)
    for doc in docs:
        writer.add_document(
            s.document(
                article_id=doc.id,
                source_id=SOURCES[doc.source],
                published_at=doc.published_at,
                title=doc.title,
                body=doc.body,
            )
        )
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return MemoryReader(index)


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(docs=corpora(), searches=st.lists(st.tuples(queries, days, days), min_size=1, max_size=8))
def test_engine_matches_brute_force(docs, searches):
    reader = build(docs)
    window = s.window_start(NOW)
    if True:
        for text, since, until in searches:
            q = parse(text)
            lower = max(window, day_start(since)) if since else window
            upper = day_start(until + timedelta(days=1)) if until else None
            ids = frozenset(SOURCES[slug] for slug in q.sources if slug in SOURCES) if q.sources else None
            filters = engine.Filters(lower=lower, upper=upper, source_ids=ids)
            want = expected(docs, q, lower, upper)
            context = f"query {text!r} -> {q}, since {since}, until {until}"

            got = engine.all_ids(reader, q, filters)
            assert len(got) == len(set(got)), context
            assert set(got) == want, context

            # The paths requests take: total and both sorts, over every page at once.
            for sort in ("relevance", "newest"):
                page = engine.search(reader, q, filters, sort=sort, offset=0, limit=100)
                assert page.total == len(want), context
                assert set(page.ids) == want, context
                assert sum(page.source_counts.values()) == len(want), context
            newest = engine.search(reader, q, filters, sort="newest", offset=0, limit=100).ids
            order = {doc.id: (doc.published_at, doc.id) for doc in docs}
            assert newest == sorted(newest, key=lambda i: order[i], reverse=True), context
