"""The search bench's own code at a tiny size: the synthetic corpus, the FTS5 baseline, the report."""

from __future__ import annotations

import math
import random
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kabar.articles.importing import parse_line
from kabar.search.query import parse, tokenize

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402
import fts5_baseline  # noqa: E402
import report  # noqa: E402
from timing import Latency, sample  # noqa: E402

ANCHOR = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
SIZE = 1500


@pytest.fixture(scope="module")
def docs() -> list[dict]:
    return list(corpus.articles(SIZE, anchor=ANCHOR))


def test_same_seed_same_corpus_other_seed_other_corpus(docs):
    assert list(corpus.articles(50, anchor=ANCHOR)) == docs[:50]
    assert list(corpus.articles(50, anchor=ANCHOR, seed=corpus.SEED + 7)) != docs[:50]


def test_lines_are_valid_import_lines_with_realistic_shapes(docs, tmp_path):
    path = tmp_path / "corpus.jsonl"
    corpus.write_jsonl(path, 200, anchor=ANCHOR)
    lines = path.read_bytes().splitlines()
    assert len(lines) == 200
    parsed = [parse_line(line) for line in lines]  # raises on anything `kabar import` would reject
    assert len({p.url for p in parsed}) == 200
    for item in docs:
        assert 6 <= len(item["title"].split()) <= 14
        assert 150 <= len(item["body"].split()) <= 900
        published = datetime.fromisoformat(item["published_at"])
        assert ANCHOR - timedelta(days=corpus.SPAN_DAYS) <= published < ANCHOR
    assert {d["source"] for d in docs} == set(corpus.SOURCES)
    assert sum("\n\n" in d["body"] for d in docs) > SIZE * 0.95  # bodies come in paragraphs


def test_planted_common_words_and_phrase(docs):
    bodies = [tokenize(d["body"]) for d in docs]
    assert all(corpus.JAPAN in words for words in bodies)
    share = sum(corpus.PAIR_WORD in words for words in bodies) / SIZE
    assert 0.78 <= share <= 0.88
    phrase = sum(any(pair == corpus.COMMON_PHRASE for pair in zip(w, w[1:], strict=False)) for w in bodies)
    assert 0.12 <= phrase / SIZE <= 0.35


def test_japan_is_never_overwritten_by_the_other_planted_words():
    rng = random.Random(0)
    for _ in range(5000):
        words = ["x"] * 20
        corpus._plant(rng, words, 8)
        assert corpus.JAPAN in words[:8]


def test_word_frequencies_follow_zipf(docs):
    counts = Counter(word for d in docs for word in tokenize(d["body"]))
    vocabulary = corpus.vocabulary()
    # Planted words are off the curve; the ranks between 10 and 3000 must fit r ** -ZIPF_S.
    ranks = [
        r for r in (10, 20, 50, 100, 200, 500, 1000, 3000) if vocabulary[r - 1] not in ("prime", "minister")
    ]
    xs = [math.log(r) for r in ranks]
    ys = [math.log(counts[vocabulary[r - 1]] + 1) for r in ranks]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    assert -1.25 < slope < -0.85
    assert counts["the"] > counts[corpus.word_at_rank(100)] > counts[corpus.word_at_rank(20_000)]


def test_fts5_expression_from_the_ast():
    expression = fts5_baseline.match_expression
    assert expression(parse("japan economy")) == '"japan" AND "economy"'
    assert expression(parse('"prime minister" -tokyo -"north korea"')) == (
        '(("prime minister") NOT ("tokyo")) NOT ("north korea")'
    )
    assert expression(parse("typhoon OR earthquake intitle:sakura")) == (
        '("typhoon" OR "earthquake") AND title : "sakura"'
    )
    assert expression(parse("-japan")) is None


def test_fts5_baseline_on_a_small_corpus(tmp_path):
    jsonl = tmp_path / "corpus.jsonl"
    corpus.write_jsonl(jsonl, 300, anchor=ANCHOR)
    db = tmp_path / "fts5.sqlite3"
    built = fts5_baseline.build(jsonl, db, log=lambda _: None)
    assert built["size_mb"] > 0
    engine = fts5_baseline.Fts5(db)
    try:
        assert len(engine.search(parse("japan"))) == fts5_baseline.TOP
        assert engine.search(parse("economy -japan")) == []
        assert engine.search(parse("-japan")) is None
        only_kyodo = engine.search(parse("japan"), sources=["kyodo"])
        rows = dict(engine.connection.execute("SELECT rowid, source FROM t").fetchall())
        assert only_kyodo and {rows[r] for r in only_kyodo} == {"kyodo"}
        since = ANCHOR - timedelta(days=30)
        recent = engine.search(parse("japan"), since=since)
        stamps = dict(engine.connection.execute("SELECT rowid, published FROM t").fetchall())
        assert recent and all(stamps[r] >= since.timestamp() for r in recent)
    finally:
        engine.close()


def test_report_replaces_its_section_and_keeps_the_others(tmp_path):
    doc = tmp_path / "benchmarks.md"
    report.write_section("search", "## Search\n\nsearch-1", doc)
    report.write_section("views", "## Views\n\nviews-1", doc)
    report.write_section("search", "## Search\n\nsearch-2", doc)
    report.write_section(report.MACHINE, "## Machine\n\nmachine-1", doc)
    text = doc.read_text()
    assert "search-1" not in text
    assert text.index("machine-1") < text.index("search-2") < text.index("views-1")
    assert report.last_table("noise\n\n## T\n| a | b |\n|---|---|\n| 1 | 2 |\nbye\n").startswith("## T\n| a")


def test_latency_percentiles_and_bounded_sampling():
    latency = Latency.of([i / 1000 for i in range(1, 101)])
    assert (latency.samples, round(latency.p50, 4), round(latency.p95, 4)) == (100, 0.0505, 0.0951)
    calls = []
    timed = sample(
        lambda x: calls.append(x) or x.upper(), ["a", "b", "c", "d"], warmup=2, reps=6, budget_s=60
    )
    assert calls == ["d", "c", "a", "b", "c", "d", "a", "b"]
    assert [result for _, result in timed] == ["A", "B", "C", "D", "A", "B"]
